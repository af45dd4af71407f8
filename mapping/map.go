package mapping

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Contact is what one row sends. Identifier fields are "" when absent and are never sent empty.
type Contact struct {
	// Key is the identifier's value after transforms. For email it is as mapped; callers that
	// need a case-insensitive key fold it themselves.
	Key      string
	Email    string
	Mobile   string
	Alias    string
	External string
	// Attributes come in header order, then the constants. With `empty: clear` an empty cell
	// gives an attribute with Value "".
	Attributes []Attribute
	// Subscription is the row's decision about the run's group: "" without a subscription
	// column (subscribe), else Subscribe, Unsubscribe or Keep.
	Subscription Subscription
	// Member are the member attributes (targets member.<Name>), by bare name, in header order.
	Member []Attribute
	// Notes are the cells the row is sent without, or not as written, because the mapping
	// says so (`invalid: omit`, `lost_leading_zeros`), in header order; nil when none.
	Notes []Note
}

// Attribute is one contact attribute, named as Engage will receive it.
type Attribute struct {
	Name, Value string
}

// FieldError says what is wrong with a row and in which column. It does not repeat the cell's
// value, which is personal data; where a spreadsheet changed a cell, or a phone number reads as
// two numbers, it says what the original must have been (the report beside the row's own
// cells is the only place it goes, never a log).
type FieldError struct {
	Column string // header name; "" when the row as a whole is wrong (its number of cells)
	Code   string // machine code for the report, such as invalid_email or missing_identifier
	Reason string // lower-case phrase, such as "not a valid email address"
}

// Error returns the reason with its column: `column "E-Mail": not a valid email address`.
func (e *FieldError) Error() string {
	if e.Column == "" {
		return "row: " + e.Reason
	}
	return "column " + strconv.Quote(e.Column) + ": " + e.Reason
}

// Map turns one data row into a contact. A row that cannot be sent gives a *FieldError when one
// column fails, and a *RowError naming every failing column, in header order, when several do.
// It applies transforms, values, default and the empty policy, adds the constants, and
// validates with Engage's rules. A cell the mapping omits (`invalid: omit`) or restores
// (`lost_leading_zeros`) does not fail the row: it is a Note in the contact's Notes. cells must
// have Columns() entries; Map never panics.
func (m *Mapper) Map(cells []string) (Contact, error) {
	if len(cells) != len(m.header) {
		return Contact{}, &FieldError{Code: "field_count",
			Reason: "row has " + strconv.Itoa(len(cells)) + " fields, the header " + strconv.Itoa(len(m.header))}
	}
	var errs []*FieldError // invalid UTF-8
	// Every cell is checked, mapped or not: invalid UTF-8 means the input's encoding is wrong,
	// and the row would come back as mojibake in the report. The columns' own checks would
	// only repeat that, so they do not run.
	for i, cell := range cells {
		if !utf8.ValidString(cell) {
			errs = append(errs, &FieldError{Column: m.header[i], Code: "invalid_utf8", Reason: "not valid UTF-8 (check the input encoding)"})
		}
	}
	if errs != nil {
		return Contact{}, rowError(errs)
	}
	region := m.rowRegion(cells)
	var c Contact
	if m.nattrs > 0 {
		c.Attributes = make([]Attribute, 0, m.nattrs)
	}
	r := rowState{zipAt: -1}
	for i := range m.cols {
		m.mapCol(&c, &r, i, cells, region)
	}
	if m.zipCol >= 0 && r.zipAt >= 0 && shortZip(r.zip) && (germanCountry(r.country) || m.countryDE) {
		note, fe := m.germanZip(&c, r.zipAt, r.zip)
		if note != nil {
			r.notes = append(r.notes, *note)
		} else {
			// In header order among the others.
			k := 0
			for k < len(r.at) && r.at[k] < m.cols[m.zipCol].index {
				k++
			}
			r.errs = slices.Insert(r.errs, k, fe)
		}
	}
	if r.errs != nil {
		return Contact{}, rowError(r.errs)
	}
	sortNotes(r.notes)
	c.Notes = r.notes
	c.Attributes = append(c.Attributes, m.consts...)
	switch m.idField {
	case fieldEmail:
		c.Key = c.Email
	case fieldMobile:
		c.Key = c.Mobile
	case fieldAlias:
		c.Key = c.Alias
	case fieldExternal:
		c.Key = c.External
	}
	return c, nil
}

// rowState is what Map gathers over a row's columns.
type rowState struct {
	errs  []*FieldError
	at    []int // header index of each of errs
	notes []Note
	// For German zip codes shortened by a spreadsheet: the zip code and the country as sent,
	// and the zip code's index in the contact's Attributes (-1: not sent).
	zip, country string
	zipAt        int
}

