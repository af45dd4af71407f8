package mapping

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Options are the command-line overrides of a mapping.
type Options struct {
	Identifier Identifier // from --identifier; "" means: the file's, else Email
	// Types are the tenant's types of custom attributes (typed.go), from its profile; Map
	// refuses a value they refuse. Nil checks none.
	Types []Typed
}

// Mapper maps the rows of one input, compiled from its header. It is immutable after Compile
// and safe for concurrent use.
type Mapper struct {
	id       Identifier
	idField  field
	header   []string
	cols     []col       // the columns that send something, in header order
	consts   []Attribute // sent on every row, after the columns
	clear    bool        // empty: clear
	region   phoneRegion // phone_region: the mapping's region, or the column of each row's country
	regionAt int         // index of the phone_region column, -1 without one
	regionOr int         // index of its `or` column, read where the first is empty; -1 without one
	nattrs   int         // attributes a row can send at most, to size the slice once
	skips    []skipRule  // skip_rows
	tz       string      // timezone, "" for UTC
	types    typeSet     // the tenant's types of custom attributes; nil: none known

	// For German zip codes shortened by a spreadsheet: the columns (in cols) of the zip code
	// and the country, -1 when none, and whether a constant makes every row German.
	zipCol, countryCol int
	countryDE          bool
	lostZeros          bool // lost_leading_zeros: German zip codes of four digits get their 0 back
	resolved           []Resolved
	fp                 string
	group              int64  // the mapping file's group, 0 when none
	mode               string // the mapping file's subscription_mode, "" when none
}

// col is one header column that sends something, with everything a row needs precomputed.
type col struct {
	index      int
	name       string // header name, for errors
	field      field
	attr       string // attribute name as sent, for fieldAttr
	transforms []transform
	values     map[string]string
	def        string
	hasDef     bool
	rule       rule
	auto       bool // auto-mapped: the mapping file does not name the column
	replace    *replacer
	template   []templatePart // the value is rendered from these; nil when not a template

	// split: the value is a full name; field, attr and rule take the first name, these the last.
	split     bool
	lastField field
	lastAttr  string
	lastRule  rule

	damage damageChecks
	omit   bool // invalid: omit: a cell that fails is not sent, and the row goes on with a note

	transformNames []string // as written, for Resolved and the fingerprint
}

// Resolved describes how one header column or constant is mapped, for `check` to print.
type Resolved struct {
	Column     string   // header name; "" for a constant
	Target     string   // "email", "mobile", "alias", "external", an attribute name, "(skip)", "(ignored)" or "(phone region)"
	Transforms []string // transforms applied, as written
	Constant   string   // the value, for a constant
	IsConstant bool
	Auto       bool // auto-mapped (by its name alone), with or without a mapping file
}

// Targets shown by Resolved for columns that send nothing.
const (
	resolvedSkip    = "(skip)"    // the mapping file says skip
	resolvedIgnored = "(ignored)" // not in the mapping file, and unmapped: ignore
	// resolvedSkipRows: not under the mapping file's columns, but read by its skip_rows
	resolvedSkipRows = "(skip_rows)"
	// resolvedPhoneRegion: not in the mapping file's columns, but its phone_region column
	resolvedPhoneRegion = "(phone region)"
)

// Compile resolves f against the input header. The header names are trimmed here. f == nil
// means auto-mapping (see autoTarget). Header problems come back together in one *HeaderError,
// so that a user fixes them in one go; a File that fails its own checks gives a plain error.
func Compile(f *File, header []string, opts Options) (*Mapper, error) {
	id, err := chooseIdentifier(f, opts)
	if err != nil {
		return nil, fmt.Errorf("compile mapping: %w", err)
	}
	if f != nil {
		if err := f.check("mapping file"); err != nil {
			return nil, fmt.Errorf("compile mapping: %w", err)
		}
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = strings.TrimSpace(h)
	}
	herr := &HeaderError{}
	if !slices.ContainsFunc(names, func(s string) bool { return s != "" }) {
		herr.Empty = true
		herr.Hint = hintEmpty
		return nil, herr
	}
	first := map[string]int{} // name → first column with it
	reported := map[string]bool{}
	for i, n := range names {
		if _, ok := first[n]; !ok {
			first[n] = i
		} else if !reported[n] {
			herr.Duplicate = append(herr.Duplicate, n)
			reported[n] = true
		}
	}

	m := &Mapper{id: id, idField: id.field(), header: names, regionAt: -1, regionOr: -1}
	if f == nil {
		m.autoMap(first, herr)
	} else {
		if err := m.fileMap(f, first, herr); err != nil {
			return nil, fmt.Errorf("compile mapping: %w", err)
		}
	}
	m.checkTargets(herr)
	if herr.failed() {
		herr.Hint = herr.hint(f, names)
		return nil, herr
	}
	m.planDamage()
	m.planPhone()
	m.types = newTypeSet(opts.Types)
	if err := m.checkConstants(); err != nil {
		return nil, err
	}
	for _, c := range m.cols {
		if c.field == fieldAttr {
			m.nattrs++
		}
		if c.split {
			m.nattrs++
		}
	}
	m.nattrs += len(m.consts)
	m.fp = m.fingerprint(f)
	return m, nil
}

