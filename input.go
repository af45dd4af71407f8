package main

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

	"contactimport/importer/source"
)

// input is the opened input file, its fingerprint, and the reader that streams it.
type input struct {
	f    *os.File
	size int64
	sha  string
	// lines counts the line ends seen while fingerprinting, for the duration estimate.
	lines lineCounter
	// stream reads f from the start and checks at its end that what it read is what was
	// fingerprinted: a file rewritten during the run gives an error instead of io.EOF.
	stream io.Reader
}

// errInputChanged is the cause when the input differs at its end from its fingerprint.
var errInputChanged = errors.New("changed while it was read")

// hashChunk is how much is hashed between checks of the context.
const hashChunk = 1 << 20

// openInput opens path, refuses anything but a regular file (a device, a pipe, a socket or a
// directory cannot be read twice, and /dev/zero never ends), and fingerprints it (SHA-256 of
// the content as on disk, compressed or not) a chunk at a time, so that a cancelled ctx stops
// a long hash promptly. A gzip file is also decompressed to its end, to refuse a damaged one.
func openInput(ctx context.Context, path string) (*input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	if err := regularFile(path, fi); err != nil {
		return nil, err
	}
	// Opened without waiting for a writer: a file replaced by a named pipe since the look
	// above is refused too, not waited on.
	f, err := source.OpenFile(path, source.KindInput)
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

func fingerprint(ctx context.Context, f *os.File, path string) (*input, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	if err := regularFile(path, fi); err != nil { // replaced since the first look
		return nil, err
	}
	h := sha256.New()
	var lines lineCounter
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
	if err := source.CheckGzip(ctx, f, path); err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	in := &input{f: f, size: n, sha: hex.EncodeToString(h.Sum(nil)), lines: lines}
	in.stream = &verifyingReader{r: f, path: path, h: sha256.New(), want: in}
	return in, nil
}

// regularFile refuses what is not a regular file, naming what it is.
func regularFile(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	what := source.ModeName(fi.Mode())
	return fmt.Errorf("open input %s: it is %s, not a regular file: the input is read twice (a fingerprint first, then the rows), "+
		"so save the data to a file and import that file", path, what)
}

// verifyingReader hashes and counts what it streams. At the end of the file, or as soon as it
// has read more than the fingerprinted size, it compares with the fingerprint and returns an
// error wrapping errInputChanged when they differ.
type verifyingReader struct {
	r    io.Reader
	path string
	h    hash.Hash
	n    int64
	want *input
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
	case v.n > v.want.size:
		v.err = v.changed(fmt.Sprintf("it is now longer than the %d bytes fingerprinted at the start", v.want.size))
	case err == io.EOF && v.n < v.want.size:
		v.err = v.changed(fmt.Sprintf("it ended after %d of the %d bytes fingerprinted at the start", v.n, v.want.size))
	case err == io.EOF && hex.EncodeToString(v.h.Sum(nil)) != v.want.sha:
		v.err = v.changed("its content no longer matches the SHA-256 fingerprinted at the start")
	}
	if v.err != nil {
		return n, v.err
	}
	return n, err
}

func (v *verifyingReader) changed(how string) error {
	return fmt.Errorf("the file %w (rewritten in place?): %s, so the report holds rows of two versions of the file; "+
		"start a new run once the file is complete", errInputChanged, how)
}
