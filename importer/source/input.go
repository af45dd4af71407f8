package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
)

// Input is a list file opened to be read twice: a fingerprint first (its size and SHA-256, and
// its line ends counted on the way), then its content through Stream, which checks at its end
// that what it read is what was fingerprinted.
type Input struct {
	Path   string
	Size   int64  // bytes, as on disk
	SHA256 string // of the content as on disk, compressed or not, in hex
	f      *os.File
	lines  lineCount
	stream io.Reader
}

// ErrChanged is the cause when the input differs at its end from its fingerprint.
var ErrChanged = errors.New("changed while it was read")

// hashChunk is how much is hashed between checks of the context.
const hashChunk = 1 << 20

// OpenInput opens path, refuses anything but a regular file (a device, a pipe, a socket or a
// directory cannot be read twice, and /dev/zero never ends), and fingerprints it a chunk at a
// time, so that a cancelled ctx stops a long hash promptly (the error then wraps ctx.Err()). A
// gzip file is also decompressed to its end, to refuse a damaged one with an *InputError. The
// caller closes the Input.
func OpenInput(ctx context.Context, path string) (*Input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	if err := regularFile(path, fi); err != nil {
		return nil, err
	}
	// Opened without waiting for a writer: a file replaced by a named pipe since the look
	// above is refused too, not waited on.
	f, err := OpenFile(path, KindInput)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	in, err := fingerprint(ctx, f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return in, nil
}

func fingerprint(ctx context.Context, f *os.File, path string) (*Input, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	if err := regularFile(path, fi); err != nil { // replaced since the first look
		return nil, err
	}
	h := sha256.New()
	var lines lineCount
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("fingerprint input %s: stopped after %d of %d bytes: %w", path, n, fi.Size(), err)
		}
		m, err := io.CopyN(io.MultiWriter(h, &lines), f, hashChunk)
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read input %s: %w", path, err)
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	// A gzip file is decompressed once before use: a truncated or damaged one is refused
	// before any of its rows is sent, rather than found out after some were.
	if err := CheckGzip(ctx, f, path); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	in := &Input{Path: path, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), f: f, lines: lines}
	in.stream = &verifyingReader{r: f, h: sha256.New(), want: in}
	return in, nil
}

// regularFile refuses what is not a regular file, naming what it is.
func regularFile(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("open input %s: it is %s, not a regular file: the input is read twice (a fingerprint first, then the rows), "+
		"so save the data to a file and import that file", path, ModeName(fi.Mode()))
}

// Stream reads the file from its start. Once it has read more than the fingerprinted size, or at
// the end of the file when what it read differs from the fingerprint, it returns an error
// wrapping ErrChanged instead of io.EOF: a file rewritten during the run is not taken for a
// complete one.
func (in *Input) Stream() io.Reader { return in.stream }

// Prescan reads the file once through scan, unverified, before the verified read, and then
// rewinds it, so that Stream starts again at the beginning. It returns scan's error, or the
// error of the rewind.
func (in *Input) Prescan(scan func(io.Reader) error) error {
	if err := scan(in.f); err != nil {
		return err
	}
	_, err := in.f.Seek(0, io.SeekStart)
	return err
}

// Rows estimates the data rows from the line ends counted while fingerprinting (no second
// read); ok is false when the bytes say nothing about the rows (lineCount.rows).
func (in *Input) Rows() (rows int64, ok bool) { return in.lines.rows() }

// Close closes the file.
func (in *Input) Close() error { return in.f.Close() }

// verifyingReader hashes and counts what it streams. At the end of the file, or as soon as it
// has read more than the fingerprinted size, it compares with the fingerprint and returns an
// error wrapping ErrChanged when they differ.
type verifyingReader struct {
	r    io.Reader
	h    hash.Hash
	n    int64
	want *Input
	err  error // sticky once the change is found
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	switch {
	case v.n > v.want.Size:
		v.err = changed(fmt.Sprintf("it is now longer than the %d bytes fingerprinted at the start", v.want.Size))
	case err == io.EOF && v.n < v.want.Size:
		v.err = changed(fmt.Sprintf("it ended after %d of the %d bytes fingerprinted at the start", v.n, v.want.Size))
	case err == io.EOF && hex.EncodeToString(v.h.Sum(nil)) != v.want.SHA256:
		v.err = changed("its content no longer matches the SHA-256 fingerprinted at the start")
	}
	if v.err != nil {
		return n, v.err
	}
	return n, err
}

func changed(how string) error {
	return fmt.Errorf("the file %w (rewritten in place?): %s, so the report holds rows of two versions of the file; "+
		"start a new run once the file is complete", ErrChanged, how)
}