func chooseIdentifier(f *File, opts Options) (Identifier, error) {
	switch {
	case opts.Identifier != "":
		return ParseIdentifier(string(opts.Identifier))
	case f != nil && f.Identifier != "":
		return ParseIdentifier(string(f.Identifier))
	}
	return Email, nil
}

// fileMap plans the columns a mapping file names and applies its unmapped policy to the rest.
func (m *Mapper) fileMap(f *File, first map[string]int, herr *HeaderError) error {
	m.clear = f.Empty == EmptyClear
	m.tz = f.TimeZone
	loc, err := loadTimeZone(cmp.Or(f.TimeZone, "UTC"))
	if err != nil {
		return err
	}
	m.group, m.mode = f.Group, f.SubscriptionMode
	m.lostZeros = f.LostLeadingZeros
	m.region = phoneRegion{code: f.PhoneRegion, lostZeros: f.LostLeadingZeros}
	if name := strings.TrimSpace(f.PhoneRegionColumn); name != "" {
		m.region = phoneRegion{column: name, code: f.PhoneRegionDefault, lostZeros: f.LostLeadingZeros}
		if i, ok := first[name]; ok {
			m.regionAt = i
		} else {
			herr.Missing = append(herr.Missing, name)
		}
		if or := strings.TrimSpace(f.PhoneRegionOr); or != "" {
			if i, ok := first[or]; ok {
				m.regionOr = i
			} else {
				herr.Missing = append(herr.Missing, or)
			}
		}
	}
	byName := map[string]*Column{}
	claimed := map[string]bool{} // targets the file writes: auto-mapping leaves them alone
	for i := range f.Columns {
		c := &f.Columns[i]
		byName[c.Name] = c
		if _, ok := first[c.Name]; !ok {
			herr.Missing = append(herr.Missing, c.Name)
		}
		switch {
		case c.Split != nil:
			claimed[targetKey(c.Split[0])] = true
			claimed[targetKey(c.Split[1])] = true
		case !c.Skip:
			claimed[targetKey(c.Target)] = true
		}
	}
	for _, k := range f.Constants {
		claimed[targetKey(k.Target)] = true
	}
	for i, name := range m.header {
		if first[name] != i {
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedSkip})
			continue // a duplicate name, already reported
		}
		c, mapped := byName[name]
		switch {
		case mapped && c.Skip:
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedSkip})
		case mapped:
			ts, err := parseTransforms(c.Transforms)
			if err != nil {
				return fmt.Errorf("column %q: %w", name, err)
			}
			for k := range ts {
				ts[k].date.loc = loc
			}
			cc, err := m.fileCol(i, c, ts, first, herr)
			if err != nil {
				return fmt.Errorf("column %q: %w", name, err)
			}
			if err := m.planOmit(&cc, c); err != nil {
				return err
			}
			m.add(cc)
		case !f.NoAuto && m.autoCol(i, name, claimed):
			// Not named by the file, but a column auto-mapping knows.
		case f.Unmapped != UnmappedCustom && slices.ContainsFunc(f.SkipRows, func(s SkipRow) bool { return s.Column == name }):
			// Read for skip_rows only; naming it under columns sends it as well.
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedSkipRows})
		case (i == m.regionAt || i == m.regionOr) && f.Unmapped != UnmappedCustom:
			// Read for the phone numbers only; naming it under columns sends it as well.
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedPhoneRegion})
		case f.Unmapped == UnmappedIgnore:
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedIgnored})
		case f.Unmapped == UnmappedCustom && name != "":
			attr := "user.CustomAttribute." + name
			m.add(col{index: i, name: name, attr: attr, rule: ruleFor(fieldAttr, attr)})
		default:
			herr.Unknown = append(herr.Unknown, name)
		}
	}
	m.compileSkips(f.SkipRows, first, herr)
	for _, k := range f.Constants {
		m.consts = append(m.consts, Attribute{Name: k.Target, Value: k.Value})
		m.resolved = append(m.resolved, Resolved{Target: k.Target, Constant: k.Value, IsConstant: true})
	}
	return nil
}

