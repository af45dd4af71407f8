package source

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

func rowsOf(lines ...string) []Row {
	var rows []Row
	for i, l := range lines {
		if l == "" {
			continue
		}
		rows = append(rows, Row{Line: i + 1, Cells: strings.Split(l, ",")})
	}
	return rows
}

func TestFindStart(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		skip int // -1: nothing found
	}{
		{"header first", rowsOf("email,first,last", "a@example.org,Ann,Lee", "b@example.org,Bo,"), -1},
		{"one column list", rowsOf("email", "a@example.org", "b@example.org"), -1},
		{"LinkedIn notes", rowsOf("Notes:", "When exporting your connection data you may notice", "",
			"First Name,Last Name,URL,Email Address,Company,Position,Connected On",
			"Ada,Lovelace,https://x,,Engines,Math,07 Dec 2026", "Grace,Hopper,https://y,g@example.com,Navy,,"), 3},
		{"padded title", rowsOf("Kundenliste,,,", ",,,", "Vorname,Nachname,E-Mail,PLZ", "Jörg,Çelik,j@example.com,01067",
			"Bärbel,Thomas,,80331"), 2},
		{"report title block", rowsOf("Contacts with email", "As of 12/07/2026", "Filtered By: Owner", "",
			"First Name,Last Name,Email", "Ann,Lee,a@example.org", "Bo,Berg,b@example.org"), 4},
		{"a second header-like row is data", rowsOf("email,name", "a@example.org,Ann", "b@example.org,Bo,extra"), -1},
		{"wide row above: not a title", rowsOf("x", "1,2,3,4", "email,first,last", "a@example.org,Ann,Lee", "b@example.org,Bo,Berg"), -1},
		{"candidate of values", rowsOf("Title", "a@example.org,Ann,Lee", "b@example.org,Bo,Berg"), -1},
		{"rows do not fit any candidate", rowsOf("Title", "a,b", "c,d,e,f", "g,h,i,j,k", "l,m,n,o,p,q"), -1},
		{"header alone", rowsOf("Title", "email,first"), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ok := FindStart(tt.rows)
			switch {
			case tt.skip < 0 && ok:
				t.Errorf("found %+v, want nothing", st)
			case tt.skip >= 0 && !ok:
				t.Errorf("found nothing, want skip_lines %d", tt.skip)
			case ok && (st.SkipLines != tt.skip || st.Line != tt.skip+1 || st.Reason == ""):
				t.Errorf("found %+v, want skip_lines %d, line %d, a reason", st, tt.skip, tt.skip+1)
			}
		})
	}
}

// The reason says where and how wide, and quotes no cell: title lines may name people.
func TestFindStartReason(t *testing.T) {
	st, _ := FindStart(rowsOf("Contacts of Ann Lee", "email,first", "a@example.org,Ann", "b@example.org,Bo"))
	want := "line 1 holds 1 value, but the records below it have up to 2; line 2 names 2 columns, and the 2 records after it fit them"
	if st.Reason != want {
		t.Errorf("reason %q, want %q", st.Reason, want)
	}
}

// Open of a list below title or note lines, without skip_lines, stops with the value to write;
// with FindStart it reads the list from its header, with the delimiter of the list (not of the
// title).
func TestOpenFindsTheStart(t *testing.T) {
	tests := []struct {
		file, message string
		skip          int
		comma         rune
		header        []string
		first         string
	}{
		{"Connections.csv",
			"read Connections.csv: line 4: the header looks like it is on line 4 (line 1 holds 1 value, but the records below it have up to 7; line 4 names 7 columns, and the 3 records after it fit them): add skip_lines: 3 to the mapping file (--mapping)",
			3, ',', []string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"},
			`1@5 "Ada" "Lovelace" "https://www.linkedin.com/in/ada-lovelace-0a1b2c" "" "Analytical Engines Ltd" "Mathematician" "07 Dec 2026"`},
		{"excel-title.csv",
			"read excel-title.csv: line 3: the header looks like it is on line 3 (line 1 holds 1 value, but the records below it have up to 4; line 3 names 4 columns, and the 3 records after it fit them): add skip_lines: 2 to the mapping file (--mapping)",
			2, ';', []string{"Vorname", "Nachname", "E-Mail", "PLZ"},
			`1@4 "Jörg" "Çelik" "joerg.celik@example.com" "01067"`},
	}
	for _, tt := range tests {
		data := fixture(t, "../start/"+tt.file)
		_, err := Open(bytes.NewReader(data), Options{Name: tt.file})
		var se *StartError
		if !errors.As(err, &se) || !errors.Is(err, ErrHeaderBelow) || err.Error() != tt.message {
			t.Errorf("%s: %v\nwant %q", tt.file, err, tt.message)
		}
		s, recs := readSource(t, bytes.NewReader(data), Options{Name: tt.file, FindStart: true})
		st, ok := s.Start()
		if !ok || st.SkipLines != tt.skip || s.Delimiter() != tt.comma || !slices.Equal(s.Header(), tt.header) || showRecord(recs[0]) != tt.first {
			t.Errorf("%s with FindStart: start %+v %v, delimiter %q, header %q, first %s", tt.file, st, ok, s.Delimiter(), s.Header(), showRecord(recs[0]))
		}
		// With skip_lines written, the list is read as it is.
		s, recs = readSource(t, bytes.NewReader(data), Options{Name: tt.file, SkipLines: tt.skip})
		if !slices.Equal(s.Header(), tt.header) || showRecord(recs[0]) != tt.first {
			t.Errorf("%s with skip_lines: header %q, first %s", tt.file, s.Header(), showRecord(recs[0]))
		}
	}
	// A list that starts on its first line is left alone, FindStart or not.
	s, _ := readSource(t, strings.NewReader("email,first\na@example.org,Ann\n"), Options{FindStart: true})
	if st, ok := s.Start(); ok {
		t.Errorf("start found in a plain list: %+v", st)
	}
}
