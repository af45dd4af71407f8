package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// Kind is what a file the tool reads is for. It decides the file's size cap and whether a pipe
// is read, and names the file in messages.
type Kind int

// The kinds of file the tool reads.
const (
	KindInput    Kind = iota // a contact list, or a report read back by retry: no size cap
	KindMapping              // a mapping file: 1 MiB
	KindProfile              // a tenant profile written by doctor: 1 MiB
	KindCACert               // a PEM file of CA certificates: 1 MiB
	KindPassword             // the password file: 4 KiB; a pipe is read too, for PipeWait at most
	KindSummary              // the JSON summary beside a report: 1 MiB
)

// PipeWait bounds how long a pipe (KindPassword only: `<(pass show engage)`) is waited for.
const PipeWait = 30 * time.Second

// String names the kind in messages.
func (k Kind) String() string {
	switch k {
	case KindMapping:
		return "mapping file"
	case KindProfile:
		return "tenant profile"
	case KindCACert:
		return "CA certificate file"
	case KindPassword:
		return "password file"
	case KindSummary:
		return "run summary"
	}
	return "input"
}

// Max is the most bytes a file of the kind may hold; 0 means no cap.
func (k Kind) Max() int64 {
	switch k {
	case KindMapping, KindProfile, KindCACert, KindSummary:
		return 1 << 20
	case KindPassword:
		return 4 << 10
	}
	return 0
}

// Causes of a *FileError, for errors.Is.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("larger than such a file can be")
)

// FileError is a file the tool refuses to read: what it is for, where, and why.
type FileError struct {
	Kind Kind
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Kind.String() + " " + e.Path + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// notRegularError says what a file is instead of a regular file.
type notRegularError struct{ what string }

func (e notRegularError) Error() string {
	return "it is " + e.what + ", not a regular file"
}

func (e notRegularError) Is(target error) bool { return target == ErrNotRegular }

// tooLargeError says how large a file is against its cap.
type tooLargeError struct{ size, max int64 }

func (e tooLargeError) Error() string {
	return fmt.Sprintf("it holds %s, more than the %s such a file may hold", sizeName(e.size), sizeName(e.max))
}

func (e tooLargeError) Is(target error) bool { return target == ErrTooLarge }

// pipeWaitError is a pipe whose writer did not finish in time; it is a
// context.DeadlineExceeded.
type pipeWaitError struct{ wait time.Duration }

func (e *pipeWaitError) Error() string {
	return fmt.Sprintf("it is a pipe, and its writer did not finish within %v", e.wait)
}

func (e *pipeWaitError) Unwrap() error { return context.DeadlineExceeded }

// OpenFile opens path for reading as a file of kind k. It never blocks: the file is opened
// without waiting for a writer (a named pipe without one would block an open for ever), and
// what was opened is checked before anything is read: a directory, a device (/dev/zero,
// /dev/urandom), a socket or a named pipe is refused, and so is a regular file larger than the
// kind's cap. Only KindPassword takes a pipe; ReadFile bounds the wait for it. The caller
// closes the file. Refusals are *FileError; a file that cannot be opened gives the *PathError.
func OpenFile(path string, k Kind) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkMode(fi, k)
	}
	if err != nil {
		f.Close()
		var fe *FileError
		if errors.As(err, &fe) {
			fe.Path = path
		}
		return nil, err
	}
	return f, nil
}

func checkMode(fi fs.FileInfo, k Kind) error {
	mode := fi.Mode()
	switch {
	case mode.IsRegular():
		if limit := k.Max(); limit > 0 && fi.Size() > limit {
			return &FileError{Kind: k, Err: tooLargeError{fi.Size(), limit}}
		}
		return nil
	case mode&fs.ModeNamedPipe != 0 && k == KindPassword:
		return nil
	}
	return &FileError{Kind: k, Err: notRegularError{ModeName(mode)}}
}

// ModeName says what a file of the given mode is: "a directory", "a named pipe (FIFO)", …
func ModeName(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return "a regular file"
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a block device"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// ReadFile reads the whole of a file of kind k, opened with OpenFile, and refuses one that
// grows past the cap while it is read. A pipe (KindPassword) is read until its writer closes
// it, for PipeWait at most, or until ctx ends: a writer that never writes cannot hang the run.
func ReadFile(ctx context.Context, path string, k Kind) ([]byte, error) {
	f, err := OpenFile(path, k)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	wait := PipeWait
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		deadline := time.Now().Add(PipeWait)
		if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
			deadline, wait = d, time.Until(d).Round(time.Millisecond)
		}
		if err := f.SetReadDeadline(deadline); err != nil {
			return nil, &FileError{Kind: k, Path: path, Err: fmt.Errorf("it is a pipe that cannot be read with a time limit (%v)", err)}
		}
		stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
		defer stop()
	}
	limit := k.Max()
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	data, err := io.ReadAll(r)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) && errors.Is(ctx.Err(), context.Canceled):
		return nil, ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, &FileError{Kind: k, Path: path, Err: &pipeWaitError{wait}}
	case err != nil:
		return nil, err
	case limit > 0 && int64(len(data)) > limit:
		return nil, &FileError{Kind: k, Path: path, Err: tooLargeError{int64(len(data)), limit}}
	}
	return data, nil
}

// sizeName writes a byte count the way a person reads it: 4 KiB, 1 MiB, 1.5 MiB, 300 bytes.
func sizeName(n int64) string {
	const kib, mib, gib = 1 << 10, 1 << 20, 1 << 30
	unit := func(u int64, name string) string {
		if n%u == 0 {
			return fmt.Sprintf("%d %s", n/u, name)
		}
		return fmt.Sprintf("%.1f %s", float64(n)/float64(u), name)
	}
	switch {
	case n >= gib:
		return unit(gib, "GiB")
	case n >= mib:
		return unit(mib, "MiB")
	case n >= kib:
		return unit(kib, "KiB")
	}
	return fmt.Sprintf("%d bytes", n)
}
