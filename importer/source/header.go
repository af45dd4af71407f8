package source

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Causes of a refused header, for errors.Is.
var (
	// ErrNoHeader: the first line holds data (email addresses, phone numbers, dates, numbers),
	// so the file has no header line.
	ErrNoHeader = errors.New("the first line looks like data, not a header")
	// ErrReportInput: the header has import.* columns, so the file is a report of a run.
	ErrReportInput = errors.New("the file looks like a contactimport report")
)

// checkHeader refuses a header that is a data row or a report's header. Its messages name
// columns by position and what they look like, never the cells: a data row holds personal data.
func checkHeader(name string, header []string) error {
	var parts []string
	for i, h := range header {
		if kind := dataKind(h); kind != "" {
			parts = append(parts, fmt.Sprintf("column %d holds %s", i+1, kind))
		}
	}
	if len(parts) > 0 {
		return fmt.Errorf("%w: %s; add a header line that names the columns (for example email,first_name,last_name) above the first row",
			ErrNoHeader, strings.Join(parts, ", "))
	}
	var report []string
	for _, h := range header {
		if strings.HasPrefix(strings.ToLower(h), "import.") {
			report = append(report, h)
		}
	}
	if len(report) > 0 {
		return fmt.Errorf("%w (it has the report columns %s): to send its failed rows again, use `contactimport retry %s`; "+
			"to import it as a contact list, remove the import.* columns", ErrReportInput, strings.Join(report, ", "), inputName(name))
	}
	return nil
}

var (
	dateCell   = regexp.MustCompile(`^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$`)
	emailCell  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneCell  = regexp.MustCompile(`^\+?[\d ()./-]+$`)
	numberCell = regexp.MustCompile(`^[-+]?\d+([.,]\d+)?$`)
)

// dataKind says what a header cell looks like when it looks like a value rather than a name:
// "an email address", "a phone number", "a date" or "a number"; "" when it looks like a name.
func dataKind(cell string) string {
	switch {
	case emailCell.MatchString(cell):
		return "an email address"
	case dateCell.MatchString(cell):
		return "a date"
	case numberCell.MatchString(cell) && !(strings.HasPrefix(cell, "+") && digits(cell) >= 6):
		return "a number"
	case phoneCell.MatchString(cell) && digits(cell) >= 6:
		return "a phone number"
	}
	return ""
}

func digits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}
