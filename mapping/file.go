package mapping

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EmptyPolicy says what an empty cell (after transforms, values and default) sends.
type EmptyPolicy string

// The empty policies of a mapping file's `empty` key.
const (
	EmptySkip  EmptyPolicy = "skip"  // send nothing: the stored value stays
	EmptyClear EmptyPolicy = "clear" // send the attribute with an empty value: it is cleared
)

// InvalidPolicy says what a column's cell that fails validation does to its row.
type InvalidPolicy string

// The policies of a column's `invalid` key.
const (
	InvalidFail InvalidPolicy = "fail" // the row fails (the default)
	InvalidOmit InvalidPolicy = "omit" // the cell is not sent; the rest of the row is, with a note
)

// UnmappedPolicy says what happens to header columns the mapping file does not name.
type UnmappedPolicy string

// The policies of a mapping file's `unmapped` key.
const (
	UnmappedError  UnmappedPolicy = "error"  // stop before the first row and list them
	UnmappedIgnore UnmappedPolicy = "ignore" // leave them out
	UnmappedCustom UnmappedPolicy = "custom" // send them as user.CustomAttribute.<header>
)

// File is a parsed mapping file. Columns and Constants keep the order of the file.
type File struct {
	Identifier  Identifier // "" when the file names none
	PhoneRegion string     // upper-case region for numbers without a country code, or ""
	// PhoneRegionColumn names the header column whose cell is each row's own country, read
	// as the region of that row's phone numbers; "" when the region is PhoneRegion (or none).
	PhoneRegionColumn string
	PhoneRegionLine   int            // line of phone_region in the mapping file, 0 when not read from one
	Empty             EmptyPolicy    // EmptySkip unless the file says otherwise
	Unmapped          UnmappedPolicy // UnmappedError unless the file says otherwise
	// NoAuto turns auto-mapping off (`auto: false`): without it, header columns the file does
	// not name are auto-mapped as without a file, and only the rest meet the Unmapped policy.
	NoAuto bool
	// PhoneRegionDefault is the region of the rows whose PhoneRegionColumn cell is empty
	// (`phone_region: {column: Land, default: US}`); "" reads their numbers as international.
	PhoneRegionDefault string
	// PhoneRegionOr is a second country column, read where PhoneRegionColumn's cell is empty
	// (`phone_region: {column: Home Country, or: Business Country}`); "" for none.
	PhoneRegionOr string
	// TimeZone is the IANA name in which dates with a time of day but no offset are read;
	// "" means UTC.
	TimeZone string
	// SkipLines is the number of lines above the header (a report's title); the reader skips
	// them before it reads the header. At most MaxSkipLines.
	SkipLines int
	// Sheet names the sheet of an XLSX input that holds the list (`sheet:`; --sheet wins);
	// "" for the first.
	Sheet string

	SkipRows  []SkipRow // conditions that leave a row out, as skipped
	Columns   []Column
	Constants []Constant

	// Group is the `group` to make every contact a member of (0: none; --group wins), and
	// SubscriptionMode its `subscription_mode` ("": not given; --subscription wins).
	Group            int64
	SubscriptionMode string

	// LostLeadingZeros (`lost_leading_zeros: true`) says the list went through a spreadsheet
	// that read digit cells as numbers: a digits-only phone number that reads both ways is
	// read in the row's region, and a German zip code of four digits gets its 0 back. Each
	// such row carries a note. Never assumed: a four-digit code may be a pre-1993 one.
	LostLeadingZeros bool
}

// Column maps one header column.
type Column struct {
	Name       string            // header name, trimmed
	Target     string            // identifier field or attribute name, as written; "" when Skip
	Skip       bool              // the column is read but sends nothing
	Transforms []string          // as written, applied in order
	Values     map[string]string // exact value after transforms → value sent; nil when not set
	Default    string            // sent when the value is empty, if HasDefault
	HasDefault bool
	Line       int // line in the mapping file, 0 when not read from one

	// Replace rewrites the cell before its transforms; nil when not set.
	Replace *Replace
	// Template builds the column's value from the row's cells: "{Vorname} {Zweitname}"
	// renders each named header's cell, trimmed; "" when not set.
	Template string
	// Invalid is what a cell that fails validation does: InvalidFail ("" too) fails the row,
	// InvalidOmit sends nothing for the column and imports the rest of the row with a note.
	Invalid InvalidPolicy
	// Split fills two targets from a full name: the words before the last (first name) go to
	// Split[0], the last word with the name particles before it (last name) to Split[1]. A
	// column with Split has no Target.
	Split []string
}

// Replace is a column's `replace: {pattern, with}`: every match of the Go regular expression
// Pattern is replaced by With, in which $1 or ${name} stand for the pattern's groups.
type Replace struct {
	Pattern, With string
}

