package mapping

import "strings"

// RowError is what Map returns when more than one column of a row fails: every failing column,
// in header order, so that a person fixes the row in one pass. errors.As finds the first
// *FieldError through it, so a caller that wants one code gets the first column's.
type RowError struct {
	Errors []*FieldError // two or more
}

// Error returns one sentence per column, joined with "; ".
func (e *RowError) Error() string {
	var b strings.Builder
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Unwrap returns the column errors, for errors.Is and errors.As.
func (e *RowError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

// FieldErrors returns the column errors in an error from Map: one for a *FieldError, all of
// them for a *RowError, none for anything else.
func FieldErrors(err error) []*FieldError {
	switch e := err.(type) {
	case *FieldError:
		return []*FieldError{e}
	case *RowError:
		return e.Errors
	}
	return nil
}

// rowError turns the failures of a row into Map's error: nil, the one *FieldError, or a
// *RowError with all of them.
func rowError(errs []*FieldError) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return &RowError{Errors: errs}
}
