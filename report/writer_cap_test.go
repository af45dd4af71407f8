package report

import (
	"bytes"
	"strings"
	"testing"

	"contactimport/printable"
)

// TestWriterCapsServerText: an API message of 900 KB and an error code with terminal escapes
// reach the report's own columns escaped and cut to printable.MessageMax with "…", so 60 such
// rows make a report of kilobytes, not 52 MB; the input cells, which retry sends back, stay
// exactly as read, escapes included.
func TestWriterCapsServerText(t *testing.T) {
	huge := strings.Repeat("Invalid value \x1b[2J ", 900_000/20)
	cell := "Fi\x1b]0;x\arst"
	var buf bytes.Buffer
	w := NewWriter(&buf, []string{"user.Email", "user.FirstName"})
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		l := Line{Row: i + 1, Line: i + 2, Status: Failed, Class: Rejected, Code: "\x1b[31mBAD\x1b[0m",
			Message: huge, Attempts: 1, Cells: []string{"ann@example.org", cell}}
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 100_000 {
		t.Errorf("report of 60 rows is %d bytes", buf.Len())
	}
	r, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Message) > printable.MessageMax+len("…") || !strings.HasSuffix(l.Message, "…") || strings.ContainsRune(l.Message, 0x1b) {
		t.Errorf("message of %d bytes, ending %q: want at most %d, cut with …, no ESC", len(l.Message), l.Message[len(l.Message)-10:], printable.MessageMax)
	}
	if l.Code != `\x1b[31mBAD\x1b[0m` {
		t.Errorf("code %q, want the escapes shown", l.Code)
	}
	if l.Cells[1] != cell {
		t.Errorf("input cell %q, want %q as read", l.Cells[1], cell)
	}
}

// TestSummaryCapsStopReason: a stop reason quoting a huge server message with escapes is written
// escaped and cut.
func TestSummaryCapsStopReason(t *testing.T) {
	s := &Summary{Stopped: "the API URL looks wrong: " + strings.Repeat("\x1b[2J\u202e", 100_000)}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSummary(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Stopped) > printable.MessageMax+len("…") || strings.ContainsAny(got.Stopped, "\x1b\u202e") ||
		!strings.HasPrefix(got.Stopped, "the API URL looks wrong: ") {
		t.Errorf("stopped reason of %d bytes: %q…", len(got.Stopped), got.Stopped[:40])
	}
}
