package mapping

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Typed is what a tenant's attribute definition says about one custom attribute's values (doctor
// keeps it in the tenant profile): its data type, "STRING", "NUMBER", "BOOLEAN" or "DATE", and
// for an enumerated attribute the values it allows. With Options.Types, Map refuses a value the
// tenant would refuse, before any request, as a *FieldError of its own code:
//
//   - DATE (typed_date): YYYY-MM-DD or YYYY-MM-DDThh:mm:ss±hh:mm, what a date:<pattern>
//     transform writes. A date written otherwise needs that transform: the tool does not guess
//     a date's order.
//   - NUMBER (typed_number): digits with an optional minus and a decimal point. A decimal
//     comma is read only where the column says so, with a replace that rewrites it
//     (replace: {pattern: '^(-?[0-9]+),([0-9]+)$', with: '$1.$2'}); "12,5" or "12,5€" alone is
//     refused, since 1,250 may be a thousand or a decimal.
//   - BOOLEAN (typed_boolean): true or false in any case, sent in lower case; other yes/no
//     words need the bool transform.
//   - an enumeration (typed_enum): exactly one of Values, which the error names.
//
// An empty value is not checked: it sends nothing or clears, as the empty policy says.
type Typed struct {
	Name   string // the attribute's name, with or without user.CustomAttribute.
	Type   string
	Values []string // the allowed values of an enumerated attribute; nil when any is allowed
}

// maxNamedValues caps how many allowed values an error names.
const maxNamedValues = 10

var (
	typedNumber   = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	typedDateTime = "2006-01-02T15:04:05-07:00"
)

// typedKey is the name a custom attribute is looked up by among the types: lower case, without
// "user." and "CustomAttribute."; "" for a standard attribute named without the prefix.
func typedKey(name string) string {
	rest := strings.TrimSpace(name)
	if len(rest) > len("user.") && strings.EqualFold(rest[:len("user.")], "user.") {
		rest = rest[len("user."):]
	}
	if len(rest) > len("customattribute.") && strings.EqualFold(rest[:len("customattribute.")], "customattribute.") {
		return strings.ToLower(rest[len("customattribute."):])
	}
	if standardAttribute[strings.ToLower(rest)] {
		return ""
	}
	return strings.ToLower(rest)
}

// standardAttribute are Engage's standard profile attributes, folded: the tenant's definitions
// of custom attributes never apply to them.
var standardAttribute = map[string]bool{"firstname": true, "lastname": true, "nickname": true, "title": true,
	"dateofbirth": true, "zipcode": true, "isocountrycode": true, "isolanguagecode": true,
	"timezone": true, "partnerid": true}

// typeSet maps typedKey names to their types; nil when the run has none.
type typeSet map[string]Typed

func newTypeSet(types []Typed) typeSet {
	if len(types) == 0 {
		return nil
	}
	set := make(typeSet, len(types))
	for _, t := range types {
		k := typedKey(t.Name)
		if k == "" {
			continue
		}
		switch t.Type {
		case "", "STRING", "NUMBER", "BOOLEAN", "DATE":
		default:
			// A type this tool does not know is the tenant's to check.
			t.Type = ""
		}
		set[k] = t
	}
	return set
}

// check returns v as the tenant takes it for attribute attr, or the error that refuses it.
func (s typeSet) check(attr, v string) (string, *FieldError) {
	if s == nil || v == "" {
		return v, nil
	}
	t, ok := s[typedKey(attr)]
	if !ok {
		return v, nil
	}
	name := strings.TrimSpace(t.Name)
	switch t.Type {
	case "DATE":
		if !isoDateValue(v) {
			return "", &FieldError{Code: "typed_date", Reason: fmt.Sprintf(
				"not a date as the tenant's DATE attribute %s takes it (YYYY-MM-DD): give the column a date pattern, like transforms: [date:DD.MM.YYYY]", name)}
		}
	case "NUMBER":
		if !typedNumber.MatchString(v) {
			return "", &FieldError{Code: "typed_number", Reason: fmt.Sprintf(
				"not a number as the tenant's NUMBER attribute %s takes it (digits, a decimal point, no unit or currency sign); a decimal comma is read only where the column's replace rewrites it", name)}
		}
	case "BOOLEAN":
		switch strings.ToLower(v) {
		case "true", "false":
			v = strings.ToLower(v)
		default:
			return "", &FieldError{Code: "typed_boolean", Reason: fmt.Sprintf(
				"not true or false, which the tenant's BOOLEAN attribute %s takes; for yes/no words give the column transforms: [bool]", name)}
		}
	}
	if t.Values != nil && !slices.Contains(t.Values, v) {
		return "", &FieldError{Code: "typed_enum", Reason: fmt.Sprintf(
			"not one of the values the tenant allows for %s: %s; map the others with values in the mapping", name, namedValues(t.Values))}
	}
	return v, nil
}

func isoDateValue(v string) bool {
	for _, layout := range []string{time.DateOnly, typedDateTime} {
		if len(v) == len(layout) {
			if _, err := time.Parse(layout, v); err == nil {
				return true
			}
		}
	}
	return false
}

// namedValues lists allowed values, quoted, at most maxNamedValues of them.
func namedValues(vals []string) string {
	shown := vals
	if len(shown) > maxNamedValues {
		shown = shown[:maxNamedValues]
	}
	q := make([]string, len(shown))
	for i, v := range shown {
		q[i] = fmt.Sprintf("%q", v)
	}
	s := strings.Join(q, ", ")
	if len(vals) > len(shown) {
		s += fmt.Sprintf(" and %d more", len(vals)-len(shown))
	}
	return s
}

// checkConstants refuses a constant whose value the tenant's type refuses: every row would fail.
func (m *Mapper) checkConstants() error {
	for i, k := range m.consts {
		v, fe := m.types.check(k.Name, k.Value)
		if fe != nil {
			return fmt.Errorf("compile mapping: constant %s: %s", k.Name, fe.Reason)
		}
		m.consts[i].Value = v
	}
	return nil
}
