package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// Options are the command-line overrides of a mapping.
type Options struct {
	Identifier Identifier // from --identifier; "" means: the file's, else Email
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
	nattrs   int         // attributes a row can send at most, to size the slice once
	resolved []Resolved
	fp       string
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

	transformNames []string // as written, for Resolved and the fingerprint
}

// Resolved describes how one header column or constant is mapped, for `check` to print.
type Resolved struct {
	Column     string   // header name; "" for a constant
	Target     string   // "email", "mobile", "alias", "external", an attribute name, "(skip)", "(ignored)" or "(phone region)"
	Transforms []string // transforms applied, as written
	Constant   string   // the value, for a constant
	IsConstant bool
}

// Targets shown by Resolved for columns that send nothing.
const (
	resolvedSkip    = "(skip)"    // the mapping file says skip
	resolvedIgnored = "(ignored)" // not in the mapping file, and unmapped: ignore
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

	m := &Mapper{id: id, idField: id.field(), header: names, regionAt: -1}
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
	for _, c := range m.cols {
		if c.field == fieldAttr {
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
	m.region = phoneRegion{code: f.PhoneRegion}
	if name := strings.TrimSpace(f.PhoneRegionColumn); name != "" {
		m.region = phoneRegion{column: name}
		if i, ok := first[name]; ok {
			m.regionAt = i
		} else {
			herr.Missing = append(herr.Missing, name)
		}
	}
	byName := map[string]*Column{}
	for i := range f.Columns {
		c := &f.Columns[i]
		byName[c.Name] = c
		if _, ok := first[c.Name]; !ok {
			herr.Missing = append(herr.Missing, c.Name)
		}
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
			fld := targetField(c.Target)
			m.add(col{index: i, name: name, field: fld, attr: c.Target, transforms: ts,
				transformNames: slices.Clone(c.Transforms), values: c.Values, def: c.Default,
				hasDef: c.HasDefault, rule: ruleFor(fld, c.Target)})
		case i == m.regionAt && f.Unmapped != UnmappedCustom:
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
		fld, attr, ok := autoTarget(name)
		if !ok {
			herr.Unknown = append(herr.Unknown, name)
			continue
		}
		c := col{index: i, name: name, field: fld, attr: attr, rule: ruleFor(fld, attr)}
		if fld != fieldAttr {
			// Identifier values decide which contact a row is; stray spaces must not make a new one.
			c.transforms = []transform{{op: opTrim}}
			c.transformNames = []string{"trim"}
		}
		m.add(c)
	}
}

func (m *Mapper) add(c col) {
	m.cols = append(m.cols, c)
	target := c.attr
	if c.field != fieldAttr {
		target = c.field.String()
	}
	m.resolved = append(m.resolved, Resolved{Column: c.name, Target: target, Transforms: c.transformNames})
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
		target := c.attr
		if c.field != fieldAttr {
			target = c.field.String()
		}
		claim(target, fmt.Sprintf("column %q", c.name))
		hasID = hasID || c.field == m.idField
	}
	for _, k := range m.consts {
		claim(k.Name, fmt.Sprintf("constant %q", k.Name))
	}
	if !hasID {
		herr.NoIdentifier = m.id
	}
}

// PhoneRegion says how phone numbers without "+" or "00" are read, for `check` to print.
type PhoneRegion struct {
	Used   bool   // some column reads phone numbers (the mobile field, or the phone transform)
	Region string // the mapping's region code; "" with Column, or without any region
	Column string // header of the column with each row's country; "" when not per row
}

// PhoneRegion returns how phone numbers without "+" or "00" are read.
func (m *Mapper) PhoneRegion() PhoneRegion {
	pr := PhoneRegion{Region: m.region.code, Column: m.region.column}
	for _, c := range m.cols {
		pr.Used = pr.Used || c.field == fieldMobile || slices.Contains(c.transformNames, "phone")
	}
	return pr
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
