package mappimport

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestLayoutWithoutEmail: a mobile list with skipped and ignored columns has only the columns
// it fills; no empty email column is written over another one.
func TestLayoutWithoutEmail(t *testing.T) {
	yaml := `identifier: mobile
unmapped: ignore
columns:
  Handy: mobile
  Notiz: skip
  Vorname: user.FirstName
`
	header := []string{"Handy", "Notiz", "Vorname", "Intern"}
	m := compile(t, yaml, header)
	l, err := NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Header(); !slices.Equal(got, []string{"user.MobileNumber", "user.FirstName"}) {
		t.Fatalf("header %q", got)
	}
	c, err := m.Map([]string{"+491701234567", "x", "Ann", "y"})
	if err != nil {
		t.Fatal(err)
	}
	cells := make([]string, 2)
	if err := l.Fill(&c, cells); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cells, []string{"+491701234567", "Ann"}) {
		t.Fatalf("cells %q", cells)
	}
	if HeaderName("member.") != "member." {
		t.Errorf("HeaderName(member.) = %q", HeaderName("member."))
	}
}

func TestAppendRowLeadingQuote(t *testing.T) {
	if got := string(appendRow(nil, []string{`"Q" first`, `"`})); got != "\"\"\"Q\"\" first\",\"\"\"\"\r\n" {
		t.Fatalf("got %q", got)
	}
}

type closeErrFile struct{ memFile }

func (f *closeErrFile) Close() error { return errors.New("no space left") }

func TestSplitHeaderAtLimitAndCloseError(t *testing.T) {
	// A header of exactly the limit is accepted; then no row fits.
	s, err := NewSplitter([]string{"h"}, 5, (&memFiles{}).create)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write([]string{""}); !errors.Is(err, ErrRowTooLarge) {
		t.Fatalf("err = %v", err)
	}
	// A file that cannot be completed is an error naming it.
	s, _ = NewSplitter([]string{"h"}, 100, func(int) (io.WriteCloser, error) { return new(closeErrFile), nil })
	if err := s.Write([]string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "write import file 1: no space left") {
		t.Fatalf("err = %v", err)
	}
}