// Constant sends the same value on every row. An empty Value clears the attribute on every
// row, whatever the empty policy: a constant is written on purpose.
type Constant struct {
	Target string // attribute name, as written
	Value  string
	Line   int // line in the mapping file, 0 when not read from one
}

// Bounds of the values a mapping file may give: more is a mistake (or a file made to exhaust
// the reader), refused with the bound in the message.
const (
	MaxSkipLines  = 1000 // title lines above a header
	MaxSkipRows   = 100  // skip_rows conditions
	MaxSkipValues = 1000 // values of one skip_rows condition
	MaxReason     = 500  // characters of a skip_rows reason, which every skipped row's report line carries
	MaxSheetName  = 31   // characters of a sheet name, as Excel allows
)

// check validates f as a whole, the way ParseFile does, so that a File built in code gets the
// same guarantees. Errors carry the line when one is known.
func (f *File) check(name string) error {
	var errs []error
	fail := func(line int, format string, args ...any) {
		errs = append(errs, posError(name, line, fmt.Sprintf(format, args...)))
	}
	if f.Identifier != "" {
		if _, err := ParseIdentifier(string(f.Identifier)); err != nil {
			fail(0, "identifier: unknown identifier %q (want email, mobile, alias or external)", f.Identifier)
		}
	}
	switch {
	case f.PhoneRegion != "" && f.PhoneRegionColumn != "":
		fail(f.PhoneRegionLine, "phone_region: a region code or a column, not both")
	case f.PhoneRegionOr != "" && f.PhoneRegionColumn == "":
		fail(f.PhoneRegionLine, "phone_region: or goes with column: the country column read where the first one is empty")
	case f.PhoneRegionDefault != "" && f.PhoneRegionColumn == "":
		fail(f.PhoneRegionLine, "phone_region: default goes with column: the region of the rows whose country cell is empty")
	case f.PhoneRegionDefault != "" && !validRegion(f.PhoneRegionDefault):
		fail(f.PhoneRegionLine, "phone_region: default: unknown region %q (want a two-letter code such as US)", f.PhoneRegionDefault)
	case f.PhoneRegion != "" && !validRegion(f.PhoneRegion):
		fail(f.PhoneRegionLine, "phone_region: unknown region %q (want a two-letter code such as DE, or {column: <header>})", f.PhoneRegion)
	}
	switch f.Empty {
	case "", EmptySkip, EmptyClear:
	default:
		fail(0, "empty: unknown policy %q (want skip or clear)", f.Empty)
	}
	switch f.Unmapped {
	case "", UnmappedError, UnmappedIgnore, UnmappedCustom:
	default:
		fail(0, "unmapped: unknown policy %q (want error, ignore or custom)", f.Unmapped)
	}
	if f.TimeZone != "" {
		if _, err := loadTimeZone(f.TimeZone); err != nil {
			fail(0, "%v", err)
		}
	}
	switch {
	case f.SkipLines < 0:
		fail(0, "skip_lines: want 0 or more, not %d", f.SkipLines)
	case f.SkipLines > MaxSkipLines:
		fail(0, "skip_lines: %d is more than the %d title lines a list may have above its header", f.SkipLines, MaxSkipLines)
	}
	if n := utf8.RuneCountInString(f.Sheet); n > MaxSheetName || strings.IndexFunc(f.Sheet, unicode.IsControl) >= 0 {
		fail(0, "sheet: want the name of a sheet of the workbook (at most %d characters, without control characters)", MaxSheetName)
	}
	if len(f.SkipRows) > MaxSkipRows {
		fail(0, "skip_rows: %d conditions, more than the %d a mapping may have", len(f.SkipRows), MaxSkipRows)
	}
	for i := range f.SkipRows {
		if err := f.SkipRows[i].check(); err != nil {
			fail(f.SkipRows[i].Line, "%v", err)
		}
	}

	f.checkMembershipKeys(fail)

	type owner struct {
		what string
		line int
	}
	targets := map[string]owner{}
	claim := func(target, what string, line int) {
		k := targetKey(target)
		if prev, ok := targets[k]; ok {
			fail(line, "%s: target %q is already the target of %s%s", what, target, prev.what, lineRef(prev.line))
			return
		}
		targets[k] = owner{what, line}
	}
	names := map[string]int{}
	for _, c := range f.Columns {
		what := fmt.Sprintf("column %q", c.Name)
		if c.Name == "" {
			fail(c.Line, "column with an empty name")
			continue
		}
		if prev, ok := names[c.Name]; ok {
			fail(c.Line, "%s is mapped twice%s", what, lineRef(prev))
			continue
		}
		names[c.Name] = c.Line
		if err := c.check(); err != nil {
			fail(c.Line, "%s: %v", what, err)
			continue
		}
		switch {
		case c.Split != nil:
			claim(c.Split[0], what, c.Line)
			claim(c.Split[1], what, c.Line)
		case !c.Skip:
			claim(c.Target, what, c.Line)
		}
	}
	for _, k := range f.Constants {
		what := fmt.Sprintf("constant %q", k.Target)
		switch {
		case strings.TrimSpace(k.Target) == "":
			fail(k.Line, "constant with an empty target")
		case columnField(k.Target) == fieldSubscription || columnField(k.Target) == fieldMember:
			fail(k.Line, "%s: subscription and member.<Name> take their values from a column, not a constant", what)
		case targetField(k.Target) != fieldAttr:
			fail(k.Line, "%s: the identifier fields cannot be constants (every row would be the same contact)", what)
		default:
			if k.Value != "" {
				if fe := ruleFor(fieldAttr, k.Target).check(k.Value); fe != nil {
					fail(k.Line, "%s: %s", what, fe.Reason)
					continue
				}
			}
			claim(k.Target, what, k.Line)
		}
	}
	return errors.Join(errs...)
}

