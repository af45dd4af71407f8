package mapping

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseFile parses and checks a mapping file (YAML; the format is in SPEC.md, "Mapping").
// name is used in error messages, which carry the line: `mapping.yaml:7: column "Anrede":
// unknown transform "titlecase"`. Unknown keys are errors, so that a typo never passes silently;
// all problems found are returned together.
func ParseFile(name string, data []byte) (*File, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: parse mapping file: %w", name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: parse mapping file: the file is empty", name)
	}
	p := &parser{name: name}
	f := p.file(deref(doc.Content[0]))
	// The whole-file checks run on what parsed cleanly, so one run reports every problem.
	if err := errors.Join(append(p.errs, f.check(name))...); err != nil {
		return nil, err
	}
	return f, nil
}

// parser walks the YAML tree and collects every problem with its line.
type parser struct {
	name string
	errs []error
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, posError(p.name, n.Line, fmt.Sprintf(format, args...)))
}

// deref follows aliases, so anchors can share a values map between columns.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// pairs returns the key/value pairs of a mapping node, reporting non-string and repeated keys.
func (p *parser) pairs(n *yaml.Node, what string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s: want a mapping of names to values", what)
		return nil
	}
	var out [][2]*yaml.Node
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			p.fail(k, "%s: keys must be plain text", what)
			continue
		}
		if k.ShortTag() == "!!merge" {
			p.fail(k, "%s: merge keys (<<) are not supported", what)
			continue
		}
		if prev, ok := seen[k.Value]; ok {
			p.fail(k, "%s: %q appears twice%s", what, k.Value, lineRef(prev))
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// scalar returns the text of a scalar node; null (`~` or nothing) is not a value.
func (p *parser) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		p.fail(n, `%s: want a value (write "" for an empty one)`, what)
		return "", false
	}
	return n.Value, true
}

func (p *parser) file(root *yaml.Node) *File {
	f := &File{Empty: EmptySkip, Unmapped: UnmappedError}
	if root.Kind != yaml.MappingNode {
		p.fail(root, "want a mapping with identifier, phone_region, empty, unmapped, columns and constants")
		return f
	}
	for _, kv := range p.pairs(root, "mapping file") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "identifier":
			if s, ok := p.scalar(v, k.Value); ok {
				if id, err := ParseIdentifier(s); err != nil {
					p.fail(v, "identifier: unknown identifier %q (want email, mobile, alias or external)", s)
				} else {
					f.Identifier = id
				}
			}
		case "phone_region":
			f.PhoneRegionLine = k.Line
			p.phoneRegion(f, v)
		case "empty":
			if s, ok := p.scalar(v, k.Value); ok {
				if e := EmptyPolicy(s); e == EmptySkip || e == EmptyClear {
					f.Empty = e
				} else {
					p.fail(v, "empty: unknown policy %q (want skip or clear)", s)
				}
			}
		case "unmapped":
			if s, ok := p.scalar(v, k.Value); ok {
				if u := UnmappedPolicy(s); u == UnmappedError || u == UnmappedIgnore || u == UnmappedCustom {
					f.Unmapped = u
				} else {
					p.fail(v, "unmapped: unknown policy %q (want error, ignore or custom)", s)
				}
			}
		case "auto":
			if b, ok := p.flag(v, k.Value); ok {
				f.NoAuto = !b
			}
		case "timezone":
			if s, ok := p.scalar(v, k.Value); ok {
				if _, err := loadTimeZone(strings.TrimSpace(s)); err != nil {
					p.fail(v, "%v", err)
				} else {
					f.TimeZone = strings.TrimSpace(s)
				}
			}
		case "skip_rows":
			p.skipRows(f, v)
		case "skip_lines":
			p.skipLines(f, v)
		case "sheet":
			f.Sheet, _ = p.scalar(v, "sheet")
		case "lost_leading_zeros":
			f.LostLeadingZeros, _ = p.flag(v, k.Value)
		case "group", "subscription_mode":
			p.membershipKey(f, k, v)
		case "columns":
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
				continue // "columns:" with nothing under it
			}
			for _, ckv := range p.pairs(v, "columns") {
				if c, ok := p.column(ckv[0], ckv[1]); ok {
					f.Columns = append(f.Columns, c)
				}
			}
		case "constants":
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
				continue
			}
			for _, ckv := range p.pairs(v, "constants") {
				what := fmt.Sprintf("constant %q", ckv[0].Value)
				if s, ok := p.scalar(ckv[1], what); ok {
					f.Constants = append(f.Constants, Constant{Target: strings.TrimSpace(ckv[0].Value), Value: s, Line: ckv[0].Line})
				}
			}
		default:
			p.fail(k, "unknown key %q (want auto, identifier, phone_region, timezone, empty, unmapped, sheet, skip_lines, skip_rows, lost_leading_zeros, columns or constants)", k.Value)
		}
	}
	return f
}

// phoneRegion parses `phone_region: DE` or `phone_region: {column: <header>}`.
func (p *parser) phoneRegion(f *File, v *yaml.Node) {
	if v.Kind == yaml.MappingNode {
		for _, kv := range p.pairs(v, "phone_region") {
			key, val := kv[0], kv[1]
			if key.Value == "or" {
				if s, ok := p.scalar(val, "phone_region: or"); ok {
					f.PhoneRegionOr = strings.TrimSpace(s)
				}
				continue
			}
			if key.Value == "default" {
				if s, ok := p.scalar(val, "phone_region: default"); ok {
					f.PhoneRegionDefault = strings.ToUpper(strings.TrimSpace(s))
				}
				continue
			}
			if key.Value != "column" {
				p.fail(key, "phone_region: unknown key %q (want column)", key.Value)
				continue
			}
			if s, ok := p.scalar(val, "phone_region: column"); ok {
				if name := strings.TrimSpace(s); name != "" {
					f.PhoneRegionColumn = name
				} else {
					p.fail(val, "phone_region: column: want the header of the column with each row's country")
				}
			}
		}
		if f.PhoneRegionColumn == "" && len(v.Content) == 0 {
			p.fail(v, "phone_region: want a region code such as DE, or {column: <header>}")
		}
		return
	}
	s, ok := p.scalar(v, "phone_region")
	if !ok {
		return
	}
	if r := strings.ToUpper(strings.TrimSpace(s)); validRegion(r) {
		f.PhoneRegion = r
	} else {
		p.fail(v, "phone_region: unknown region %q (want a two-letter code such as DE, or {column: <header>})", s)
	}
}

