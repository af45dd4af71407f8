//go:build unix

package source

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOpenInputRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "list.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct{ path, what string }{
		{"/dev/zero", "a character device"},
		{fifo, "a named pipe (FIFO)"},
		{sock, "a socket"},
		{dir, "a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			in, err := OpenInput(context.Background(), tt.path)
			if err == nil {
				in.Close()
				t.Fatalf("OpenInput(%s) accepted %s", tt.path, tt.what)
			}
			want := "open input " + tt.path + ": it is " + tt.what + ", not a regular file"
			if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "save the data to a file") {
				t.Errorf("error = %q, want it to start %q and say to save the data to a file", err, want)
			}
		})
	}
}

// TestFingerprintHonoursContext: a cancelled context stops the fingerprint of a large input at
// once rather than after the whole file.
func TestFingerprintHonoursContext(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil { // sparse: 4 GiB that take no disk
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = OpenInput(ctx, big)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("OpenInput with a cancelled context = %v, want context.Canceled", err)
	}
	if want := "fingerprint input " + big + ": stopped after 0 of 4294967296 bytes"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to say %q", err, want)
	}
}

func TestInputChangedWhileRead(t *testing.T) {
	const orig = "email,name\nann@example.org,Ann\nbo@example.org,Bo\n"
	tests := []struct{ name, rewrite, how string }{
		{"Shorter", "email,name\nann@example.org,Ann\n", "it ended after"},
		{"SameSize", strings.Replace(orig, "Ann", "Eve", 1), "no longer matches the SHA-256"},
		{"Longer", orig + "cy@example.org,Cy\n", "now longer than the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "people.csv")
			if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
				t.Fatal(err)
			}
			in, err := OpenInput(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			if err := os.WriteFile(path, []byte(tt.rewrite), 0o600); err != nil { // in place: same inode
				t.Fatal(err)
			}
			_, err = io.ReadAll(in.Stream())
			if !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), tt.how) ||
				!strings.Contains(err.Error(), "start a new run once the file is complete") {
				t.Errorf("reading a file rewritten in place: %v; want ErrChanged saying %q and what to do", err, tt.how)
			}
		})
	}

	t.Run("Unchanged", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "people.csv")
		if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
			t.Fatal(err)
		}
		in, err := OpenInput(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		if got, err := io.ReadAll(in.Stream()); err != nil || string(got) != orig {
			t.Errorf("ReadAll = %q, %v; want the file", got, err)
		}
	})
}
