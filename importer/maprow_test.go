package importer

import (
	"testing"

	"contactimport/mapping"
	"contactimport/report"
)

// A row with several failing columns gets one report line naming each of them, with the
// first column's code.
func TestCheckLineEveryFailingColumn(t *testing.T) {
	m, err := mapping.Compile(nil, []string{"user.Title", "Email", "user.DateOfBirth"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := checkLine(m, Record{Row: 4, Line: 5, Cells: []string{"Herr", "a@b", "31.12.1980"}})
	if l.Status != report.Failed || l.Class != report.Validation || l.Code != "invalid_title" {
		t.Errorf("line %+v, want failed validation invalid_title", l)
	}
	want := `column "user.Title": not a valid title (1, 2 or -1); column "Email": not a valid email address; ` +
		`column "user.DateOfBirth": `
	if len(l.Message) < len(want) || l.Message[:len(want)] != want {
		t.Errorf("message %q, want it to start %q", l.Message, want)
	}
}
