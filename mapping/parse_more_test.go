package mapping_test

import (
	"strings"
	"testing"

	"contactimport/mapping"
)

// TestParseFileRealLists covers the keys for real lists: replace, template, split, values
// folding, skip_rows, skip_lines, timezone and date patterns. Every error carries its line.
func TestParseFileRealLists(t *testing.T) {
	tests := []struct {
		Name  string
		YAML  string
		Check func(*mapping.File) string // for files that parse
		Error []string                   // substrings of the error, for files that do not
	}{{
		Name: "Replace",
		YAML: "columns:\n  PLZ: {to: user.ZipCode, replace: {pattern: \"^'\", with: \"\"}}\n",
		Check: func(f *mapping.File) string {
			return cmp(*f.Columns[0].Replace, mapping.Replace{Pattern: "^'", With: ""})
		},
	}, {
		Name:  "ReplaceBadPattern",
		YAML:  "columns:\n  Mail: email\n  PLZ: {to: user.ZipCode, replace: {pattern: \"(\", with: \"\"}}\n",
		Error: []string{`m.yaml:3: column "PLZ": replace: pattern is not a Go regular expression: error parsing regexp: missing closing )`},
	}, {
		Name:  "ReplaceNoWith",
		YAML:  "columns:\n  PLZ: {to: user.ZipCode, replace: {pattern: \"^'\"}}\n",
		Error: []string{`m.yaml:2: column "PLZ": replace: want {pattern: REGEX, with: TEXT}`},
	}, {
		Name:  "ReplaceUnknownKey",
		YAML:  "columns:\n  PLZ: {to: user.ZipCode, replace: {pattern: \"^'\", by: x}}\n",
		Error: []string{`m.yaml:2: column "PLZ": replace: unknown key "by" (want pattern and with)`},
	}, {
		Name:  "ReplaceEmptyPattern",
		YAML:  "columns:\n  PLZ: {to: user.ZipCode, replace: {pattern: \"\", with: x}}\n",
		Error: []string{`m.yaml:2: column "PLZ": replace: empty pattern`},
	}, {
		Name:  "ReplaceNotAMap",
		YAML:  "columns:\n  PLZ: {to: user.ZipCode, replace: \"^'\"}\n",
		Error: []string{`m.yaml:2: column "PLZ": replace: want a mapping`},
	}, {
		Name:  "Template",
		YAML:  "columns:\n  Vorname: {to: user.FirstName, template: \"{Vorname} {Zweitname}\"}\n",
		Check: func(f *mapping.File) string { return cmp(f.Columns[0].Template, "{Vorname} {Zweitname}") },
	}, {
		Name:  "TemplateUnclosed",
		YAML:  "columns:\n  Vorname: {to: user.FirstName, template: \"{Vorname {Zweitname}\"}\n",
		Error: []string{`m.yaml:2: column "Vorname": template: a { without its }`},
	}, {
		Name:  "TemplateStrayClose",
		YAML:  "columns:\n  Vorname: {to: user.FirstName, template: \"Vorname}\"}\n",
		Error: []string{`m.yaml:2: column "Vorname": template: a } without its {`},
	}, {
		Name:  "TemplateEmptyPlaceholder",
		YAML:  "columns:\n  Vorname: {to: user.FirstName, template: \"{ } x\"}\n",
		Error: []string{`m.yaml:2: column "Vorname": template: an empty {}`},
	}, {
		Name:  "TemplateNoPlaceholder",
		YAML:  "columns:\n  Vorname: {to: user.FirstName, template: \"Kunde\"}\n",
		Error: []string{`m.yaml:2: column "Vorname": template: no {Header} placeholder`},
	}, {
		Name:  "Split",
		YAML:  "columns:\n  Name: {split: [user.FirstName, user.LastName]}\n",
		Check: func(f *mapping.File) string {
			return cmp(strings.Join(f.Columns[0].Split, "|"), "user.FirstName|user.LastName") + cmp(f.Columns[0].Target, "")
		},
	}, {
		Name:  "SplitOneTarget",
		YAML:  "columns:\n  Name: {split: [user.FirstName]}\n",
		Error: []string{`m.yaml:2: column "Name": split: want two targets`},
	}, {
		Name:  "SplitNotAList",
		YAML:  "columns:\n  Name: {split: user.FirstName}\n",
		Error: []string{`m.yaml:2: column "Name": split: want two targets, [first name, last name]`},
	}, {
		Name:  "SplitIntoIdentifier",
		YAML:  "columns:\n  Name: {split: [user.FirstName, email]}\n",
		Error: []string{`m.yaml:2: column "Name": split: "email" is not an attribute`},
	}, {
		Name:  "SplitSameTarget",
		YAML:  "columns:\n  Name: {split: [user.LastName, lastname]}\n",
		Error: []string{`m.yaml:2: column "Name": split: the two targets are the same attribute`},
	}, {
		Name:  "SplitAndTo",
		YAML:  "columns:\n  Name: {to: user.LastName, split: [user.FirstName, user.LastName]}\n",
		Error: []string{`m.yaml:2: column "Name": split takes the place of to`},
	}, {
		Name:  "SplitAndValues",
		YAML:  "columns:\n  Name: {split: [user.FirstName, user.LastName], values: {a: b}}\n",
		Error: []string{`m.yaml:2: column "Name": split takes no values, default or template`},
	}, {
		Name:  "NoTargetNoSplit",
		YAML:  "columns:\n  Name: {transform: [trim]}\n",
		Error: []string{`m.yaml:2: column "Name": no target (add to: or split:, or write skip)`},
	}, {
		Name:  "SkipWithReplace",
		YAML:  "columns:\n  Name: {to: skip, replace: {pattern: a, with: b}}\n",
		Error: []string{`m.yaml:2: column "Name": a skipped column takes no`},
	}, {
		Name:  "ValuesFoldAlikeSame",
		YAML:  "columns:\n  Anrede: {to: user.Title, values: {Herr: \"1\", \"herr \": \"1\"}}\n",
		Check: func(f *mapping.File) string { return cmp(len(f.Columns[0].Values), 2) },
	}, {
		Name:  "ValuesFoldAlikeDiffer",
		YAML:  "columns:\n  Anrede: {to: user.Title, values: {Herr: \"1\", HERR: \"2\"}}\n",
		Error: []string{`m.yaml:2: column "Anrede": values: "HERR" and "Herr" are the same cell value`},
	}, {
		Name:  "UnknownColumnKey",
		YAML:  "columns:\n  Name: {to: user.LastName, splitt: [a, b]}\n",
		Error: []string{`m.yaml:2: column "Name": unknown key "splitt" (want to, transform, values, default, replace, template or split)`},
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			f, err := mapping.ParseFile("m.yaml", []byte(tt.YAML))
			if tt.Error == nil {
				if err != nil {
					t.Fatalf("ParseFile: unexpected error: %v", err)
				}
				if msg := tt.Check(f); msg != "" {
					t.Errorf("ParseFile: %s", msg)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseFile: got no error, want %q", tt.Error)
			}
			for _, want := range tt.Error {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("ParseFile error:\n%v\nwant it to contain %q", err, want)
				}
			}
		})
	}
}