// mapCol maps column i of the row into c. A cell that fails fails the row (r.errs), or, in an
// `invalid: omit` column, is not sent and becomes a note.
func (m *Mapper) mapCol(c *Contact, r *rowState, i int, cells []string, region phoneRegion) {
	col := &m.cols[i]
	fail := func(fe *FieldError) {
		if col.omit {
			r.notes = append(r.notes, omitted(col, fe))
			return
		}
		fe.Column = col.name
		r.errs, r.at = append(r.errs, fe), append(r.at, col.index)
	}
	raw := cells[col.index]
	cell := raw
	if col.template != nil {
		cell = renderTemplate(col.template, cells)
	}
	if col.damage.scientific {
		if n, ok := scientificDigits(cell); ok {
			fail(scientificError(n))
			return
		}
	}
	v, fixed, fe := col.value(cell, region)
	if fe != nil {
		fail(col.diagnose(cell, fe))
		return
	}
	if col.field == fieldSubscription || col.field == fieldMember {
		if fe := m.membership(c, col, v); fe != nil {
			fail(fe)
		}
		return
	}
	if col.field == fieldMobile && v != "" {
		// Whatever the transforms: one number is one key, whichever way it was written.
		var again bool
		if v, again, fe = mobileNumber(v, region); fe != nil {
			fail(col.diagnose(cell, fe))
			return
		}
		fixed = fixed || again
	}
	if col.field == fieldAttr {
		if v, fe = m.types.check(col.attr, v); fe != nil {
			fail(fe)
			return
		}
	}
	if col.split {
		if fe := m.putSplit(c, col, v); fe != nil {
			fail(fe)
		}
		return
	}
	if fe := m.put(c, col.field, col.attr, col.rule, v); fe != nil {
		fail(col.diagnose(cell, fe))
		return
	}
	if fixed {
		r.notes = append(r.notes, restored(col, raw, v))
	}
	switch i {
	case m.zipCol:
		if v != "" {
			r.zip, r.zipAt = v, len(c.Attributes)-1
		}
	case m.countryCol:
		r.country = v
	}
}

// putSplit sets the first and last name of a split column's full name v, both or neither.
func (m *Mapper) putSplit(c *Contact, col *col, v string) *FieldError {
	first, last, fe := splitName(v)
	if fe != nil {
		return fe
	}
	if first != "" {
		if fe := col.rule.check(first); fe != nil {
			return fe
		}
	}
	if last != "" {
		if fe := col.lastRule.check(last); fe != nil {
			return fe
		}
	}
	if fe := m.put(c, col.field, col.attr, col.rule, first); fe != nil {
		return fe
	}
	return m.put(c, col.lastField, col.lastAttr, col.lastRule, last)
}

// put validates v for one target and sets it in c: an identifier field, or an attribute.
func (m *Mapper) put(c *Contact, fld field, attr string, r rule, v string) *FieldError {
	if v == "" {
		if fld == m.idField {
			return &FieldError{Code: "missing_identifier", Reason: "empty, but it is the identifier (" + string(m.id) + ")"}
		}
		if fld == fieldAttr && m.clear {
			c.Attributes = append(c.Attributes, Attribute{Name: attr})
		}
		return nil
	}
	if fe := r.check(v); fe != nil {
		return fe
	}
	switch fld {
	case fieldEmail:
		c.Email = v
	case fieldMobile:
		c.Mobile = v
	case fieldAlias:
		c.Alias = v
	case fieldExternal:
		c.External = v
	default:
		c.Attributes = append(c.Attributes, Attribute{Name: attr, Value: v})
	}
	return nil
}

// rowRegion is the phone region of a row: the mapping's, or the row's own country.
func (m *Mapper) rowRegion(cells []string) phoneRegion {
	region := m.region
	if m.regionAt >= 0 {
		// An empty country cell keeps the mapping's default region (code), if it has one.
		cell := cells[m.regionAt]
		if m.regionOr >= 0 && strings.TrimSpace(cell) == "" {
			cell = cells[m.regionOr]
		}
		if code, ok := regionOfCountry(cell); code != "" || !ok {
			region.code, region.unknown = code, !ok
		}
	}
	return region
}

// value applies replace, transforms, then values, then default to one cell. restored says
// the phone transform read the number in the row's region because of lost_leading_zeros.
func (c *col) value(v string, region phoneRegion) (out string, restored bool, fe *FieldError) {
	if c.replace != nil {
		v = c.replace.re.ReplaceAllString(v, c.replace.with)
	}
	for _, t := range c.transforms {
		if t.op == opPhone && v != "" {
			var again bool
			v, again, fe = readPhone(v, region, t.want)
			restored = restored || again
		} else {
			v, fe = t.apply(v, region)
		}
		if fe != nil {
			return "", false, fe
		}
	}
	if v != "" && c.values != nil {
		out, ok := c.values[foldValue(v)]
		if !ok {
			return "", false, &FieldError{Code: "unmapped_value", Reason: "value not listed under values in the mapping"}
		}
		v = out
	}
	if v == "" && c.hasDef {
		v = c.def
	}
	return v, restored, nil
}