// check validates one column on its own: target, transforms, and that `values` and `default`
// only produce what the target accepts.
func (c *Column) check() error {
	switch c.Invalid {
	case "", InvalidFail, InvalidOmit:
	default:
		return fmt.Errorf("invalid: unknown policy %q (want fail or omit)", c.Invalid)
	}
	if c.Skip {
		if c.Target != "" || len(c.Transforms) > 0 || c.Values != nil || c.HasDefault ||
			c.Replace != nil || c.Template != "" || c.Split != nil || c.Invalid != "" {
			return errors.New("a skipped column takes no target, transform, values, default, replace, template, split or invalid")
		}
		return nil
	}
	if c.Invalid == InvalidOmit && columnField(c.Target) == fieldSubscription {
		return errors.New("invalid: omit cannot be used on a subscription column: a row whose decision cannot be read would be subscribed")
	}
	if c.Split != nil {
		if err := c.checkSplit(); err != nil {
			return err
		}
	} else if strings.TrimSpace(c.Target) == "" {
		return errors.New("no target (write skip to leave the column out)")
	}
	if _, err := parseTransforms(c.Transforms); err != nil {
		return err
	}
	if c.Replace != nil {
		if _, err := compileReplace(c.Replace); err != nil {
			return err
		}
	}
	if c.Template != "" {
		if _, err := parseTemplate(c.Template); err != nil {
			return err
		}
	}
	if f, ok := membershipField(c.Target); ok {
		return c.checkMembership(f)
	}
	if c.Split != nil {
		return nil
	}
	r := ruleFor(targetField(c.Target), c.Target)
	folded := map[string]string{} // folded key → the key as written
	for _, in := range sortedKeys(c.Values) {
		k := foldValue(in)
		if prev, ok := folded[k]; ok && c.Values[prev] != c.Values[in] {
			return fmt.Errorf("values: %q and %q are the same cell value (values ignore case and surrounding spaces) but map to different values", prev, in)
		}
		folded[k] = in
		if out := c.Values[in]; out != "" {
			if fe := r.check(out); fe != nil {
				return fmt.Errorf("values: %q maps to a value that is %s", in, fe.Reason)
			}
		}
	}
	if c.HasDefault && c.Default != "" {
		if fe := r.check(c.Default); fe != nil {
			return fmt.Errorf("default: %s", fe.Reason)
		}
	}
	return nil
}

// checkSplit checks `split: [first-name target, last-name target]`.
func (c *Column) checkSplit() error {
	switch {
	case c.Target != "":
		return errors.New("split takes the place of to: write one or the other")
	case c.Values != nil || c.HasDefault || c.Template != "":
		return errors.New("split takes no values, default or template")
	case len(c.Split) != 2:
		return errors.New("split: want two targets, [first name, last name] (for example [user.FirstName, user.LastName])")
	}
	for _, t := range c.Split {
		if strings.TrimSpace(t) == "" || targetField(t) != fieldAttr {
			return fmt.Errorf("split: %q is not an attribute (the identifier fields cannot take part of a name)", t)
		}
	}
	if targetKey(c.Split[0]) == targetKey(c.Split[1]) {
		return errors.New("split: the two targets are the same attribute")
	}
	return nil
}

func parseTransforms(names []string) ([]transform, error) {
	var ts []transform
	for _, n := range names {
		t, err := parseTransform(n)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

func posError(name string, line int, msg string) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", name, line, msg)
	}
	return fmt.Errorf("%s: %s", name, msg)
}

func lineRef(line int) string {
	if line > 0 {
		return fmt.Sprintf(" (line %d)", line)
	}
	return ""
}
