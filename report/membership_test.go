package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A report of a run into a group has import.membership after the other import columns, and reads
// back with each row's outcome; a report without it still reads.
func TestMembershipColumnRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, []string{"email"}).WithMembership()
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	for i, m := range []Membership{Subscribed, Invited, Member, Unsubscribed, Kept, ""} {
		if err := w.Write(Line{Row: i + 1, Line: i + 2, Status: Created, Membership: m, Cells: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(buf.String(), "\n")
	if !strings.HasSuffix(head, ",import.attempts,import.membership") {
		t.Errorf("header %q: want import.membership last", head)
	}
	rd, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !rd.HasMembership() {
		t.Error("HasMembership = false for a report with the column")
	}
	for _, want := range []Membership{Subscribed, Invited, Member, Unsubscribed, Kept, ""} {
		l, err := rd.Read()
		if err != nil {
			t.Fatal(err)
		}
		if l.Membership != want {
			t.Errorf("row %d: membership %q, want %q", l.Row, l.Membership, want)
		}
	}

	plain := "email," + strings.Join(Columns(), ",") + "\na,1,2,created,,,,,1\n"
	rd, err = NewReader(strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	if rd.HasMembership() {
		t.Error("HasMembership = true for a report without the column")
	}
	if l, err := rd.Read(); err != nil || l.Membership != "" {
		t.Errorf("report without the column: %+v, %v", l, err)
	}
}

func TestMembershipColumnRefusesUnknownValues(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, []string{"email"}).WithMembership()
	if err := w.Write(Line{Row: 1, Line: 2, Status: Created, Membership: "joined"}); err == nil {
		t.Error("the writer took an unknown membership outcome")
	}
	in := "email," + strings.Join(Columns(), ",") + ",import.membership\na,1,2,created,,,,,1,joined\n"
	rd, err := NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rd.Read()
	var le *LineError
	if !errors.As(err, &le) || le.Column != ColMembership {
		t.Errorf("err = %v, want a LineError on %s", err, ColMembership)
	}
	dup := "email," + strings.Join(Columns(), ",") + ",import.membership,import.membership\n"
	if _, err := NewReader(strings.NewReader(dup)); err == nil {
		t.Error("a header with import.membership twice was accepted")
	}
}

// The import columns may come in any order: import.membership first (a report of an input
// without columns of its own, reordered in a spreadsheet) is still read, and a duplicate is
// named by its positions.
func TestMembershipColumnFirst(t *testing.T) {
	in := "import.membership," + strings.Join(Columns(), ",") + "\nkept,1,2,created,,,,,1\n"
	rd, err := NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if !rd.HasMembership() {
		t.Error("HasMembership = false with the column first")
	}
	if l, err := rd.Read(); err != nil || l.Membership != Kept {
		t.Errorf("read %+v, %v; want kept", l, err)
	}
	dup := "email," + strings.Join(Columns(), ",") + ",import.membership,import.membership\n"
	_, err = NewReader(strings.NewReader(dup))
	if err == nil || !strings.Contains(err.Error(), "columns 10 and 11") {
		t.Errorf("err = %v, want the duplicate named at columns 10 and 11", err)
	}
}
