package mapping_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// specMapping is the mapping file of SPEC.md, "Mapping".
const specMapping = `identifier: email          # email | mobile | alias | external
phone_region: DE           # region for numbers written without a country code
empty: skip                # skip: an empty cell sends nothing | clear: it clears the attribute
unmapped: error            # error | ignore | custom (send as user.CustomAttribute.<header>)
columns:
  E-Mail:        {to: email, transform: [trim, lower]}
  Mobil:         {to: mobile, transform: [phone]}
  Vorname:       user.FirstName                      # short form: target only
  Geburtsdatum:  {to: user.DateOfBirth, transform: ["date:02.01.2006"]}
  Anrede:        {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
  Kundennr:      {to: external}
  Interne Notiz: skip
constants:
  user.CustomAttribute.Source: legacy-crm            # the same value on every row
`

func TestParseFileSpec(t *testing.T) {
	got, err := mapping.ParseFile("mapping.yaml", []byte(specMapping))
	if err != nil {
		t.Fatal(err)
	}
	want := &mapping.File{
		Identifier:      mapping.Email,
		PhoneRegion:     "DE",
		PhoneRegionLine: 2,
		Empty:           mapping.EmptySkip,
		Unmapped:        mapping.UnmappedError,
		Columns: []mapping.Column{
			{Name: "E-Mail", Target: "email", Transforms: []string{"trim", "lower"}, Line: 6},
			{Name: "Mobil", Target: "mobile", Transforms: []string{"phone"}, Line: 7},
			{Name: "Vorname", Target: "user.FirstName", Line: 8},
			{Name: "Geburtsdatum", Target: "user.DateOfBirth", Transforms: []string{"date:02.01.2006"}, Line: 9},
			{Name: "Anrede", Target: "user.Title", Values: map[string]string{"Herr": "1", "Frau": "2"}, Default: "-1", HasDefault: true, Line: 10},
			{Name: "Kundennr", Target: "external", Line: 11},
			{Name: "Interne Notiz", Skip: true, Line: 12},
		},
		Constants: []mapping.Constant{{Target: "user.CustomAttribute.Source", Value: "legacy-crm", Line: 14}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseFile:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseFile(t *testing.T) {
	tests := []struct {
		Name  string
		YAML  string
		Check func(*mapping.File) string // optional: returns a complaint
		Error []string                   // substrings of the error; nil when the file is valid
	}{{
		Name: "Defaults",
		YAML: "columns:\n  Mail: email\n",
		Check: func(f *mapping.File) string {
			if f.Identifier != "" || f.Empty != mapping.EmptySkip || f.Unmapped != mapping.UnmappedError || f.PhoneRegion != "" {
				return "defaults not applied"
			}
			return ""
		},
	}, {
		Name: "IdentifierAnyCase",
		YAML: "identifier: Mobile\ncolumns:\n  Handy: {to: mobile}\n",
		Check: func(f *mapping.File) string {
			if f.Identifier != mapping.Mobile {
				return "identifier " + string(f.Identifier)
			}
			return ""
		},
	}, {
		Name: "RegionColumn",
		YAML: "phone_region: {column: \" Land \"}\ncolumns:\n  Handy: mobile\n",
		Check: func(f *mapping.File) string {
			return cmp(f.PhoneRegionColumn, "Land") + cmp(f.PhoneRegion, "") + cmp(fmt.Sprint(f.PhoneRegionLine), "1")
		},
	}, {
		Name: "RegionLowerCase",
		YAML: "phone_region: at\ncolumns:\n  Handy: {to: mobile, transform: phone}\n",
		Check: func(f *mapping.File) string {
			return cmp(f.PhoneRegion, "AT") + cmp(f.Columns[0].Transforms[0], "phone")
		},
	}, {
		Name:  "SkipLongForm",
		YAML:  "columns:\n  Notes: {to: SKIP}\n  Mail: email\n",
		Check: func(f *mapping.File) string { return cmp(f.Columns[0].Skip, true) },
	}, {
		Name: "NumbersAsWritten",
		YAML: "columns:\n  Anrede: {to: user.Title, values: {1: 1, 2: 2, x: -1}, default: -1}\n",
		Check: func(f *mapping.File) string {
			return cmp(f.Columns[0].Values["x"], "-1") + cmp(f.Columns[0].Default, "-1")
		},
	}, {
		Name:  "Anchors",
		YAML:  "columns:\n  A: {to: user.Title, values: &t {Herr: \"1\"}}\n  B: {to: user.CustomAttribute.Title, values: *t}\n",
		Check: func(f *mapping.File) string { return cmp(f.Columns[1].Values["Herr"], "1") },
	}, {
		Name:  "EmptyConstant",
		YAML:  "constants:\n  user.CustomAttribute.Segment: \"\"\n",
		Check: func(f *mapping.File) string { return cmp(len(f.Constants), 1) },
	}, {
		Name:  "Empty",
		YAML:  "# nothing\n",
		Error: []string{"m.yaml: parse mapping file: the file is empty"},
	}, {
		Name:  "Syntax",
		YAML:  "columns:\n  a: [\n",
		Error: []string{"m.yaml: parse mapping file: yaml:"},
	}, {
		Name:  "NotAMapping",
		YAML:  "- a\n- b\n",
		Error: []string{"m.yaml:1: want a mapping"},
	}, {
		Name:  "UnknownTopKey",
		YAML:  "columns:\n  Mail: email\nidentifer: email\n",
		Error: []string{`m.yaml:3: unknown key "identifer"`},
	}, {
		Name:  "UnknownIdentifier",
		YAML:  "identifier: phone\n",
		Error: []string{`m.yaml:1: identifier: unknown identifier "phone"`},
	}, {
		Name:  "UnknownEmptyPolicy",
		YAML:  "empty: ignore\n",
		Error: []string{`m.yaml:1: empty: unknown policy "ignore"`},
	}, {
		Name:  "UnknownUnmappedPolicy",
		YAML:  "unmapped: skip\n",
		Error: []string{`m.yaml:1: unmapped: unknown policy "skip"`},
	}, {
		Name:  "UnknownRegion",
		YAML:  "phone_region: XY\n",
		Error: []string{`m.yaml:1: phone_region: unknown region "XY"`},
	}, {
		Name:  "RegionColumnUnknownKey",
		YAML:  "phone_region: {colum: Land}\n",
		Error: []string{`m.yaml:1: phone_region: unknown key "colum" (want column)`},
	}, {
		Name:  "RegionColumnEmpty",
		YAML:  "phone_region: {column: \" \"}\n",
		Error: []string{`m.yaml:1: phone_region: column: want the header of the column with each row's country`},
	}, {
		Name:  "RegionEmptyMap",
		YAML:  "phone_region: {}\n",
		Error: []string{`m.yaml:1: phone_region: want a region code such as DE, or {column: <header>}`},
	}, {
		Name:  "RegionList",
		YAML:  "phone_region: [DE]\n",
		Error: []string{`m.yaml:1: phone_region: want a value`},
	}, {
		Name:  "UnknownTransform",
		YAML:  "columns:\n  Mail: email\n\n\n\n\n  Anrede: {to: user.Title, transform: [trim, titlecase]}\n",
		Error: []string{`m.yaml:7: column "Anrede": unknown transform "titlecase"`},
	}, {
		Name:  "BadDateLayout",
		YAML:  "columns:\n  Geb: {to: user.DateOfBirth, transform: [\"date:DD.MM.JJJJ\"]}\n",
		Error: []string{`m.yaml:2: column "Geb": date pattern "DD.MM.JJJJ": unknown token at "JJJJ"`},
	}, {
		Name:  "UnknownColumnKey",
		YAML:  "columns:\n  Mail: {to: email, tranform: [trim]}\n",
		Error: []string{`m.yaml:2: column "Mail": unknown key "tranform"`},
	}, {
		Name:  "NoTarget",
		YAML:  "columns:\n  Mail: {transform: [trim]}\n",
		Error: []string{`m.yaml:2: column "Mail": no target`},
	}, {
		Name:  "NullTarget",
		YAML:  "columns:\n  Mail:\n",
		Error: []string{`m.yaml:2: column "Mail": want a value`},
	}, {
		Name:  "ListTarget",
		YAML:  "columns:\n  Mail: [email]\n",
		Error: []string{`m.yaml:2: column "Mail": want a target or a mapping`},
	}, {
		Name:  "ValuesNotAMap",
		YAML:  "columns:\n  Anrede: {to: user.Title, values: [1, 2]}\n",
		Error: []string{`m.yaml:2: column "Anrede": values: want a map`},
	}, {
		Name:  "ValuesNested",
		YAML:  "columns:\n  Anrede: {to: user.Title, values: {Herr: {a: b}}}\n",
		Error: []string{`m.yaml:2: column "Anrede": values: "Herr": want a value`},
	}, {
		Name:  "ValuesInvalidForTarget",
		YAML:  "columns:\n  Anrede: {to: user.Title, values: {Herr: Mr}}\n",
		Error: []string{`m.yaml:2: column "Anrede": values: "Herr" maps to a value that is not a valid title`},
	}, {
		Name:  "DefaultInvalidForTarget",
		YAML:  "columns:\n  Land: {to: user.ISOCountryCode, default: Germany}\n",
		Error: []string{`m.yaml:2: column "Land": default: not an ISO 3166-1`},
	}, {
		Name:  "SkipWithTransform",
		YAML:  "columns:\n  Notes: {to: skip, transform: [trim]}\n",
		Error: []string{`m.yaml:2: column "Notes": a skipped column takes no`},
	}, {
		Name:  "SameTarget",
		YAML:  "columns:\n  Vorname: user.FirstName\n  Rufname: FIRSTNAME\n",
		Error: []string{`m.yaml:3: column "Rufname": target "FIRSTNAME" is already the target of column "Vorname" (line 2)`},
	}, {
		Name:  "SameIdentifierTarget",
		YAML:  "columns:\n  Mail: email\n  E-Mail: user.Email\n",
		Error: []string{`m.yaml:3: column "E-Mail": target "user.Email" is already the target of column "Mail"`},
	}, {
		Name:  "ColumnTwice",
		YAML:  "columns:\n  Mail: email\n  Mail: user.CustomAttribute.Mail\n",
		Error: []string{`m.yaml:3: columns: "Mail" appears twice (line 2)`},
	}, {
		Name:  "ColumnTwiceAfterTrim",
		YAML:  "columns:\n  Mail: email\n  \" Mail\": user.CustomAttribute.Mail\n",
		Error: []string{`m.yaml:3: column "Mail" is mapped twice (line 2)`},
	}, {
		Name:  "ConstantIdentifier",
		YAML:  "constants:\n  external: crm\n",
		Error: []string{`m.yaml:2: constant "external": the identifier fields cannot be constants`},
	}, {
		Name:  "ConstantSameTargetAsColumn",
		YAML:  "columns:\n  Quelle: user.CustomAttribute.Source\nconstants:\n  user.CustomAttribute.Source: crm\n",
		Error: []string{`m.yaml:4: constant "user.CustomAttribute.Source": target "user.CustomAttribute.Source" is already the target of column "Quelle"`},
	}, {
		Name:  "ConstantInvalid",
		YAML:  "constants:\n  user.ISOLanguageCode: german\n",
		Error: []string{`m.yaml:2: constant "user.ISOLanguageCode": not an ISO 639-1 language code`},
	}, {
		Name:  "ConstantNull",
		YAML:  "constants:\n  user.CustomAttribute.Source:\n",
		Error: []string{`m.yaml:2: constant "user.CustomAttribute.Source": want a value`},
	}, {
		Name:  "MergeKey",
		YAML:  "base: &b {to: email}\ncolumns:\n  Mail: {<<: *b}\n",
		Error: []string{`m.yaml:1: unknown key "base"`, `m.yaml:3: column "Mail": merge keys (<<) are not supported`},
	}, {
		Name:  "AllProblemsAtOnce",
		YAML:  "identifier: phone\nempty: never\ncolumns:\n  A: {to: user.Title, transform: [x]}\n  B: user.FirstName\n  C: firstname\n",
		Error: []string{"m.yaml:1: identifier", "m.yaml:2: empty", "m.yaml:4: column \"A\"", "m.yaml:6: column \"C\""},
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			f, err := mapping.ParseFile("m.yaml", []byte(tt.YAML))
			if tt.Error == nil {
				if err != nil {
					t.Fatalf("ParseFile: unexpected error: %v", err)
				}
				if tt.Check != nil {
					if msg := tt.Check(f); msg != "" {
						t.Errorf("ParseFile: %s", msg)
					}
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

func cmp[T comparable](got, want T) string {
	if got != want {
		return fmt.Sprintf("got %v, want %v; ", got, want)
	}
	return ""
}
