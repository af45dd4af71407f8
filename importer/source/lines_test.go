package source

import "testing"

func TestLineCounterRows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []string
		rows   int64
		ok     bool
	}{
		{"LF, last line ended", []string{"h\na\nb\n"}, 2, true},
		{"LF, last line open", []string{"h\na\nb"}, 2, true},
		{"CRLF across chunks", []string{"h\r\na\r", "\nb\r\n"}, 2, true},
		{"bare CR", []string{"h\ra\rb\rc"}, 3, true},
		{"header only", []string{"h\n"}, 0, true},
		{"gzip", []string{"\x1f\x8b\x08\x00\n\n\n"}, 0, false},
		{"zip (xlsx)", []string{"PK\x03\x04\n\n"}, 0, false},
		{"empty", nil, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c lineCount
			for _, ch := range tc.chunks {
				c.Write([]byte(ch))
			}
			rows, ok := c.rows()
			if rows != tc.rows || ok != tc.ok {
				t.Errorf("rows() = %d, %v; want %d, %v", rows, ok, tc.rows, tc.ok)
			}
		})
	}
}
