package mapping

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SkipRow is one condition of a mapping file's skip_rows: a row whose cell in Column meets it
// is left out, reported as skipped with Reason, never failed. Exactly one of Values, NotEmpty
// and Empty is set.
type SkipRow struct {
	Column   string   // header name, trimmed
	Values   []string // the cell is one of these, compared as `values` keys are (case, spaces)
	NotEmpty bool     // the cell holds something besides spaces
	Empty    bool     // the cell is empty or spaces
	Reason   string   // for the report; "" gives a sentence that states the condition
	Line     int      // line in the mapping file, 0 when not read from one
}

func (s *SkipRow) check() error {
	n := 0
	for _, set := range []bool{s.Values != nil, s.NotEmpty, s.Empty} {
		if set {
			n++
		}
	}
	switch {
	case strings.TrimSpace(s.Column) == "":
		return errors.New("skip_rows: a condition without a column")
	case n != 1:
		return fmt.Errorf("skip_rows: column %q: want one condition of values: [...], not_empty: true or empty: true", s.Column)
	case s.Values != nil && len(s.Values) == 0:
		return fmt.Errorf("skip_rows: column %q: values: want at least one value", s.Column)
	case len(s.Values) > MaxSkipValues:
		return fmt.Errorf("skip_rows: column %q: values: %d values, more than the %d a condition may list", s.Column, len(s.Values), MaxSkipValues)
	case utf8.RuneCountInString(s.Reason) > MaxReason:
		return fmt.Errorf("skip_rows: column %q: reason: %d characters, more than the %d a reason may have", s.Column, utf8.RuneCountInString(s.Reason), MaxReason)
	}
	return nil
}

// reason is the text the report shows for a row this condition leaves out.
func (s *SkipRow) reason() string {
	if s.Reason != "" {
		return s.Reason
	}
	switch {
	case s.Empty:
		return fmt.Sprintf("skipped: column %q is empty (skip_rows)", s.Column)
	case s.NotEmpty:
		return fmt.Sprintf("skipped: column %q is not empty (skip_rows)", s.Column)
	}
	return fmt.Sprintf("skipped: column %q holds one of the values listed under skip_rows", s.Column)
}

// skipRule is a compiled SkipRow.
type skipRule struct {
	index    int
	values   map[string]bool // folded
	notEmpty bool
	empty    bool
	reason   string
}

func (r *skipRule) match(cells []string) bool {
	cell := ""
	if r.index < len(cells) {
		cell = cells[r.index]
	}
	k := foldValue(cell)
	switch {
	case r.empty:
		return k == ""
	case r.notEmpty:
		return k != ""
	}
	return r.values[k]
}

// compileSkips resolves the skip_rows columns against the header; a column not in it is added
// to herr.Missing.
func (m *Mapper) compileSkips(rows []SkipRow, first map[string]int, herr *HeaderError) {
	for _, s := range rows {
		i, ok := first[s.Column]
		if !ok {
			if !containsString(herr.Missing, s.Column) {
				herr.Missing = append(herr.Missing, s.Column)
			}
			continue
		}
		r := skipRule{index: i, notEmpty: s.NotEmpty, empty: s.Empty, reason: s.reason()}
		if s.Values != nil {
			r.values = make(map[string]bool, len(s.Values))
			for _, v := range s.Values {
				r.values[foldValue(v)] = true
			}
		}
		m.skips = append(m.skips, r)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Skip reports whether the mapping's skip_rows leave the row out, and the reason of the first
// condition it meets. cells are the row's cells as read; a cell the row lacks counts as empty.
func (m *Mapper) Skip(cells []string) (reason string, skip bool) {
	for i := range m.skips {
		if m.skips[i].match(cells) {
			return m.skips[i].reason, true
		}
	}
	return "", false
}

// SkipConditions describes the skip_rows conditions in words, for `check` to print.
func (m *Mapper) SkipConditions() []string {
	out := make([]string, len(m.skips))
	for i, r := range m.skips {
		col := strconv.Quote(m.header[r.index])
		switch {
		case r.empty:
			out[i] = col + " is empty"
		case r.notEmpty:
			out[i] = col + " is not empty"
		default:
			out[i] = col + " is one of " + strconv.Itoa(len(r.values)) + " listed values"
		}
		out[i] += ": " + r.reason
	}
	return out
}

// skipRows parses `skip_rows: [{column: H, values: [...] | not_empty: true | empty: true,
// reason: ...}, ...]`.
func (p *parser) skipRows(f *File, v *yaml.Node) {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return
	}
	if v.Kind != yaml.SequenceNode {
		p.fail(v, "skip_rows: want a list of conditions, such as - {column: Status, values: [cleaned], reason: not mailable}")
		return
	}
	for _, it := range v.Content {
		it = deref(it)
		s := SkipRow{Line: it.Line}
		ok := true
		for _, kv := range p.pairs(it, "skip_rows") {
			key, val := kv[0], kv[1]
			switch key.Value {
			case "column":
				c, good := p.scalar(val, "skip_rows: column")
				s.Column, ok = strings.TrimSpace(c), ok && good
			case "reason":
				r, good := p.scalar(val, "skip_rows: reason")
				s.Reason, ok = strings.TrimSpace(r), ok && good
			case "values":
				s.Values = []string{}
				items := []*yaml.Node{val}
				if val.Kind == yaml.SequenceNode {
					items = val.Content
				}
				for _, vn := range items {
					x, good := p.scalar(deref(vn), "skip_rows: values")
					s.Values, ok = append(s.Values, x), ok && good
				}
			case "not_empty", "empty":
				b, good := p.flag(val, "skip_rows: "+key.Value)
				if good && !b {
					p.fail(val, "skip_rows: %s: false is no condition (leave the key out)", key.Value)
					good = false
				}
				if key.Value == "empty" {
					s.Empty = b
				} else {
					s.NotEmpty = b
				}
				ok = ok && good
			default:
				p.fail(key, "skip_rows: unknown key %q (want column, values, not_empty, empty and reason)", key.Value)
				ok = false
			}
		}
		if !ok {
			continue
		}
		if err := s.check(); err != nil {
			p.fail(it, "%v", err)
			continue
		}
		f.SkipRows = append(f.SkipRows, s)
	}
}

// flag reads a YAML boolean.
func (p *parser) flag(n *yaml.Node, what string) (bool, bool) {
	s, ok := p.scalar(n, what)
	if !ok {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	p.fail(n, "%s: want true or false, not %q", what, s)
	return false, false
}

// skipLines parses `skip_lines: N`, the title lines above the header.
func (p *parser) skipLines(f *File, v *yaml.Node) {
	s, ok := p.scalar(v, "skip_lines")
	if !ok {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		p.fail(v, "skip_lines: want the number of lines above the header (0 to %d), not %q", MaxSkipLines, s)
		return
	}
	if n > MaxSkipLines {
		p.fail(v, "skip_lines: %d is more than the %d title lines a list may have above its header", n, MaxSkipLines)
		return
	}
	f.SkipLines = n
}
