package report

import "strings"

// A spreadsheet runs a cell as a formula when it starts with '=', '+', '-' or '@' (and some
// treat a leading tab or CR the same way), so a report opened in one could run what a hostile
// input put there (OWASP, "CSV injection"). The Writer therefore writes such an input cell, and
// header name, with a leading apostrophe, which spreadsheets show as text; the Reader takes it
// off again, so retry sends the original value. A leading LF counts as a trigger too: CSV
// readers turn a quoted CR LF into LF, and a cell starting with CR LF must still come back
// without the apostrophe.
//
// The mapping is a bijection. A cell that already starts with apostrophes followed by a trigger
// (Shopify writes '=… and '+49…) gets one more apostrophe, and reading takes exactly one
// apostrophe off a cell that starts with apostrophes followed by a trigger. Other cells, a lone
// apostrophe included, are written and read unchanged.

// isTrigger reports whether a cell starting with c would be run as a formula.
func isTrigger(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	return false
}

// guarded reports whether s, after any leading apostrophes, starts with a trigger.
func guarded(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && isTrigger(rest[0])
}

// Neutralise returns the cell as the report writes it: s with one more leading apostrophe when
// s, after its own leading apostrophes, starts with a formula trigger; otherwise s.
func Neutralise(s string) string {
	if guarded(s) {
		return "'" + s
	}
	return s
}

// Restore undoes Neutralise: it takes one leading apostrophe off a cell that starts with an
// apostrophe and, after its apostrophes, with a formula trigger. Restore(Neutralise(s)) == s
// for every s.
func Restore(s string) string {
	if strings.HasPrefix(s, "'") && guarded(s) {
		return s[1:]
	}
	return s
}
