package mapping

import (
	"strconv"
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
}

// Attribute is one contact attribute, named as Engage will receive it.
type Attribute struct {
	Name, Value string
}

// FieldError says what is wrong with a row and in which column. It never holds the cell's
// value, which is personal data.
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

// Map turns one data row into a contact, or returns a *FieldError for the first problem, in
// header order. It applies transforms, values, default and the empty policy, adds the constants,
// and validates with Engage's rules. cells must have Columns() entries; Map never panics.
func (m *Mapper) Map(cells []string) (Contact, error) {
	if len(cells) != len(m.header) {
		return Contact{}, &FieldError{Code: "field_count",
			Reason: "row has " + strconv.Itoa(len(cells)) + " fields, the header " + strconv.Itoa(len(m.header))}
	}
	// Every cell is checked, mapped or not: invalid UTF-8 means the input's encoding is wrong,
	// and the row would come back as mojibake in the report.
	for i, cell := range cells {
		if !utf8.ValidString(cell) {
			return Contact{}, &FieldError{Column: m.header[i], Code: "invalid_utf8", Reason: "not valid UTF-8 (check the input encoding)"}
		}
	}
	region := m.region
	if m.regionAt >= 0 {
		code, ok := regionOfCountry(cells[m.regionAt])
		region.code, region.unknown = code, !ok
	}
	var c Contact
	if m.nattrs > 0 {
		c.Attributes = make([]Attribute, 0, m.nattrs)
	}
	for i := range m.cols {
		col := &m.cols[i]
		v, fe := col.value(cells[col.index], region)
		if fe != nil {
			fe.Column = col.name
			return Contact{}, fe
		}
		if v == "" {
			if col.field == m.idField {
				return Contact{}, &FieldError{Column: col.name, Code: "missing_identifier",
					Reason: "empty, but it is the identifier (" + string(m.id) + ")"}
			}
			if col.field == fieldAttr && m.clear {
				c.Attributes = append(c.Attributes, Attribute{Name: col.attr})
			}
			continue
		}
		if col.field == fieldMobile {
			// Whatever the transforms: one number is one key, whichever way it was written.
			if v, fe = mobileNumber(v, region); fe != nil {
				fe.Column = col.name
				return Contact{}, fe
			}
		}
		if fe := col.rule.check(v); fe != nil {
			fe.Column = col.name
			return Contact{}, fe
		}
		switch col.field {
		case fieldEmail:
			c.Email = v
		case fieldMobile:
			c.Mobile = v
		case fieldAlias:
			c.Alias = v
		case fieldExternal:
			c.External = v
		default:
			c.Attributes = append(c.Attributes, Attribute{Name: col.attr, Value: v})
		}
	}
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

// value applies transforms, then values, then default to one cell.
func (c *col) value(v string, region phoneRegion) (string, *FieldError) {
	for _, t := range c.transforms {
		var fe *FieldError
		if v, fe = t.apply(v, region); fe != nil {
			return "", fe
		}
	}
	if v != "" && c.values != nil {
		out, ok := c.values[v]
		if !ok {
			return "", &FieldError{Code: "unmapped_value", Reason: "value not listed under values in the mapping"}
		}
		v = out
	}
	if v == "" && c.hasDef {
		v = c.def
	}
	return v, nil
}
