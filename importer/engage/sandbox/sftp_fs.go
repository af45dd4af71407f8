package sandbox

import (
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/pkg/sftp"
)

// rootedFS serves the sftp requests of one session from an *os.Root: no path, link or ".."
// reaches outside the files directory. Files are created 0600.
type rootedFS struct{ root *os.Root }

// rel turns an sftp path (absolute, slash-separated) into one relative to the root.
func rel(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return "."
	}
	return p
}

func (h *rootedFS) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	return h.root.Open(rel(r.Filepath))
}

// Filewrite opens a file for writing as the flags ask; without Trunc an existing file keeps its
// bytes, which is what lets a client resume an upload at an offset.
func (h *rootedFS) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	return h.open(r)
}

// OpenFile serves opens for reading and writing alike.
func (h *rootedFS) OpenFile(r *sftp.Request) (sftp.WriterAtReaderAt, error) {
	return h.open(r)
}

func (h *rootedFS) open(r *sftp.Request) (*os.File, error) {
	pf := r.Pflags()
	flags := 0
	switch {
	case pf.Read && pf.Write:
		flags = os.O_RDWR
	case pf.Write:
		flags = os.O_WRONLY
	}
	if pf.Creat {
		flags |= os.O_CREATE
	}
	if pf.Trunc {
		flags |= os.O_TRUNC
	}
	if pf.Excl {
		flags |= os.O_EXCL
	}
	return h.root.OpenFile(rel(r.Filepath), flags, 0o600)
}

func (h *rootedFS) Filecmd(r *sftp.Request) error {
	switch r.Method {
	case "Rename":
		// SFTP's plain rename refuses to replace a file (draft 02); PosixRename replaces.
		if _, err := h.root.Lstat(rel(r.Target)); err == nil {
			return os.ErrExist
		}
		return h.root.Rename(rel(r.Filepath), rel(r.Target))
	case "PosixRename":
		return h.root.Rename(rel(r.Filepath), rel(r.Target))
	case "Remove":
		return h.root.Remove(rel(r.Filepath))
	case "Rmdir":
		return h.root.Remove(rel(r.Filepath))
	case "Mkdir":
		return h.root.Mkdir(rel(r.Filepath), 0o700)
	case "Setstat":
		if r.AttrFlags().Size {
			f, err := h.root.OpenFile(rel(r.Filepath), os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(int64(r.Attributes().Size))
		}
		return nil // modes and times are the server's to choose
	}
	return sftp.ErrSSHFxOpUnsupported
}

// PosixRename replaces the target, as rename(2) does.
func (h *rootedFS) PosixRename(r *sftp.Request) error {
	return h.root.Rename(rel(r.Filepath), rel(r.Target))
}

func (h *rootedFS) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	switch r.Method {
	case "List":
		d, err := h.root.Open(rel(r.Filepath))
		if err != nil {
			return nil, err
		}
		defer d.Close()
		entries, err := d.ReadDir(-1)
		if err != nil {
			return nil, err
		}
		infos := make(listing, 0, len(entries))
		for _, e := range entries {
			if fi, err := e.Info(); err == nil {
				infos = append(infos, fi)
			}
		}
		return infos, nil
	case "Stat":
		fi, err := h.root.Stat(rel(r.Filepath))
		if err != nil {
			return nil, err
		}
		return listing{fi}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// Lstat does not follow a final link.
func (h *rootedFS) Lstat(r *sftp.Request) (sftp.ListerAt, error) {
	fi, err := h.root.Lstat(rel(r.Filepath))
	if err != nil {
		return nil, err
	}
	return listing{fi}, nil
}

type listing []fs.FileInfo

func (l listing) ListAt(out []fs.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[off:])
	if n < len(out) {
		return n, io.EOF
	}
	return n, nil
}
