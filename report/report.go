// Package report owns the per-row report file of an import run and the run summary written beside
// it: the CSV format (the input columns followed by the import.* columns), writing it, reading it
// back with one Reader in two modes — strict for --resume (every cell checked, a last line cut off
// by a crash found), lenient for retry (the report as a spreadsheet saved it, read through the
// input's own machinery) — and the summary as JSON and as the short table printed on stdout.
//
// The package never opens files; callers pass an io.Writer or io.Reader. A Writer or Reader
// belongs to one goroutine at a time, and so does a Summary while it is being filled. The package
// holds no global state, so separate values may be used concurrently.
package report

import (
	"errors"
	"fmt"
)

// Status is the outcome of one row, as written in the import.status column.
type Status string

// The statuses a report line can carry. Valid is used by the check command only.
const (
	Created   Status = "created"
	Updated   Status = "updated"
	Unchanged Status = "unchanged"
	Skipped   Status = "skipped"
	Failed    Status = "failed"
	Valid     Status = "valid"
)

// Class says why a row failed, as written in the import.error_class column.
type Class string

// The failure classes of a failed row.
const (
	Validation Class = "validation" // the row broke a rule before any request was sent
	Rejected   Class = "rejected"   // the API answered with a final refusal
	Transient  Class = "transient"  // retries were exhausted on network errors, throttling or 5xx
	Auth       Class = "auth"       // the API refused the credentials
)

// The import.* column names, appended in this order after the input columns.
const (
	ColRow        = "import.row"
	ColLine       = "import.line"
	ColStatus     = "import.status"
	ColContactID  = "import.contact_id"
	ColErrorClass = "import.error_class"
	ColErrorCode  = "import.error_code"
	ColError      = "import.error"
	ColAttempts   = "import.attempts"
)

// ColMembership is the column a report of a run into a group has after the others: the outcome
// of each row's membership step (see Membership). A run without a group writes no such column.
const ColMembership = "import.membership"

// numColumns is the number of import.* columns.
const numColumns = 8

// Columns returns the import.* column names in the order the report writes them. The slice is
// new on every call, so the caller may keep or change it.
func Columns() []string {
	return []string{ColRow, ColLine, ColStatus, ColContactID, ColErrorClass, ColErrorCode, ColError, ColAttempts}
}

// Membership is the outcome of a row's membership step, as written in import.membership.
type Membership string

// The membership outcomes; "" when the row did not get that far (it failed, or was not sent).
const (
	Subscribed   Membership = "subscribed"   // made a member (OPT_IN, CONFIRMED_OPT_IN)
	Invited      Membership = "invited"      // a double opt-in invitation was sent
	Member       Membership = "member"       // already in the group (member or invited): nothing sent
	Unsubscribed Membership = "unsubscribed" // left the group, or was not in it
	Kept         Membership = "kept"         // the membership was left as it is
)

// Known reports whether m is "" or one of the membership outcomes.
func (m Membership) Known() bool {
	switch m {
	case "", Subscribed, Invited, Member, Unsubscribed, Kept:
		return true
	}
	return false
}

// Line is one report line: the outcome of one data row of the input.
type Line struct {
	Row       int    // 1-based data row in the original input, kept through retries
	Line      int    // 1-based line of the original input where the row starts
	Status    Status // outcome of the row
	ContactID int64  // Engage contactId; 0 means unknown and is written as an empty cell
	Class     Class  // failed only: why the row failed
	Code      string // failed: Engage errorCode, HTTP status, or validation code; imported: the first note's code
	Message   string // failed: one human sentence naming the column at fault, never its value; imported: the notes
	Attempts  int    // HTTP attempts spent on the row
	// Membership is the outcome of the row's membership step (import.membership); "" without a
	// group, and on a report without that column.
	Membership Membership

	// Cells are the original input cells, untransformed, so the report can be corrected and fed
	// back. The Writer pads them with "" or cuts them to the width of the input header.
	Cells []string
}

// Known reports whether s is one of the statuses a report may carry.
func (s Status) Known() bool {
	switch s {
	case Created, Updated, Unchanged, Skipped, Failed, Valid:
		return true
	}
	return false
}

// Known reports whether c is one of the failure classes a report may carry.
func (c Class) Known() bool {
	switch c {
	case Validation, Rejected, Transient, Auth:
		return true
	}
	return false
}

var (
	errRow     = errors.New("row number must be a positive integer")
	errLine    = errors.New("line number must be a positive integer")
	errStatus  = errors.New("not a known status")
	errClass   = errors.New("not a known error class")
	errID      = errors.New("contact id must be empty or a positive integer")
	errAttempt = errors.New("attempts must be empty or a non-negative integer")
	errMember  = errors.New("not a known membership outcome (want subscribed, invited, member, unsubscribed, kept or empty)")
)

// check reports the first field of l that the Reader would refuse, so that every line a Writer
// accepts reads back. It returns the column at fault and the reason.
func (l *Line) check() (string, error) {
	switch {
	case l.Row < 1:
		return ColRow, errRow
	case l.Line < 1:
		return ColLine, errLine
	case !l.Status.Known():
		return ColStatus, errStatus
	case l.ContactID < 0:
		return ColContactID, errID
	case l.Class != "" && !l.Class.Known():
		return ColErrorClass, errClass
	case l.Attempts < 0:
		return ColAttempts, errAttempt
	case !l.Membership.Known():
		return ColMembership, errMember
	}
	return "", nil
}

// LineError is a problem with one line of a report. It names the line and, when one column is at
// fault, the column; never the cell's value, which may be personal data.
type LineError struct {
	Line   int    // 1-based line of the report where the record starts
	Column string // the column at fault, or "" when the whole record is
	Err    error
}

// Error gives the line, the column if any, and the cause.
func (e *LineError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("read report line %d, column %s: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("read report line %d: %v", e.Line, e.Err)
}

// Unwrap returns the underlying cause, so errors.Is(err, ErrTornLine) works.
func (e *LineError) Unwrap() error { return e.Err }
