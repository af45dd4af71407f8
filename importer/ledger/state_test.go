package ledger

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// trickyNames are state file names that a URI reading would change: a fragment, a query, percent
// escapes valid and invalid, URI parameter syntax, a "file:" prefix of their own.
var trickyNames = []string{
	"st#1.db",
	"a%20b.db",
	"q?x.db",
	"with space.db",
	"100%.db",
	"%41%2F.db",
	"amp&mode=ro.db",
	"file:x.db",
	"#?%&=.db",
	"ünï cødé.db",
}

// TestOpenStateUsesTheNamedFile opens each tricky name, by absolute and by relative path, and
// checks that SQLite writes exactly that file (and its -wal/-shm siblings) and nothing else, that
// SQLite itself reports that file as the database, and that the data is found there after
// reopening.
func TestOpenStateUsesTheNamedFile(t *testing.T) {
	for _, name := range trickyNames {
		t.Run("absolute/"+name, func(t *testing.T) {
			dir := t.TempDir()
			checkStateFile(t, dir, filepath.Join(dir, name), name)
		})
		t.Run("relative/"+name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			checkStateFile(t, dir, name, name)
		})
	}
	t.Run("tricky directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "d #?%41")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		checkStateFile(t, dir, filepath.Join(dir, "st.db"), "st.db")
	})
}

// checkStateFile opens the state at path (naming file name in dir), records an entry, and checks
// which files exist in dir, while open and after closing, and that a reopened state finds the
// entry.
func checkStateFile(t *testing.T, dir, path, name string) {
	t.Helper()
	allowed := []string{name, name + "-wal", name + "-shm"}
	s, err := Open(path, "https://example.org/api")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record("EMAIL:a@example.org", Entry{Hash: "h1", ContactID: 7}); err != nil {
		t.Fatal(err)
	}
	var seq int
	var schema, file string
	if err := s.db.QueryRow("PRAGMA database_list").Scan(&seq, &schema, &file); err != nil {
		t.Fatal(err)
	}
	want, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if file != want {
		t.Errorf("SQLite opened %q, want %q", file, want)
	}
	checkDir(t, dir, allowed, "while open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checkDir(t, dir, allowed, "after closing")

	s, err = Open(path, "https://example.org/api")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, ok, err := s.Lookup("EMAIL:a@example.org")
	if err != nil || !ok || e != (Entry{Hash: "h1", ContactID: 7}) {
		t.Errorf("after reopening: lookup = %+v, %v, %v; want the recorded entry", e, ok, err)
	}
}

func checkDir(t *testing.T, dir string, allowed []string, when string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Contains(names, allowed[0]) {
		t.Errorf("%s: %q holds %q, not the state file %q", when, dir, names, allowed[0])
	}
	for _, n := range names {
		if !slices.Contains(allowed, n) {
			t.Errorf("%s: %q holds %q besides the state file %q and its -wal/-shm", when, dir, n, allowed[0])
		}
	}
}

// TestStateDSN pins the URI for paths of other systems, which this machine cannot open: a
// Windows drive path and UNC shares keep their backslashes (SQLite's URI parser gives them no
// meaning) and only '%', '?' and '#' are encoded; a path starting with '/' gets an empty
// authority, so that "//server/share" is not read as host "server".
func TestStateDSN(t *testing.T) {
	const opts = "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)"
	tests := []struct{ path, want string }{
		{`C:\Users\Ann Lee\st#1.db`, `file:C:\Users\Ann Lee\st%231.db`},
		{`C:\data\50%?.db`, `file:C:\data\50%25%3F.db`},
		{`\\server\share\st.db`, `file:\\server\share\st.db`},
		{`\\?\C:\long\st.db`, `file:\\%3F\C:\long\st.db`},
		{`C:/data/st.db`, `file:C:/data/st.db`},
		{`//server/share/st.db`, `file:////server/share/st.db`},
		{`/var/lib/st#1.db`, `file:///var/lib/st%231.db`},
		{`rel/a%20b.db`, `file:rel/a%2520b.db`},
	}
	for _, tt := range tests {
		got, err := stateDSN(tt.path)
		if err != nil {
			t.Errorf("stateDSN(%q): %v", tt.path, err)
			continue
		}
		if got != tt.want+opts {
			t.Errorf("stateDSN(%q) = %q, want %q", tt.path, strings.TrimSuffix(got, opts), tt.want)
		}
	}
	for _, bad := range []string{"", "st\x00.db"} {
		if _, err := stateDSN(bad); err == nil {
			t.Errorf("stateDSN(%q): no error", bad)
		}
	}
}