// column parses one entry under `columns`: `Name: target`, `Name: skip`, or the long form
// `Name: {to: …, transform: […], values: {…}, default: …}`.
func (p *parser) column(k, v *yaml.Node) (Column, bool) {
	c := Column{Name: strings.TrimSpace(k.Value), Line: k.Line}
	what := fmt.Sprintf("column %q", c.Name)
	switch v.Kind {
	case yaml.ScalarNode:
		s, ok := p.scalar(v, what)
		if !ok {
			return c, false
		}
		c.Target, c.Skip = target(s)
		return c, true
	case yaml.MappingNode:
	default:
		p.fail(v, "%s: want a target or a mapping with to, transform, values and default", what)
		return c, false
	}
	ok, hasTo := true, false
	for _, kv := range p.pairs(v, what) {
		key, val := kv[0], kv[1]
		switch key.Value {
		case "to":
			s, good := p.scalar(val, what+": to")
			c.Target, c.Skip = target(s)
			ok, hasTo = ok && good, true
		case "transform":
			var good bool
			c.Transforms, good = p.transforms(val, what)
			ok = ok && good
		case "values":
			c.Values = map[string]string{}
			if val.Kind != yaml.MappingNode {
				p.fail(val, "%s: values: want a map of cell values to the values to send", what)
				ok = false
				continue
			}
			for _, vkv := range p.pairs(val, what+": values") {
				in, good1 := p.scalar(vkv[0], what+": values")
				out, good2 := p.scalar(vkv[1], fmt.Sprintf("%s: values: %q", what, in))
				if good1 && good2 {
					c.Values[in] = out
				}
			}
		case "default":
			c.Default, c.HasDefault = p.scalar(val, what+": default")
		case "replace", "template", "split":
			ok = p.columnExtra(&c, key, val, what) && ok
		case "invalid":
			if s, good := p.scalar(val, what+": invalid"); good {
				if pol := InvalidPolicy(strings.TrimSpace(s)); pol == InvalidFail || pol == InvalidOmit {
					c.Invalid = pol
				} else {
					p.fail(val, "%s: invalid: unknown policy %q (want fail or omit)", what, s)
					ok = false
				}
			} else {
				ok = false
			}
		default:
			p.fail(key, "%s: unknown key %q (want to, transform, values, default, replace, template, split or invalid)", what, key.Value)
			ok = false
		}
	}
	if !hasTo && c.Split == nil {
		p.fail(v, "%s: no target (add to: or split:, or write skip)", what)
		return c, false
	}
	return c, ok
}

// columnExtra parses a column's replace, template and split keys.
func (p *parser) columnExtra(c *Column, key, val *yaml.Node, what string) bool {
	what += ": " + key.Value
	switch key.Value {
	case "replace":
		r := &Replace{}
		var hasPattern, hasWith bool
		for _, kv := range p.pairs(val, what) {
			switch kv[0].Value {
			case "pattern":
				r.Pattern, hasPattern = p.scalar(kv[1], what+": pattern")
			case "with":
				r.With, hasWith = p.scalar(kv[1], what+": with")
			default:
				p.fail(kv[0], "%s: unknown key %q (want pattern and with)", what, kv[0].Value)
				return false
			}
		}
		if !hasPattern || !hasWith {
			p.fail(val, `%s: want {pattern: REGEX, with: TEXT} (with: "" deletes what matches)`, what)
			return false
		}
		if _, err := compileReplace(r); err != nil {
			p.fail(val, "%s: %v", what, strings.TrimPrefix(err.Error(), "replace: "))
			return false
		}
		c.Replace = r
	case "template":
		s, ok := p.scalar(val, what)
		if !ok {
			return false
		}
		if _, err := parseTemplate(s); err != nil {
			p.fail(val, "%s: %v", what, strings.TrimPrefix(err.Error(), "template: "))
			return false
		}
		c.Template = s
	case "split":
		if val.Kind != yaml.SequenceNode {
			p.fail(val, "%s: want two targets, [first name, last name]", what)
			return false
		}
		c.Split = []string{}
		for _, it := range val.Content {
			s, ok := p.scalar(deref(it), what)
			if !ok {
				return false
			}
			c.Split = append(c.Split, strings.TrimSpace(s))
		}
	}
	return true
}

// transforms reads a list of transform names; a single name may stand alone.
func (p *parser) transforms(n *yaml.Node, what string) ([]string, bool) {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var names []string
	ok := true
	for _, it := range items {
		it = deref(it)
		s, good := p.scalar(it, what+": transform")
		if !good {
			ok = false
			continue
		}
		if _, err := parseTransform(s); err != nil {
			p.fail(it, "%s: %v", what, err)
			ok = false
			continue
		}
		names = append(names, s)
	}
	return names, ok
}

// target reads a target as written; "skip" in any case leaves the column out.
func target(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "skip") {
		return "", true
	}
	return s, false
}
