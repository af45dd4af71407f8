package runfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestLockSurvivesTheFileItGuards: the lock on a file lives beside it, so removing the file (a
// state file, a report) neither lets a second run in nor goes unnoticed: the holder's Check says
// the file was removed, a second LockFile is refused at once, and Held says so without creating
// anything. A lock file removed or replaced under the holder is found by Check too.
func TestLockSurvivesTheFileItGuards(t *testing.T) {
	if isWindows() {
		t.Skip("Windows does not remove or rename over a file that is open")
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	l, err := LockFile(state, "state file")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	// The run holds the state file open (SQLite does), so its inode stays its own.
	os.WriteFile(state, []byte("ledger"), 0o600)
	db, err := os.Open(state)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := l.Pin(); err != nil {
		t.Fatal(err)
	}
	if err := l.Check(); err != nil {
		t.Fatalf("Check of an untouched file: %v", err)
	}
	os.Remove(state)
	var v *VanishedError
	if err := l.Check(); !errors.As(err, &v) || v.Replaced || v.What != "state file" || v.Path != state {
		t.Errorf("Check after the state file was removed: %v", err)
	}
	var locked *LockedError
	if _, err := LockFile(state, "state file"); !errors.As(err, &locked) || locked.Path != state {
		t.Errorf("a second lock while the first run holds it: %v", err)
	}
	if err := Held(state, "state file"); !errors.As(err, &locked) {
		t.Errorf("Held while locked: %v", err)
	}

	os.WriteFile(state, []byte("another ledger"), 0o600)
	if err := l.Check(); !errors.As(err, &v) || !v.Replaced {
		t.Errorf("Check after the state file was replaced: %v", err)
	}

	// The lock file itself removed: Check says so, and a new run may lock again.
	rep := filepath.Join(dir, "r.csv")
	l2, err := LockFile(rep, "report")
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Release()
	os.Remove(rep + ".lock")
	if err := l2.Check(); !errors.As(err, &v) || v.Path != rep+".lock" {
		t.Errorf("Check after the lock file was removed: %v", err)
	}
}

// TestLockReleaseAndRetake: Release removes the lock file; the next run takes the lock; a lock
// file left by a killed run (nobody holds it) is taken over; nothing is left behind.
func TestLockReleaseAndRetake(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	if err := Held(path, "report"); err != nil {
		t.Errorf("Held with no lock file: %v", err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Held created the lock file: %v", err)
	}
	l, err := LockFile(path, "report")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + ".lock"); err != nil || (!isWindows() && fi.Mode().Perm() != 0o600) {
		t.Errorf("lock file: %v, %v", fi, err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Release left the lock file: %v", err)
	}
	os.WriteFile(path+".lock", nil, 0o600) // a killed run's
	l, err = LockFile(path, "report")
	if err != nil {
		t.Fatalf("a stale lock file: %v", err)
	}
	l.Release()
	if left := listDir(t, dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestLockRefusesALink: a link planted at the lock file's name is not followed.
func TestLockRefusesALink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	path := filepath.Join(dir, "state.db")
	if err := os.Symlink(victim, path+".lock"); err != nil {
		t.Skip(err)
	}
	if _, err := LockFile(path, "state file"); !errors.Is(err, ErrSymlink) {
		t.Errorf("LockFile through a link: %v", err)
	}
}

// TestLockRestore: a guarded file removed while the run holds it is written back by name into a
// new 0600 file, and Check is content again; one that was replaced is left alone; a failed fill
// leaves nothing behind.
func TestLockRestore(t *testing.T) {
	if isWindows() {
		t.Skip("Windows does not remove or rename over a file that is open")
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	l, err := LockFile(state, "state file")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	os.WriteFile(state, []byte("ledger"), 0o600)
	held, _ := os.Open(state)
	defer held.Close()
	l.Pin()
	fill := func(path string) error { return os.WriteFile(path, []byte("ledger"), 0o644) }
	if back, err := l.Restore(fill); back || err != nil {
		t.Errorf("Restore of a file in place: %v, %v", back, err)
	}
	os.Remove(state)
	if back, err := l.Restore(func(string) error { return errors.New("disk full") }); back || err == nil {
		t.Errorf("Restore with a failing fill: %v, %v", back, err)
	}
	if _, err := os.Lstat(state); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed restore left a file: %v", err)
	}
	if back, err := l.Restore(fill); !back || err != nil {
		t.Fatalf("Restore: %v, %v", back, err)
	}
	if b, _ := os.ReadFile(state); string(b) != "ledger" {
		t.Errorf("restored content %q", b)
	}
	if fi, _ := os.Stat(state); !isWindows() && fi.Mode().Perm() != 0o600 {
		t.Errorf("restored mode %v", fi.Mode().Perm())
	}
	if err := l.Check(); err != nil {
		t.Errorf("Check after Restore: %v", err)
	}
	// Another file at the name now: left alone.
	os.Rename(state, state+".old")
	os.WriteFile(state, []byte("someone else's"), 0o600)
	if back, err := l.Restore(fill); back || err != nil {
		t.Errorf("Restore over a replacement: %v, %v", back, err)
	}
	if b, _ := os.ReadFile(state); string(b) != "someone else's" {
		t.Errorf("a replacement was overwritten: %q", b)
	}
}
