//go:build unix

package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenFileRefusesWhatIsNotAFile: devices, directories and named pipes without a writer
// are refused at once, for every kind, with the kind, the path and what the file is.
func TestOpenFileRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	paths := []struct{ path, what string }{
		{"/dev/zero", "a character device"},
		{"/dev/urandom", "a character device"},
		{dir, "a directory"},
		{fifo, "a named pipe (FIFO)"},
	}
	for _, k := range []Kind{KindInput, KindMapping, KindProfile, KindCACert, KindSummary} {
		for _, p := range paths {
			t.Run(k.String()+" "+p.path, func(t *testing.T) {
				start := time.Now()
				_, err := ReadFile(context.Background(), p.path, k)
				if time.Since(start) > 5*time.Second {
					t.Errorf("took %v: a refusal must come at once", time.Since(start))
				}
				var fe *FileError
				if !errors.As(err, &fe) || !errors.Is(err, ErrNotRegular) {
					t.Fatalf("ReadFile = %v, want a *FileError for ErrNotRegular", err)
				}
				want := k.String() + " " + p.path + ": it is " + p.what + ", not a regular file"
				if err.Error() != want {
					t.Errorf("error %q, want %q", err, want)
				}
			})
		}
	}
}

func TestOpenFileCapsTheSize(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		kind Kind
		size int64
		ok   bool
	}{
		{KindMapping, 1 << 20, true},
		{KindMapping, 1<<20 + 1, false},
		{KindProfile, 1<<20 + 1, false},
		{KindCACert, 3 << 20, false},
		{KindSummary, 1<<20 + 1, false},
		{KindPassword, 4 << 10, true},
		{KindPassword, 4<<10 + 1, false},
		{KindInput, 3 << 20, true},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, make([]byte, tt.size), 0o600); err != nil {
			t.Fatal(err)
		}
		data, err := ReadFile(context.Background(), p, tt.kind)
		switch {
		case tt.ok && (err != nil || int64(len(data)) != tt.size):
			t.Errorf("%v of %d bytes: %d bytes, %v; want it read", tt.kind, tt.size, len(data), err)
		case !tt.ok && !errors.Is(err, ErrTooLarge):
			t.Errorf("%v of %d bytes: %v, want ErrTooLarge", tt.kind, tt.size, err)
		case !tt.ok && !strings.Contains(err.Error(), "more than the "+sizeName(tt.kind.Max())):
			t.Errorf("%v of %d bytes: %q does not name the cap", tt.kind, tt.size, err)
		}
	}
}

// TestReadFilePasswordPipe: the password file may be a pipe that a shell feeds
// (`<(pass show engage)`); one without a writer ends at once, and a writer that never writes is
// waited for only until the deadline.
func TestReadFilePasswordPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pw")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}

	start := time.Now()
	data, err := ReadFile(context.Background(), fifo, KindPassword)
	if err != nil || len(data) != 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("pipe without a writer: %q, %v after %v; want nothing at once", data, err, time.Since(start))
	}

	w := make(chan *os.File)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			close(w)
			return
		}
		w <- f
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	f, err := OpenFile(fifo, KindPassword) // lets the writer's open return
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wf := <-w
	if wf == nil {
		return
	}
	defer wf.Close()
	start = time.Now()
	_, err = ReadFile(ctx, fifo, KindPassword) // the writer is there, and writes nothing
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("silent writer: %v after %v, want the deadline", err, time.Since(start))
	}

	// A writer that writes and closes is read; the reader opened first keeps what it wrote.
	wf.Close()
	wf, err = os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	wf.WriteString("s3cret\n")
	wf.Close()
	data, err = ReadFile(context.Background(), fifo, KindPassword)
	if err != nil || string(data) != "s3cret\n" {
		t.Fatalf("pipe with a writer: %q, %v", data, err)
	}
}
