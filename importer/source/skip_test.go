package source

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// SkipLines skips title lines above the header, blank ones included; the delimiter is sniffed
// from the header, not from the title, and lines keep the file's numbers.
func TestSkipLines(t *testing.T) {
	in := "Export; spring fair; all contacts\r\n\r\nemail,name\r\nann@example.org,Ann\r\n"
	s, recs := readSource(t, strings.NewReader(in), Options{SkipLines: 2})
	if s.Delimiter() != ',' || !slices.Equal(s.Header(), []string{"email", "name"}) {
		t.Errorf("delimiter %q header %q", s.Delimiter(), s.Header())
	}
	if got := showRecords(recs); !slices.Equal(got, []string{`1@4 "ann@example.org" "Ann"`}) {
		t.Errorf("records %q", got)
	}
	// Old-Mac line ends and a title with an unbalanced quote.
	s, recs = readSource(t, strings.NewReader("\"Contacts\r(c) ACME\remail;name\rbo@example.org;Bo\r"), Options{SkipLines: 2})
	if s.Delimiter() != ';' || showRecords(recs)[0] != `1@4 "bo@example.org" "Bo"` {
		t.Errorf("delimiter %q records %q", s.Delimiter(), showRecords(recs))
	}
}

func TestSkipLinesErrors(t *testing.T) {
	_, err := Open(strings.NewReader("title\nemail\n"), Options{SkipLines: 5})
	if !errors.Is(err, ErrEmptyInput) {
		t.Errorf("skipping past the end: %v, want ErrEmptyInput", err)
	}
	_, err = Open(strings.NewReader("email\na@example.org\n"), Options{SkipLines: -1})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "skip_lines is -1") {
		t.Errorf("negative: %v", err)
	}
	_, err = Open(strings.NewReader("title\nemail\na@example.org\n"), Options{SkipLines: math.MaxInt})
	if !errors.As(err, &ie) || errors.Is(err, ErrEmptyInput) || !strings.Contains(err.Error(), "from 0 to 1000") {
		t.Errorf("absurd: %v, want the value refused with its bound", err)
	}
}

func TestDropLines(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc", 0, "a\nb\nc"}, {"a\nb\nc", 1, "b\nc"}, {"a\r\nb\r\nc", 2, "c"}, {"a\rb", 1, "b"},
		{"a\n", 1, ""}, {"a", 1, ""}, {"a\nb", 5, ""},
	} {
		if got := string(dropLines([]byte(tt.in), tt.n)); got != tt.want {
			t.Errorf("dropLines(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
