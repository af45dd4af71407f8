package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"contactimport/importer/source"
)

// maxPasswordFile bounds how much of ENGAGE_PASSWORD_FILE is read: a password file holds one
// line, and a path that names something endless (/dev/zero, a log) must not be read to the end.
const maxPasswordFile = 4 << 10

// readPassword takes ENGAGE_PASSWORD, else the first line of ENGAGE_PASSWORD_FILE. The file
// may be a regular file or a pipe (a shell's <(…)), read through source.ReadFile: a pipe whose
// writer does not finish within source.PipeWait, a directory, a device or a socket is refused.
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
	b, err := source.ReadFile(context.Background(), path, source.KindPassword)
	if err != nil {
		return "", passwordFileError(path, err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && runtime.GOOS != "windows" && info.Mode().Perm()&0o004 != 0 {
		log.Warn("the password file can be read by every user on this machine; restrict it with chmod 600",
			"file", path, "mode", fmt.Sprintf("%04o", info.Mode().Perm()))
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s holds binary data (NUL bytes); it must hold just the password, on its first line", path)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("ENGAGE_PASSWORD_FILE %s has an empty first line (or is a pipe that nobody wrote to); the password must be on it", path)
	}
	return line, nil
}

func passwordFileError(path string, err error) error {
	var fe *source.FileError
	info, _ := os.Stat(path)
	switch {
	case errors.As(err, &fe) && errors.Is(err, source.ErrTooLarge):
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s holds more than %d bytes; it must hold just the password, on its first line", path, maxPasswordFile)
	case errors.As(err, &fe) && info != nil && info.IsDir():
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s is a directory; name the file that holds the password", path)
	case errors.As(err, &fe) && errors.Is(err, source.ErrNotRegular):
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s is not a file (%v); name a file that holds the password on its first line", path, fe.Err)
	case errors.As(err, &fe):
		return fmt.Errorf("ENGAGE_PASSWORD_FILE %s: %v", path, fe.Err)
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
