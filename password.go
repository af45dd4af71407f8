package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"
)

// maxPasswordFile bounds how much of ENGAGE_PASSWORD_FILE is read: a password file holds one
// line, and a path that names something endless (/dev/zero, a log) must not be read to the end.
const maxPasswordFile = 4 << 10

// readPassword takes ENGAGE_PASSWORD, else the first line of ENGAGE_PASSWORD_FILE. The file
// may be a regular file or a pipe (a shell's <(…)); a directory, a device or a socket is refused.
// A file that every user on the machine may read is used, with a warning: refusing it would
// break Kubernetes secret volumes, whose files are 0644 by default. No message ever quotes the
// file's content.
func readPassword(getenv func(string) string, log *slog.Logger) (string, error) {
	if p := getenv("ENGAGE_PASSWORD"); p != "" {
		return p, nil
	}
	path := getenv("ENGAGE_PASSWORD_FILE")
	if path == "" {
		return "", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", passwordFileError(path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", passwordFileError(path, err)
	}
	switch mode := info.Mode(); {
	case mode.IsDir():
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s is a directory; name the file that holds the password", path)
	case !mode.IsRegular() && mode&fs.ModeNamedPipe == 0:
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s is not a file (it is a %s); name a file that holds the password on its first line", path, kindOf(mode))
	case mode.IsRegular() && runtime.GOOS != "windows" && mode.Perm()&0o004 != 0:
		log.Warn("the password file can be read by every user on this machine; restrict it with chmod 600",
			"file", path, "mode", fmt.Sprintf("%04o", mode.Perm()))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		return "", passwordFileError(path, err)
	}
	if len(b) > maxPasswordFile {
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s holds more than %d bytes; it must hold just the password, on its first line", path, maxPasswordFile)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s holds binary data (NUL bytes); it must hold just the password, on its first line", path)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s has an empty first line; the password must be on it", path)
	}
	return line, nil
}

func passwordFileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s does not exist; set it to the file that holds the password, or set ENGAGE_PASSWORD", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s cannot be read by this user (permission denied)", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is named already
	}
	return fmt.Errorf("ENGAGE_PASSWORD_FILE %s: %w", path, err)
}

// kindOf names a file mode that is neither a regular file, a directory nor a pipe.
func kindOf(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeCharDevice != 0:
		return "character device"
	case mode&fs.ModeDevice != 0:
		return "block device"
	case mode&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}
