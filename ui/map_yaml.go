package ui

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"contactimport/mapping"
)

// The mapping screen keeps the mapping as the text of the YAML file the command line reads:
// an edit on the screen is an edit of that text (its comments, init's reasons and TODO
// questions, kept), and what is previewed, checked and saved is that text, parsed by
// mapping.ParseFile as `--mapping` parses it.

// setColumn sets the target and transforms of the column name under `columns:` in the mapping
// text data, keeping its other keys (values, default, replace, …) and its comment; target
// "skip" (or "") sends nothing. A column the file does not name is added.
func setColumn(data []byte, name, target string, transforms []string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("the mapping file: %w", err)
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the mapping file is not a YAML mapping of keys")
	}
	cols := lookup(root, "columns")
	if cols == nil {
		cols = &yaml.Node{Kind: yaml.MappingNode}
		root.Content = append(root.Content, str("columns"), cols)
	}
	if cols.Kind != yaml.MappingNode {
		return nil, errors.New("columns: in the mapping file is not a mapping of header names")
	}
	target = strings.TrimSpace(target)
	old := lookup(cols, name)
	v := columnValue(old, target, transforms)
	if old == nil {
		cols.Content = append(cols.Content, str(name), v)
	} else {
		v.LineComment = old.LineComment
		*old = *v
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("write the mapping: %w", err)
	}
	enc.Close()
	return b.Bytes(), nil
}

// columnValue is a column's entry with target and transforms: `skip`, the short form (the
// target alone), or {to: …, transform: […]} with the other keys of old kept.
func columnValue(old *yaml.Node, target string, transforms []string) *yaml.Node {
	if target == "" || target == "skip" {
		return str("skip")
	}
	if len(transforms) == 0 && (old == nil || old.Kind != yaml.MappingNode) {
		return str(target)
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	if old != nil && old.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(old.Content); i += 2 {
			if k := old.Content[i].Value; k != "to" && k != "transform" {
				m.Content = append(m.Content, old.Content[i], old.Content[i+1])
			}
		}
	}
	head := []*yaml.Node{str("to"), str(target)}
	if len(transforms) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, t := range transforms {
			seq.Content = append(seq.Content, str(t))
		}
		head = append(head, str("transform"), seq)
	}
	m.Content = append(head, m.Content...)
	return m
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// lookup is the value of key in the mapping node m, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// splitTransforms reads the transforms typed in one field, separated by commas: "trim, lower".
// A date pattern holds no comma.
func splitTransforms(s string) []string {
	var out []string
	for t := range strings.SplitSeq(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// comments are the end-of-line comments of the columns in the mapping text (init writes why it
// guessed each, and a TODO question where a person must decide), by column.
func comments(data []byte) map[string]string {
	var doc yaml.Node
	out := map[string]string{}
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return out
	}
	cols := lookup(doc.Content[0], "columns")
	if cols == nil || cols.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(cols.Content); i += 2 {
		k, v := cols.Content[i], cols.Content[i+1]
		c := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k.LineComment+" "+v.LineComment), "#"))
		out[k.Value] = c
	}
	return out
}

// mapColumn is one row of the mapping screen's table of columns.
type mapColumn struct {
	Index      int
	Name       string
	Filled     int // cells with a value among the preview's rows
	Target     string
	Transforms string
	Values     string // the values map, "label → value, …"
	Auto       bool   // not named in the file: auto-mapped, or left to the unmapped policy
	Reason     string // why (init's comment), without its question
	Question   string // the TODO question, or ""
}

// mapColumns makes the table of columns: each header column with what the file says of it, or
// what the mapper resolved for it, and the file's comment split into reason and question.
func mapColumns(header []string, f *mapping.File, m *mapping.Mapper, notes map[string]string, pv *preview) []mapColumn {
	named := map[string]mapping.Column{}
	if f != nil {
		for _, c := range f.Columns {
			named[c.Name] = c
		}
	}
	resolved := map[string]mapping.Resolved{}
	if m != nil {
		for _, r := range m.Resolved() {
			if !r.IsConstant {
				resolved[r.Column] = r
			}
		}
	}
	out := make([]mapColumn, len(header))
	for i, h := range header {
		mc := mapColumn{Index: i, Name: h}
		if c, ok := named[h]; ok {
			mc.Target, mc.Transforms, mc.Values = c.Target, strings.Join(c.Transforms, ", "), valuesText(c.Values)
			if c.Skip {
				mc.Target = "skip"
			}
			if len(c.Split) == 2 {
				mc.Target = "split: " + strings.Join(c.Split, ", ")
			}
		} else if r, ok := resolved[h]; ok {
			mc.Target, mc.Transforms, mc.Auto = r.Target, strings.Join(r.Transforms, ", "), true
		}
		mc.Reason, mc.Question, _ = strings.Cut(notes[h], "TODO:")
		mc.Reason, mc.Question = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(mc.Reason), ".")), strings.TrimSpace(mc.Question)
		if pv != nil {
			for _, r := range pv.Rows {
				if strings.TrimSpace(r.Cells[i]) != "" {
					mc.Filled++
				}
			}
		}
		out[i] = mc
	}
	return out
}

// valuesText is a column's values map as "label → value", in label order.
func valuesText(v map[string]string) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " → " + v[k]
	}
	return strings.Join(parts, ", ")
}

// question is a TODO of the mapping text outside its columns' entries: about the identifier,
// the phone region, the rows left out, …: the line it is on, and what to decide.
type question struct{ Entry, Text string }

// listQuestions are the TODO questions of the mapping text that no column of the table shows.
func listQuestions(data []byte, cols []mapColumn) []question {
	shown := map[string]bool{}
	for _, c := range cols {
		shown[c.Question] = true
	}
	var out []question
	for line := range strings.Lines(string(data)) {
		_, todo, ok := strings.Cut(line, "TODO:")
		if !ok {
			continue
		}
		todo = strings.TrimSpace(todo)
		if shown[todo] {
			continue
		}
		entry := strings.TrimSpace(line[:strings.Index(line, "TODO:")])
		entry = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimLeft(entry, "# ")), "#"))
		if i := strings.Index(entry, " #"); i >= 0 {
			entry = strings.TrimSpace(entry[:i])
		}
		out = append(out, question{Entry: entry, Text: todo})
	}
	return out
}
