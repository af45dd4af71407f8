package mapping

import (
	"fmt"
	"strings"
)

// HeaderError lists every problem of an input header against a mapping, so that all of them
// are reported before any request is made.
type HeaderError struct {
	Missing      []string   // mapping file columns not in the header
	Unknown      []string   // header columns with no mapping (auto-mapping, or unmapped: error)
	Duplicate    []string   // header names that occur more than once, after trimming
	Conflict     []string   // "column "A" and column "B" both map to email", one entry per clash
	Empty        bool       // no header at all
	NoIdentifier Identifier // set when no column maps to the identifier
	Hint         string     // how to fix it
}

const hintEmpty = "the first non-blank line of the input must name the columns"

// maxListed bounds each list in the message; a wrong delimiter can make hundreds of columns.
const maxListed = 20

func (e *HeaderError) failed() bool {
	return e.Empty || len(e.Missing) > 0 || len(e.Unknown) > 0 || len(e.Duplicate) > 0 ||
		len(e.Conflict) > 0 || e.NoIdentifier != ""
}

// Error returns one line that names every problem, then the hint.
func (e *HeaderError) Error() string {
	var parts []string
	if e.Empty {
		parts = append(parts, "the input has no header")
	}
	if len(e.Duplicate) > 0 {
		parts = append(parts, "duplicate column names "+quoteList(e.Duplicate))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "mapping columns missing from the header "+quoteList(e.Missing))
	}
	if len(e.Unknown) > 0 {
		parts = append(parts, "unknown columns "+quoteList(e.Unknown))
	}
	if len(e.Conflict) > 0 {
		parts = append(parts, strings.Join(e.Conflict, ", "))
	}
	if e.NoIdentifier != "" {
		parts = append(parts, fmt.Sprintf("no column maps to the identifier %s", e.NoIdentifier))
	}
	msg := "check header: " + strings.Join(parts, "; ")
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func quoteList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == maxListed {
			fmt.Fprintf(&b, " and %d more", len(names)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}

// hint says how to fix what failed; f is nil for auto-mapping.
func (e *HeaderError) hint(f *File, header []string) string {
	var hints []string
	if len(e.Duplicate) > 0 {
		hints = append(hints, "give every column its own name")
	}
	if len(e.Missing) > 0 {
		hints = append(hints, "check the spelling and the delimiter (--delimiter), or remove the columns from the mapping file")
		for _, miss := range e.Missing {
			for _, h := range header {
				if spelling(h) == spelling(miss) {
					hints = append(hints, fmt.Sprintf("%q is written %q in the header", miss, h))
					break
				}
			}
		}
	}
	if len(e.Unknown) > 0 {
		if f == nil {
			hints = append(hints, "map or skip them in a mapping file (--mapping FILE), or set `unmapped: ignore` there")
		} else {
			hints = append(hints, "map or skip them under columns:, or set `unmapped: ignore` (or `custom`) in the mapping file")
		}
	}
	if len(e.Conflict) > 0 {
		hints = append(hints, "map each target from one column only and skip the others")
	}
	if e.NoIdentifier != "" {
		if f == nil {
			hints = append(hints, fmt.Sprintf("name a column for %s (for example %s), choose another --identifier, or use a mapping file", e.NoIdentifier, autoExample(e.NoIdentifier)))
		} else {
			hints = append(hints, fmt.Sprintf("map a column to %s, or choose another identifier", e.NoIdentifier))
		}
	}
	return strings.Join(hints, "; ")
}

func autoExample(id Identifier) string {
	switch id {
	case Mobile:
		return `"Mobile" or "user.MobileNumber"`
	case Alias:
		return `"user.FaxNumber"`
	case External:
		return `"user.Identifier"`
	}
	return `"Email" or "user.Email"`
}

// autoTarget maps a header name without a mapping file: Mapp's own import headers first
// (user.Email, user.MobileNumber, user.FaxNumber, user.Identifier, any other user.X), then
// common English and German spellings of email, mobile, first and last name.
func autoTarget(name string) (field, string, bool) {
	if len(name) > len("user.") && strings.EqualFold(name[:len("user.")], "user.") {
		if f := targetField(name); f != fieldAttr {
			return f, "", true
		}
		rest := name[len("user."):]
		const custom = "customattribute."
		if strings.TrimSpace(rest) == "" || strings.EqualFold(rest, custom[:len(custom)-1]) ||
			len(rest) >= len(custom) && strings.EqualFold(rest[:len(custom)], custom) && strings.TrimSpace(rest[len(custom):]) == "" {
			return fieldAttr, "", false
		}
		return fieldAttr, name, true
	}
	switch spelling(name) {
	case "email", "mail", "emailaddress", "emailadresse":
		return fieldEmail, "", true
	case "mobile", "mobilenumber", "cell", "cellphone", "phone", "handy", "mobil", "mobilnummer":
		return fieldMobile, "", true
	case "firstname", "givenname", "vorname":
		return fieldAttr, "user.FirstName", true
	case "lastname", "surname", "familyname", "nachname":
		return fieldAttr, "user.LastName", true
	}
	return fieldAttr, "", false
}

// spelling folds a header name for comparison: lower case, without spaces, '-', '_' and '.'.
func spelling(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.':
			return -1
		}
		return r
	}, strings.ToLower(name))
}
