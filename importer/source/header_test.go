package source

import (
	"errors"
	"strings"
	"testing"
)

func TestDataKind(t *testing.T) {
	tests := []struct{ cell, want string }{
		{"ann@example.org", "an email address"},
		{"+49 170 1234567", "a phone number"},
		{"(030) 123-4567", "a phone number"},
		{"+491701234567", "a phone number"},
		{"2024-01-15", "a date"},
		{"15.01.2024", "a date"},
		{"1/15/2024 10:30", "a date"},
		{"12345", "a number"},
		{"3.5", "a number"},
		{"email", ""},
		{"user.Email", ""},
		{"first name", ""},
		{"Phone 2", ""},
		{"e-mail", ""},
		{"2fa", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dataKind(tt.cell); got != tt.want {
			t.Errorf("dataKind(%q) = %q, want %q", tt.cell, got, tt.want)
		}
	}
}

func TestOpenSourceRefusesHeaderlessInput(t *testing.T) {
	values := []string{"ann@example.org", "Ann", "+49 170 1234567", "2024-01-15", "4711"}
	in := "\n" + strings.Join(values, ",") + "\nbo@example.org,Bo,+49 171 7654321,2024-02-01,4712\n"
	_, err := Open(strings.NewReader(in), Options{Name: "people.csv"})
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, ErrNoHeader) || ie.Line != 2 {
		t.Fatalf("Open = %v, want an *InputError at line 2 wrapping ErrNoHeader", err)
	}
	msg := err.Error()
	for _, want := range []string{"read people.csv: line 2: the first line looks like data, not a header",
		"column 1 holds an email address", "column 3 holds a phone number", "column 4 holds a date",
		"column 5 holds a number", "add a header line"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
	for _, v := range append(values, "170", "2024", "Bo") {
		if strings.Contains(msg, v) {
			t.Errorf("message %q contains the cell value %q", msg, v)
		}
	}
}

func TestOpenSourceRefusesReport(t *testing.T) {
	in := "email,name,import.row,import.line,import.status,import.error\nann@example.org,Ann,1,2,failed,x\n"
	_, err := Open(strings.NewReader(in), Options{Name: "people.report.csv"})
	if !errors.Is(err, ErrReportInput) {
		t.Fatalf("Open = %v, want ErrReportInput", err)
	}
	want := "read people.report.csv: line 1: the file looks like a contactimport report " +
		"(it has the report columns import.row, import.line, import.status, import.error): " +
		"to send its failed rows again, use `contactimport retry people.report.csv`; " +
		"to import it as a contact list, remove the import.* columns"
	if err.Error() != want {
		t.Errorf("Error() =\n%q\nwant\n%q", err.Error(), want)
	}
}
