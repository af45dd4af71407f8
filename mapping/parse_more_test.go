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
		Name: "Split",
		YAML: "columns:\n  Name: {split: [user.FirstName, user.LastName]}\n",
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
		Error: []string{`m.yaml:2: column "Name": unknown key "splitt" (want to, transform, values, default, replace, template, split or invalid)`},
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

func TestParseFileSkips(t *testing.T) {
	good := map[string]func(*mapping.File) string{
		"skip_lines: 2\n":   func(f *mapping.File) string { return cmp(f.SkipLines, 2) },
		"skip_lines: 0\n":   func(f *mapping.File) string { return cmp(f.SkipLines, 0) },
		"sheet: Kontakte\n": func(f *mapping.File) string { return cmp(f.Sheet, "Kontakte") },
		"columns:\n":        func(f *mapping.File) string { return cmp(f.SkipLines, 0) + cmp(len(f.SkipRows), 0) },
		"skip_rows:\n":      func(f *mapping.File) string { return cmp(len(f.SkipRows), 0) },
		"skip_rows:\n  - {column: S, values: [a, B], reason: r}\n  - column: T\n    not_empty: yes\n  - {column: U, empty: true}\n": func(f *mapping.File) string {
			return cmp(len(f.SkipRows), 3) + cmp(strings.Join(f.SkipRows[0].Values, "|"), "a|B") + cmp(f.SkipRows[0].Reason, "r") +
				cmp(f.SkipRows[1].NotEmpty, true) + cmp(f.SkipRows[1].Line, 3) + cmp(f.SkipRows[2].Empty, true) + cmp(f.SkipRows[2].Column, "U")
		},
	}
	for src, check := range good {
		f, err := mapping.ParseFile("m.yaml", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if msg := check(f); msg != "" {
			t.Errorf("%q: %s", src, msg)
		}
	}
	bad := map[string]string{
		"skip_lines: -1\n":                                            `m.yaml:1: skip_lines: want the number of lines above the header (0 to 1000), not "-1"`,
		"skip_lines: 9223372036854775807\n":                           `m.yaml:1: skip_lines: 9223372036854775807 is more than the 1000 title lines a list may have above its header`,
		"skip_lines: 99999999999999999999\n":                          `m.yaml:1: skip_lines: want the number of lines above the header (0 to 1000), not "99999999999999999999"`,
		"skip_lines: 1001\n":                                          `m.yaml:1: skip_lines: 1001 is more than the 1000`,
		"sheet: \"" + strings.Repeat("x", 32) + "\"\n":                `m.yaml: sheet: want the name of a sheet of the workbook (at most 31 characters`,
		"skip_lines: two\n":                                           `m.yaml:1: skip_lines: want the number`,
		"skip_rows: {column: S}\n":                                    `m.yaml:1: skip_rows: want a list of conditions`,
		"skip_rows:\n  - {column: S, reason: r}\n":                    `m.yaml:2: skip_rows: column "S": want one condition of values: [...], not_empty: true or empty: true`,
		"skip_rows:\n  - {column: S, empty: true, not_empty: true}\n": `m.yaml:2: skip_rows: column "S": want one condition`,
		"skip_rows:\n  - {empty: true}\n":                             `m.yaml:2: skip_rows: a condition without a column`,
		"skip_rows:\n  - {column: S, empty: false}\n":                 `m.yaml:2: skip_rows: empty: false is no condition`,
		"skip_rows:\n  - {column: S, not_empty: maybe}\n":             `m.yaml:2: skip_rows: not_empty: want true or false, not "maybe"`,
		"skip_rows:\n  - {column: S, values: []}\n":                   `m.yaml:2: skip_rows: column "S": values: want at least one value`,
		"skip_rows:\n  - {column: S, value: [a]}\n":                   `m.yaml:2: skip_rows: unknown key "value" (want column, values, not_empty, empty and reason)`,
		"skip_rows:\n  - {column: S, empty: true, reason: }\n":        `m.yaml:2: skip_rows: reason: want a value`,
	}
	for src, want := range bad {
		_, err := mapping.ParseFile("m.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
	// Absurd skip_rows are refused with the bound.
	many := "skip_rows:\n" + strings.Repeat("  - {column: S, empty: true}\n", mapping.MaxSkipRows+1)
	longValues := "skip_rows:\n  - {column: S, values: [" + strings.Repeat("a,", mapping.MaxSkipValues) + "a]}\n"
	longReason := "skip_rows:\n  - {column: S, empty: true, reason: " + strings.Repeat("r", mapping.MaxReason+1) + "}\n"
	for src, want := range map[string]string{
		many:       "skip_rows: 101 conditions, more than the 100 a mapping may have",
		longValues: `m.yaml:2: skip_rows: column "S": values: 1001 values, more than the 1000 a condition may list`,
		longReason: `m.yaml:2: skip_rows: column "S": reason: 501 characters, more than the 500 a reason may have`,
	} {
		if _, err := mapping.ParseFile("m.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	// A File built in code gets the same checks from Compile.
	f := &mapping.File{SkipLines: -1, SkipRows: []mapping.SkipRow{{Column: "S"}}}
	_, err := mapping.Compile(f, []string{"Email", "S"}, mapping.Options{})
	if err == nil || !strings.Contains(err.Error(), "skip_lines: want 0 or more, not -1") || !strings.Contains(err.Error(), `skip_rows: column "S": want one condition`) {
		t.Errorf("Compile = %v", err)
	}
}
