package handoff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// PartSuffix marks a file still being uploaded. The automation reads *.csv only, so it never
// takes one; the file gets its name when it is whole.
const PartSuffix = ".part"

// chunk is what one SFTP write carries (the protocol's usual packet payload), written in order,
// one after the other, so that a cut connection leaves a prefix of the file on the server and
// never a file with a hole.
const chunk = 32 * 1024

// probe is how much of each end of a remote file is compared with the local one before the
// file is taken as uploaded already, or a partial file as the start of this one.
const probe = 64 * 1024

// Outcome is what happened to one file.
type Outcome string

// The outcomes of a file's upload.
const (
	Uploaded Outcome = "uploaded" // sent whole
	Resumed  Outcome = "resumed"  // a partial upload continued
	Present  Outcome = "present"  // the server has it already under its name
	Recorded Outcome = "recorded" // the record says an earlier run put it there whole
)

// Result is one file's upload.
type Result struct {
	Local   string
	Remote  string
	Bytes   int64
	Sent    int64 // bytes sent by this run
	Outcome Outcome
}

// Progress is called after each chunk: the file, its bytes on the server so far and its size.
type Progress func(file string, done, size int64)

// Upload puts files into the directory of t, in order, each written as <name>.part and renamed
// to <name> once whole and of the right size. A <name>.part left by an interrupted upload is
// continued when its bytes are the start of the file; a <name> already there with the same size
// and ends is taken as uploaded; a different file under the name is never replaced. A file rec
// holds as it is now is not sent again (the automation may have taken it from the server
// already); every file that reaches the server is added to rec. rec may be nil. When ctx ends,
// the connection is closed and Upload returns ctx's cause.
func Upload(ctx context.Context, s *Session, dir string, files []string, rec *Record, progress Progress) ([]Result, error) {
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	if err := s.MkdirAll(dir); err != nil {
		return nil, wrapCtx(ctx, fmt.Errorf("make %s on the server: %w", dir, err))
	}
	var out []Result
	for _, local := range files {
		if rec != nil {
			ok, err := rec.Has(local)
			if err != nil {
				return out, err
			}
			if ok {
				out = append(out, Result{Local: local, Remote: path.Join(dir, filepath.Base(local)), Bytes: rec.Files[filepath.Base(local)].Bytes, Outcome: Recorded})
				continue
			}
		}
		r, err := uploadOne(s, dir, local, progress)
		if err != nil {
			return out, wrapCtx(ctx, s.lost(err))
		}
		out = append(out, r)
		if rec != nil {
			if err := rec.Add(local); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

func wrapCtx(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", context.Cause(ctx), err)
	}
	return err
}

func uploadOne(s *Session, dir, local string, progress Progress) (Result, error) {
	f, err := os.Open(local)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Result{}, err
	}
	name := filepath.Base(local)
	r := Result{Local: local, Remote: path.Join(dir, name), Bytes: fi.Size()}
	if rfi, err := s.Stat(r.Remote); err == nil {
		same, err := sameEnds(s, r.Remote, f, fi.Size(), rfi.Size())
		if err != nil {
			return r, err
		}
		if !same {
			return r, fmt.Errorf("%s is on the server already and differs from %s: not replaced (remove it there, or upload to another directory)", r.Remote, local)
		}
		r.Outcome = Present
		return r, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return r, fmt.Errorf("look at %s on the server: %w", r.Remote, err)
	}
	part := r.Remote + PartSuffix
	offset := int64(0)
	if pfi, err := s.Stat(part); err == nil && pfi.Size() <= fi.Size() && pfi.Size() > 0 {
		ok, err := samePrefix(s, part, f, pfi.Size())
		if err != nil {
			return r, err
		}
		if ok {
			offset = pfi.Size()
		}
	}
	flags := os.O_WRONLY | os.O_CREATE
	if offset == 0 {
		flags |= os.O_TRUNC
	}
	rf, err := s.OpenFile(part, flags)
	if err != nil {
		return r, fmt.Errorf("open %s on the server: %w", part, err)
	}
	sent, err := send(rf, f, offset, fi.Size(), name, progress)
	r.Sent = sent
	if cerr := rf.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s on the server: %w", part, cerr)
	}
	if err != nil {
		return r, err
	}
	if pfi, err := s.Stat(part); err != nil || pfi.Size() != fi.Size() {
		return r, fmt.Errorf("%s on the server is not %d bytes after the upload", part, fi.Size())
	}
	if err := s.Rename(part, r.Remote); err != nil {
		return r, fmt.Errorf("rename %s to %s on the server: %w", part, r.Remote, err)
	}
	r.Outcome = Uploaded
	if offset > 0 {
		r.Outcome = Resumed
	}
	return r, nil
}

// send writes local from offset to size into rf, chunk by chunk, in order.
func send(rf io.WriterAt, local io.ReaderAt, offset, size int64, name string, progress Progress) (int64, error) {
	buf := make([]byte, chunk)
	start := offset
	for offset < size {
		n, err := local.ReadAt(buf[:min(int64(chunk), size-offset)], offset)
		if n == 0 && err != nil {
			return offset - start, err
		}
		if _, err := rf.WriteAt(buf[:n], offset); err != nil {
			return offset - start, fmt.Errorf("upload %s: %w", name, err)
		}
		offset += int64(n)
		if progress != nil {
			progress(name, offset, size)
		}
	}
	return offset - start, nil
}

// sameEnds reports whether the remote file is the local one: the same size and the same first
// and last bytes.
func sameEnds(s *Session, remote string, local io.ReaderAt, size, rsize int64) (bool, error) {
	if size != rsize {
		return false, nil
	}
	ok, err := compareAt(s, remote, local, 0, min(probe, size))
	if err != nil || !ok {
		return ok, err
	}
	from := max(size-probe, 0)
	return compareAt(s, remote, local, from, size-from)
}

// samePrefix reports whether the n bytes of the remote partial file are the start of local: its
// first and last probe bytes are compared.
func samePrefix(s *Session, remote string, local io.ReaderAt, n int64) (bool, error) {
	ok, err := compareAt(s, remote, local, 0, min(probe, n))
	if err != nil || !ok {
		return ok, err
	}
	from := max(n-probe, 0)
	return compareAt(s, remote, local, from, n-from)
}

func compareAt(s *Session, remote string, local io.ReaderAt, off, n int64) (bool, error) {
	rf, err := s.Open(remote)
	if err != nil {
		return false, fmt.Errorf("read %s on the server: %w", remote, err)
	}
	defer rf.Close()
	a, b := make([]byte, n), make([]byte, n)
	if _, err := rf.ReadAt(a, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return false, fmt.Errorf("read %s on the server: %w", remote, err)
	}
	if _, err := local.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return bytes.Equal(a, b), nil
}
