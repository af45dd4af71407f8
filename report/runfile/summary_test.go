package runfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"contactimport/report"
)

// openWithRows opens a fresh report in dir, tracks its summary, and writes rows 1..n.
func openWithRows(t *testing.T, dir string, n int) (*Report, *report.Summary) {
	t.Helper()
	sum := &report.Summary{Command: "import"}
	r, err := Open(Options{Command: "import"}, filepath.Join(dir, "r.csv"), sum, header, ',')
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.Track(sum); err != nil {
		t.Fatal(err)
	}
	for row := 1; row <= n; row++ {
		l := line(row, report.Created)
		if err := r.Write(l); err != nil {
			t.Fatal(err)
		}
		sum.Add(l)
	}
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	return r, sum
}

// TestFlushFindsARemovedReport: a report removed while the run writes it stops the next flush;
// Restore writes the rows the run holds back under the report's name, and the report then reads
// back whole and can be resumed.
func TestFlushFindsARemovedReport(t *testing.T) {
	if isWindows() {
		t.Skip("Windows does not remove or rename over a file that is open")
	}
	dir := t.TempDir()
	r, _ := openWithRows(t, dir, 3)
	path := r.Path()
	os.Remove(path)
	var v *VanishedError
	if err := r.Flush(); !errors.As(err, &v) || v.What != "report" || v.Replaced {
		t.Fatalf("Flush after the report was removed: %v", err)
	}
	moved, err := r.Restore()
	if err != nil || !moved || r.Path() != path {
		t.Fatalf("Restore = %v, %v; path %s", moved, err, r.Path())
	}
	if rows, _ := readRows(t, path); !slices3(rows) {
		t.Errorf("restored report rows %v, want [1 2 3]", rows)
	}
	if fi, _ := os.Stat(path); !isWindows() && fi.Mode().Perm() != 0o600 {
		t.Errorf("restored report mode %v", fi.Mode().Perm())
	}
	if err := r.Check(); err != nil {
		t.Errorf("Check after Restore: %v", err)
	}
	if moved, err := r.Restore(); moved || err != nil {
		t.Errorf("Restore of a report in place: %v, %v", moved, err)
	}
}

func slices3(rows []int) bool { return len(rows) == 3 && rows[0] == 1 && rows[1] == 2 && rows[2] == 3 }

// TestRestoreBesideAReplacement: when another file took the report's name, it is left alone and
// the rows go to <stem>.restored.csv, with the summary beside them from then on.
func TestRestoreBesideAReplacement(t *testing.T) {
	if isWindows() {
		t.Skip("Windows does not remove or rename over a file that is open")
	}
	dir := t.TempDir()
	r, sum := openWithRows(t, dir, 3)
	path := r.Path()
	os.Rename(path, path+".moved")
	os.WriteFile(path, []byte("someone else's"), 0o600)
	var v *VanishedError
	if err := r.Flush(); !errors.As(err, &v) || !v.Replaced {
		t.Fatalf("Flush after the report was replaced: %v", err)
	}
	moved, err := r.Restore()
	want := filepath.Join(dir, "r.restored.csv")
	if err != nil || !moved || r.Path() != want || r.SummaryPath() != want+".json" {
		t.Fatalf("Restore = %v, %v; path %s, want %s", moved, err, r.Path(), want)
	}
	if b, _ := os.ReadFile(path); string(b) != "someone else's" {
		t.Errorf("the file at the report's name was changed: %q", b)
	}
	if rows, _ := readRows(t, want); !slices3(rows) {
		t.Errorf("restored rows %v", rows)
	}
	if err := r.SaveSummary(); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadSummary(want); err != nil || s.Rows != sum.Rows {
		t.Errorf("summary beside the restored report: %+v, %v", s, err)
	}
}

// TestFlushFindsARemovedSummaryOrState: the summary this run saved, and a guarded state file,
// are checked on every flush too.
func TestFlushFindsARemovedSummaryOrState(t *testing.T) {
	if isWindows() {
		t.Skip("Windows does not remove or rename over a file that is open")
	}
	dir := t.TempDir()
	r, _ := openWithRows(t, dir, 1)
	os.Remove(r.SummaryPath())
	var v *VanishedError
	if err := r.Flush(); !errors.As(err, &v) || v.What != "summary" {
		t.Errorf("Flush after the summary was removed: %v", err)
	}
	r.SaveSummary()

	state := filepath.Join(dir, "state.db")
	l, err := LockFile(state, "state file")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	os.WriteFile(state, nil, 0o600)
	db, _ := os.Open(state)
	defer db.Close()
	l.Pin()
	r.Guard(l)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	os.Remove(state)
	if err := r.Flush(); !errors.As(err, &v) || v.What != "state file" {
		t.Errorf("Flush after the state file was removed: %v", err)
	}
}

// TestFlushSavesTheSummary: while the run goes on the summary is saved every saveEvery flushes,
// so that a summary that can no longer be written (a full disk, a folder made read-only; here
// a directory in the way of its temporary file) stops the run within seconds.
func TestFlushSavesTheSummary(t *testing.T) {
	dir := t.TempDir()
	r, sum := openWithRows(t, dir, 2)
	for range saveEvery {
		if err := r.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if s, err := ReadSummary(r.Path()); err != nil || s.Rows != sum.Rows || s.Finished {
		t.Fatalf("summary during the run: %+v, %v; want %d rows, unfinished", s, err, sum.Rows)
	}
	if err := os.Mkdir(r.SummaryPath()+".tmp", 0o700); err != nil {
		t.Fatal(err)
	}
	var err error
	for range saveEvery {
		if err = r.Flush(); err != nil {
			break
		}
	}
	if err == nil || !errors.Is(err, ErrNotRegular) {
		t.Errorf("flushes with a summary that cannot be saved: %v", err)
	}
}

// TestReplaceAndCreate: the one way files are made. Create refuses what is there, a dangling
// link included; Replace writes a fresh 0600 file over a link (not through it) and leaves no
// temporary file; WriteFile without replace keeps an existing file.
func TestReplaceAndCreate(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
		t.Skip(err)
	}
	if _, err := Create(link); !errors.Is(err, os.ErrExist) {
		t.Errorf("Create over a dangling link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("Create followed the link")
	}
	os.Remove(link)
	os.Symlink(victim, link)
	if err := WriteFile(link, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("written through the link: %q", b)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink != 0 || fi.Mode().Perm() != 0o600 {
		t.Errorf("after Replace: %v", fi.Mode())
	}
	if err := WriteFile(victim, []byte("other"), false); !errors.Is(err, os.ErrExist) {
		t.Errorf("WriteFile over a file without replace: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("an existing file was changed: %q", b)
	}
	fresh := filepath.Join(dir, "fresh")
	if err := WriteFile(fresh, []byte("x"), false); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v", fi.Mode().Perm())
	}
	if err := Replace(dir, nil); err == nil {
		t.Error("Replace over a directory")
	}
	for _, name := range listDir(t, dir) {
		if filepath.Ext(name) == ".tmp" {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}
