package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeList writes content to a new file and returns its path.
func writeList(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInputFingerprint: the fingerprint is the file's size and the SHA-256 of its bytes, and
// the rows are estimated from the line ends counted on the way.
func TestInputFingerprint(t *testing.T) {
	const content = "Export of 2024-05-01\nemail;name\nann@example.org;Ann\nbo@example.org;Bo\n"
	in, err := OpenInput(context.Background(), writeList(t, content))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	sum := sha256.Sum256([]byte(content))
	if in.Size != int64(len(content)) || in.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("fingerprint %d bytes, %s; want %d, %x", in.Size, in.SHA256, len(content), sum)
	}
	if rows, ok := in.Rows(); rows != 3 || !ok {
		t.Errorf("Rows() = %d, %v; want 3 (four lines less the first), true", rows, ok)
	}
}

// TestInputList: the list is read from the verified stream with the options given, its errors
// name the file, and closing it closes the file.
func TestInputList(t *testing.T) {
	path := writeList(t, "Export of 2024-05-01\nemail;name\nann@example.org;Ann\n")
	in, err := OpenInput(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	l, err := in.List(Options{Delimiter: ";", SkipLines: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Header(); !slices.Equal(got, []string{"email", "name"}) {
		t.Errorf("header %q, want the line below the skipped one", got)
	}
	rec, err := l.Next()
	if err != nil || rec.Line != 3 || !slices.Equal(rec.Cells, []string{"ann@example.org", "Ann"}) {
		t.Errorf("first record %+v, %v; want line 3 with its cells", rec, err)
	}
	if _, err := l.Next(); err != io.EOF {
		t.Errorf("after the last record: %v, want io.EOF (the stream matched its fingerprint)", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Input.Close(); err == nil {
		t.Error("the file was still open after the list was closed")
	}
}

// TestInputListErrors: a list that cannot be read as one is an *InputError naming the file; a
// file that changed before its start was read is a *ReadError wrapping ErrChanged. Either way
// the file is closed.
func TestInputListErrors(t *testing.T) {
	path := writeList(t, "email,name\nann@example.org,Ann\n")
	in, err := OpenInput(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = in.List(Options{Sheet: "Contacts"})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "read "+path+": --sheet") {
		t.Errorf("--sheet on a CSV file: %v; want an *InputError naming %s", err, path)
	}
	if in.Close() == nil {
		t.Error("the file was still open after the list was refused")
	}

	if in, err = OpenInput(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("email,name\n"), 0o600); err != nil { // in place
		t.Fatal(err)
	}
	_, err = in.List(Options{})
	var re *ReadError
	if !errors.As(err, &re) || !errors.Is(err, ErrChanged) || errors.As(err, &ie) {
		t.Errorf("a file cut short before it was read: %v (%T); want a *ReadError wrapping ErrChanged", err, err)
	}
	if in.Close() == nil {
		t.Error("the file was still open after the list failed")
	}
}

// TestInputPrescan: the scan reads the file from its start, and the verified stream starts at
// the beginning again afterwards.
func TestInputPrescan(t *testing.T) {
	const content = "email\nann@example.org\n"
	in, err := OpenInput(context.Background(), writeList(t, content))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var scanned []byte
	if err := in.Prescan(func(r io.Reader) (err error) { scanned, err = io.ReadAll(r); return err }); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(in.Stream())
	if string(scanned) != content || string(got) != content || err != nil {
		t.Errorf("scanned %q, then streamed %q, %v; want the whole file twice", scanned, got, err)
	}
	stop := errors.New("not a report")
	if err := in.Prescan(func(io.Reader) error { return stop }); err != stop {
		t.Errorf("Prescan = %v, want the scan's error", err)
	}
}

// TestEvenSpread checks that the rows between the first and the last ones are sampled evenly
// over the whole file, never more than SampleSpread of them.
func TestEvenSpread(t *testing.T) {
	for _, n := range []int{10, SampleSpread, SampleSpread + 1, 3*SampleSpread + 7, 100_000} {
		var e evenSpread
		for i := range n {
			e.add([]string{fmt.Sprint(i)})
		}
		if len(e.rows) > SampleSpread || n <= SampleSpread && len(e.rows) != n || n > SampleSpread && len(e.rows) < SampleSpread/2 {
			t.Errorf("%d rows: %d kept, want all up to %d and at least half of that", n, len(e.rows), SampleSpread)
		}
		// Kept rows are evenly spaced, from the first row to near the last.
		step := -1
		for i := 1; i < len(e.rows); i++ {
			var a, b int
			fmt.Sscan(e.rows[i-1][0], &a)
			fmt.Sscan(e.rows[i][0], &b)
			if step < 0 {
				step = b - a
			}
			if b-a != step {
				t.Fatalf("%d rows: uneven spread at %d: %d after %d, step %d", n, i, b, a, step)
			}
		}
		var last int
		fmt.Sscan(e.rows[len(e.rows)-1][0], &last)
		if e.rows[0][0] != "0" || n-last > 2*max(step, 1) {
			t.Errorf("%d rows: spread from %s to %d, want from 0 to near %d", n, e.rows[0][0], last, n-1)
		}
	}
}