// autoMap plans every header column by its name alone.
func (m *Mapper) autoMap(first map[string]int, herr *HeaderError) {
	for i, name := range m.header {
		if first[name] != i {
			m.resolved = append(m.resolved, Resolved{Column: name, Target: resolvedSkip})
			continue
		}
		if !m.autoCol(i, name, nil) {
			herr.Unknown = append(herr.Unknown, name)
		}
	}
}

// autoCol plans column i by its name alone, as auto-mapping does, and reports whether it did.
// A column whose auto-mapped target is in claimed (written by the mapping file) is left to the
// caller: the file's choice wins.
func (m *Mapper) autoCol(i int, name string, claimed map[string]bool) bool {
	fld, attr, ok := autoTarget(name)
	if !ok {
		return false
	}
	target := attr
	if fld != fieldAttr {
		target = fld.String()
	}
	if claimed[targetKey(target)] {
		return false
	}
	c := col{index: i, name: name, field: fld, attr: attr, rule: ruleFor(fld, attr), auto: true}
	if fld != fieldAttr {
		// Identifier values decide which contact a row is; stray spaces must not make a new one.
		c.transforms = []transform{{op: opTrim}}
		c.transformNames = []string{"trim"}
	}
	m.add(c)
	return true
}

// fileCol plans column i as the mapping file's c says. A template's placeholders that name no
// header column are added to herr.Missing.
func (m *Mapper) fileCol(i int, c *Column, ts []transform, first map[string]int, herr *HeaderError) (col, error) {
	fld := columnField(c.Target)
	cc := col{index: i, name: m.header[i], field: fld, attr: c.Target, transforms: ts,
		transformNames: slices.Clone(c.Transforms), values: foldValues(c.Values), def: c.Default,
		hasDef: c.HasDefault, rule: ruleFor(fld, c.Target)}
	if c.Replace != nil {
		r, err := compileReplace(c.Replace)
		if err != nil {
			return col{}, err
		}
		cc.replace = r
	}
	if c.Template != "" {
		parts, err := parseTemplate(c.Template)
		if err != nil {
			return col{}, err
		}
		for j := range parts {
			if parts[j].column < 0 {
				continue
			}
			k, ok := first[parts[j].text]
			if !ok && !slices.Contains(herr.Missing, parts[j].text) {
				herr.Missing = append(herr.Missing, parts[j].text)
			}
			parts[j].column = k
		}
		cc.template = parts
	}
	if c.Split != nil {
		cc.split = true
		cc.field, cc.attr, cc.rule = fieldAttr, c.Split[0], ruleFor(fieldAttr, c.Split[0])
		cc.lastField, cc.lastAttr, cc.lastRule = fieldAttr, c.Split[1], ruleFor(fieldAttr, c.Split[1])
	}
	return cc, nil
}

func (m *Mapper) add(c col) {
	m.cols = append(m.cols, c)
	target := c.target()
	if c.split {
		target = "split: " + c.attr + ", " + c.lastAttr
	}
	m.resolved = append(m.resolved, Resolved{Column: c.name, Target: target, Transforms: c.transformNames, Auto: c.auto})
}

// checkTargets finds targets written by two columns (or a column and a constant), and an
// identifier no column provides.
func (m *Mapper) checkTargets(herr *HeaderError) {
	owner := map[string]string{}
	claim := func(target, what string) {
		k := targetKey(target)
		if prev, ok := owner[k]; ok {
			herr.Conflict = append(herr.Conflict, fmt.Sprintf("%s and %s both map to %s", prev, what, target))
			return
		}
		owner[k] = what
	}
	hasID := false
	for _, c := range m.cols {
		target := c.target()
		claim(target, fmt.Sprintf("column %q", c.name))
		if c.split {
			claim(c.lastAttr, fmt.Sprintf("column %q", c.name))
		}
		hasID = hasID || c.field == m.idField
	}
	for _, k := range m.consts {
		claim(k.Name, fmt.Sprintf("constant %q", k.Name))
	}
	if !hasID {
		herr.NoIdentifier = m.id
	}
}

// Identifier returns how contacts are matched.
func (m *Mapper) Identifier() Identifier { return m.id }

// Columns returns the number of header columns; every row passed to Map has this many cells.
func (m *Mapper) Columns() int { return len(m.header) }

// Resolved describes the mapping: one entry per header column in header order (including
// skipped and ignored ones), then one per constant.
func (m *Mapper) Resolved() []Resolved {
	out := make([]Resolved, len(m.resolved))
	for i, r := range m.resolved {
		r.Transforms = slices.Clone(r.Transforms)
		out[i] = r
	}
	return out
}

// Fingerprint returns a stable hex SHA-256 of everything that decides what is sent: header,
// identifier, policies, phone region, targets, transforms, values, defaults and constants.
// The same inputs give the same string, in any process.
func (m *Mapper) Fingerprint() string { return m.fp }
