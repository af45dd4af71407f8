package runfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Every file a run writes (report, summary, lock files, removed list, tenant profile, mapping
// draft, convert's import files) is made here, one way: a new file is created with O_EXCL and
// mode 0600, never through a symbolic link; an existing one is opened without following a link
// and only when it is a regular file; a file that replaces another is written beside it, synced,
// then renamed over it, so that its name never holds half a file. A link planted at a path never
// redirects a write, and a new file never inherits the mode, owner or links of an old one.

// ErrSymlink and ErrNotRegular refuse a path that is not a plain file.
var (
	ErrSymlink    = errors.New("is a symbolic link; contactimport does not write through links: name the file itself or choose another path")
	ErrNotRegular = errors.New("is not a regular file")
)

// CheckPlain returns nil when nothing is at path or a regular file is; a symbolic link or
// anything else (a directory, a device, a pipe) is refused. It does not follow links.
func CheckPlain(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return ErrSymlink
	case !fi.Mode().IsRegular():
		return ErrNotRegular
	}
	return nil
}

// openPlain opens the existing regular file at path for reading and writing, without following
// a symbolic link.
func openPlain(path string) (*os.File, error) {
	if err := CheckPlain(path); err != nil {
		return nil, err
	}
	f, err := openNoFollow(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = ErrNotRegular
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Create creates a new regular file at path with mode 0600 and opens it for reading and
// writing. It fails, with an error wrapping fs.ErrExist, when anything, a dangling link
// included, is already at path.
func Create(path string) (*os.File, error) {
	return createExcl(path)
}

// removeStale removes what is at path, a link itself rather than its target, and is content
// when nothing is there. It is for files only this tool writes, such as <report>.json.tmp.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("remove %s: %w", path, ErrNotRegular)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Replace writes a file at path with write, atomically: into <path>.tmp (a stale one removed
// first, a link itself and never its target), created fresh with mode 0600, synced, then
// renamed over path, which replaces a link there rather than writing through it. A directory
// at path is refused. On error nothing is left at <path>.tmp and path is as it was.
func Replace(path string, write func(io.Writer) error) error {
	return replace(path, 0, write)
}

// Publish is Replace for a file meant for every user of the machine, such as a man page: the
// same way, but the file is readable by all (mode 0644) before it takes the name.
func Publish(path string, write func(io.Writer) error) error {
	return replace(path, 0o644, write)
}

// replace is Replace, with the file's mode set to mode before the rename when mode is not 0.
func replace(path string, mode os.FileMode, write func(io.Writer) error) error {
	if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
		return errors.New("it is a directory; name a file")
	}
	tmp := path + ".tmp"
	if err := removeStale(tmp); err != nil {
		return err
	}
	f, err := Create(tmp)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil && mode != 0 {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// WriteFile writes data to a new file at path, created with mode 0600 and synced; with replace,
// a regular file already there is replaced (atomically, see Replace), a link at path replaced
// rather than followed. Without replace, a file already at path gives an error wrapping
// fs.ErrExist and is left alone; anything but a regular file or a link is refused.
func WriteFile(path string, data []byte, replace bool) error {
	write := func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
		return fmt.Errorf("%s %w", path, ErrNotRegular)
	}
	if replace {
		return Replace(path, write)
	}
	f, err := Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// Page is one file PublishInto writes: its name in the folder, and its text.
type Page struct{ Name, Text string }

// PublishInto writes each page into dir the way Publish writes one file, creating dir and its
// parents first when missing (0755: what it holds is for every user of the machine). It stops at
// the first page it cannot write, naming its path.
func PublishInto(dir string, pages []Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range pages {
		path := filepath.Join(dir, p.Name)
		if err := Publish(path, func(w io.Writer) error { _, err := io.WriteString(w, p.Text); return err }); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}
