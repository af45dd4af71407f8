package guess

import (
	"strings"
	"testing"

	"contactimport/mapping"
)

// TestRenderWhereTheListStarts checks the lines that say where the list is: an XLSX workbook's
// sheet (a `sheet:` line only when another sheet comes first, SPEC "Where the list starts"),
// the title lines above the header (`skip_lines:`), and the heading's account of how the file
// was read. Each draft must parse as a mapping file.
func TestRenderWhereTheListStarts(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Sample)
		lines []string // lines the draft must have
		not   []string // text it must not have
	}{
		{"SheetNamed", func(s *Sample) { s.Sheet, s.SheetWhy = "Kontakte 2024", "the first sheet is Numbers' Export Summary" },
			[]string{"\nsheet: Kontakte 2024 ", "  # the first sheet is Numbers' Export Summary\n",
				`; read from the sheet "Kontakte 2024" of an XLSX workbook.`}, []string{"separated"}},
		{"FirstSheet", func(s *Sample) { s.Sheet = "Sheet1" },
			[]string{`; read from the sheet "Sheet1" of an XLSX workbook.`}, []string{"\nsheet:"}},
		{"TitleLines", func(s *Sample) { s.SkipLines, s.SkipLinesWhy = 3, "LinkedIn's Notes: lines above the header" },
			[]string{"\nskip_lines: 3 ", "  # LinkedIn's Notes: lines above the header\n"}, []string{"\nsheet:"}},
		{"CSV", func(s *Sample) { s.Encoding, s.Delimiter = "UTF-8", "," },
			[]string{"; read as UTF-8, comma separated."}, []string{"skip_lines", "\nsheet:"}},
		{"Nothing known", func(s *Sample) {},
			[]string{"# It looks like a list: 2 data rows, 2 of them sampled.\n"}, []string{"read as", "read from"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sampleOf("Email;Vorname", "a@x.io;Ann", "b@x.io;Bo")
			tt.edit(&s)
			out := string(Mapping(s).Render())
			for _, l := range tt.lines {
				if !strings.Contains(out, l) {
					t.Errorf("the draft lacks %q:\n%s", l, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("the draft has %q:\n%s", n, out)
				}
			}
			f, err := mapping.ParseFile("draft.yaml", []byte(out))
			if err != nil {
				t.Fatalf("the draft does not parse: %v\n%s", err, out)
			}
			if f.Sheet != s.Sheet && s.SheetWhy != "" || f.SkipLines != s.SkipLines {
				t.Errorf("parsed sheet %q, skip_lines %d; want %q, %d", f.Sheet, f.SkipLines, s.Sheet, s.SkipLines)
			}
		})
	}
}
