package runfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"contactimport/report"
)

var header = []string{"user.Email", "user.FirstName"}

func line(row int, status report.Status) report.Line {
	return report.Line{Row: row, Line: row + 1, Status: status, Cells: []string{"r" + string(rune('a'+row%26)) + "@example.org", "N"}, Attempts: 1}
}

// reportBytes is a report as the writer makes it: header and the given rows, with sep.
func reportBytes(t *testing.T, sep rune, member bool, rows ...int) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := report.NewDelimitedWriter(&b, header, sep)
	if err != nil {
		t.Fatal(err)
	}
	if member {
		w.WithMembership()
	}
	w.WriteHeader()
	for _, r := range rows {
		l := line(r, report.Created)
		if member {
			l.Membership = "subscribed"
		}
		w.Write(l)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readRows reads a report file back: its rows in order and its separator.
func readRows(t *testing.T, path string) ([]int, rune) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := report.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var rows []int
	for {
		l, err := rd.Read()
		if err == io.EOF {
			return rows, rd.Delimiter()
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, l.Row)
	}
}

// TestOpenResume: --resume takes over the rows a report holds (each once), cuts off a line torn
// by a crash, starts a report killed before its header again, appends in the report's own
// separator, and refuses a report of other columns or of a run with(out) a group.
func TestOpenResume(t *testing.T) {
	full := reportBytes(t, ';', false, 1, 2, 3)
	for _, tt := range []struct {
		name    string
		content []byte
		group   bool
		done    []int // rows taken over
		kept    []int // rows left in the file, when not done
		sep     rune
		errHas  string
	}{
		{name: "complete lines", content: full, done: []int{1, 2, 3}, sep: ';'},
		{name: "a torn last line", content: full[:len(full)-5], done: []int{1, 2}, sep: ';'},
		{name: "a last line without its line end", content: full[:len(full)-1], done: []int{1, 2}, sep: ';'},
		{name: "torn inside a quoted field", content: append(reportBytes(t, ',', false, 1), "\"x@example.org,\"unfinished"...), done: []int{1}, sep: ','},
		{name: "a row written twice", content: append(reportBytes(t, ',', false, 1, 2), reportBytes(t, ',', false, 2)[len(reportBytes(t, ',', false)):]...), done: []int{1, 2}, kept: []int{1, 2, 2}, sep: ','},
		{name: "empty: killed before the header", content: nil, sep: '\t'},
		{name: "a torn header", content: full[:12], sep: '\t'},
		{name: "a run into a group", content: reportBytes(t, ',', true, 4), group: true, done: []int{4}, sep: ','},
		{name: "other columns", content: []byte("\ufeffa,b,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n"), errHas: "columns of"},
		{name: "no group now", content: reportBytes(t, ',', true, 4), errHas: "resume it with the same --group"},
		{name: "a group now", content: full, group: true, errHas: "resume it without --group"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			var sum report.Summary
			r, err := Open(Options{Command: "import", Resume: true, Group: tt.group}, path, &sum, header, '\t')
			if tt.errHas != "" {
				var m *MismatchError
				if !errors.As(err, &m) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("Open = %v; want a MismatchError saying %q", err, tt.errHas)
				}
				if _, err := os.Stat(path); err != nil {
					t.Errorf("a refused resume removed the report: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Resumed != len(tt.done) || sum.Rows != len(tt.done) {
				t.Errorf("resumed %d, rows %d; want %d", sum.Resumed, sum.Rows, len(tt.done))
			}
			for _, row := range tt.done {
				if !r.Skip(row) {
					t.Errorf("row %d not marked done", row)
				}
			}
			if r.Skip(9) {
				t.Error("row 9 marked done")
			}
			l := line(9, report.Created)
			if tt.group {
				l.Membership = "subscribed"
			}
			if err := r.Write(l); err != nil {
				t.Fatal(err)
			}
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
			r.Close()
			rows, sep := readRows(t, path)
			kept := tt.done
			if tt.kept != nil {
				kept = tt.kept
			}
			want := append(slices.Clone(kept), 9)
			if !slices.Equal(rows, want) || sep != tt.sep {
				t.Errorf("report after resume: rows %v sep %q; want %v %q", rows, sep, want, tt.sep)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 && !isWindows() {
				t.Errorf("resumed report mode %v, want 0600", fi.Mode().Perm())
			}
			if _, err := os.Stat(path + ".lock"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock file left behind: %v", err)
			}
		})
	}
}

// TestOpenFresh: a new report replaces an old one with a file of its own (0600, not the old
// file's mode or links), holds the lock while open, and is removed whole by Remove.
func TestOpenFresh(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	os.WriteFile(path, []byte("old"), 0o666)
	os.Chmod(path, 0o666)
	var sum report.Summary
	r, err := Open(Options{Command: "import"}, path, &sum, header, ',')
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 && !isWindows() {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := Open(Options{Command: "import", Resume: true}, path, &sum, header, ','); !errors.As(err, new(*LockedError)) {
		t.Errorf("a second Open while the first holds the report: %v", err)
	}
	if err := r.Track(&sum); err != nil {
		t.Fatal(err)
	}
	if err := r.Remove(); err != nil {
		t.Fatal(err)
	}
	if left := listDir(t, dir); len(left) != 0 {
		t.Errorf("Remove left %v", left)
	}
}

func isWindows() bool { return os.PathSeparator == '\\' }

// TestDoneRowsMemoryFollowsRows: the rows a resumed report holds are remembered in memory that
// follows how many there are, not how large their numbers are; a report line with
// import.row=999999999999 once made --resume allocate a bitset of that size and die.
func TestDoneRowsMemoryFollowsRows(t *testing.T) {
	for _, row := range []int{1_000_000_000, 999_999_999_999, 1<<62 + 5} {
		var rf Report
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rf.done.add(row)
		rf.done.add(3)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Fatalf("marking row %d done allocated %d bytes", row, grew)
		}
		if !rf.Skip(row) || !rf.Skip(3) || rf.Skip(row-1) || rf.Skip(row+1) || rf.Skip(2) {
			t.Fatalf("row set around %d: wrong membership", row)
		}
	}
}
