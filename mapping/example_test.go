package mapping_test

import (
	"errors"
	"fmt"

	"contactimport/mapping"
)

// A mapping file names the identifier, the policies, one entry per input column and the
// constants. A column is either a target (short form), `skip`, or a mapping with `to`,
// `transform`, `values` and `default`.
func ExampleParseFile() {
	const file = `
identifier: email          # email | mobile | alias | external
phone_region: DE           # for numbers written without a country code
empty: skip                # skip: an empty cell sends nothing | clear: it clears the attribute
unmapped: error            # error | ignore | custom (send as user.CustomAttribute.<header>)
columns:
  E-Mail:        {to: email, transform: [trim, lower]}
  Mobil:         {to: mobile, transform: [phone]}
  Vorname:       user.FirstName
  Geburtsdatum:  {to: user.DateOfBirth, transform: ["date:02.01.2006"]}
  Anrede:        {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
  Interne Notiz: skip
constants:
  user.CustomAttribute.Source: legacy-crm
`
	f, err := mapping.ParseFile("mapping.yaml", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range f.Columns {
		fmt.Printf("line %d: %q → %q skip=%v transforms=%v\n", c.Line, c.Name, c.Target, c.Skip, c.Transforms)
	}
	// Output:
	// line 7: "E-Mail" → "email" skip=false transforms=[trim lower]
	// line 8: "Mobil" → "mobile" skip=false transforms=[phone]
	// line 9: "Vorname" → "user.FirstName" skip=false transforms=[]
	// line 10: "Geburtsdatum" → "user.DateOfBirth" skip=false transforms=[date:02.01.2006]
	// line 11: "Anrede" → "user.Title" skip=false transforms=[]
	// line 12: "Interne Notiz" → "" skip=true transforms=[]
}

// Mistakes in a mapping file are reported with their line, all at once.
func ExampleParseFile_errors() {
	const file = `identifer: email
columns:
  Anrede: {to: user.Title, transform: [titlecase]}
  Land: {to: user.ISOCountryCode, default: Germany}
`
	_, err := mapping.ParseFile("mapping.yaml", []byte(file))
	fmt.Println(err)
	// Output:
	// mapping.yaml:1: unknown key "identifer" (want auto, identifier, phone_region, timezone, empty, unmapped, sheet, skip_lines, skip_rows, lost_leading_zeros, columns or constants)
	// mapping.yaml:3: column "Anrede": unknown transform "titlecase" (want trim, lower, upper, phone, bool, country, first:<separator> or date:<pattern>)
	// mapping.yaml:4: column "Land": default: not an ISO 3166-1 alpha-2 or alpha-3 country code
}

// Without a mapping file, Mapp's own import headers and common spellings are recognised.
// Identifier values are trimmed; everything else is sent as it stands.
func ExampleCompile() {
	header := []string{"user.Email", "Vorname", "Last Name", "Handy", "user.ZipCode", "user.CustomAttribute.Segment"}
	m, err := mapping.Compile(nil, header, mapping.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.Resolved() {
		fmt.Printf("%-30s → %s %v\n", r.Column, r.Target, r.Transforms)
	}
	// Output:
	// user.Email                     → email [trim]
	// Vorname                        → user.FirstName []
	// Last Name                      → user.LastName []
	// Handy                          → mobile [trim]
	// user.ZipCode                   → user.ZipCode []
	// user.CustomAttribute.Segment   → user.CustomAttribute.Segment []
}

// Every header problem is reported before the first row, with a hint.
func ExampleHeaderError() {
	_, err := mapping.Compile(nil, []string{"Email", "Firma", "Abteilung"}, mapping.Options{})
	var he *mapping.HeaderError
	if errors.As(err, &he) {
		fmt.Println(he.Unknown)
		fmt.Println(err)
	}
	// Output:
	// [Firma Abteilung]
	// check header: unknown columns "Firma", "Abteilung" (map or skip them in a mapping file (--mapping FILE), or set `unmapped: ignore` there)
}

// Map applies transforms, values and defaults, adds the constants and validates the result.
func ExampleMapper_Map() {
	const file = `
phone_region: DE
columns:
  E-Mail:       {to: email, transform: [trim, lower]}
  Mobil:        {to: mobile, transform: [phone]}
  Geburtsdatum: {to: user.DateOfBirth, transform: ["date:02.01.2006"]}
  Anrede:       {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
constants:
  user.CustomAttribute.Source: legacy-crm
`
	f, err := mapping.ParseFile("mapping.yaml", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := mapping.Compile(f, []string{"E-Mail", "Mobil", "Geburtsdatum", "Anrede"}, mapping.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := m.Map([]string{" Ann.Lee@Example.org", "0151 12345678", "31.12.1980", ""})
	fmt.Printf("%s %s %v %v\n", c.Key, c.Mobile, c.Attributes, err)

	_, err = m.Map([]string{"ann.lee@example.org", "", "30.02.1980", "Frau"})
	fmt.Println(err)
	// Output:
	// ann.lee@example.org +4915112345678 [{user.DateOfBirth 1980-12-31} {user.Title -1} {user.CustomAttribute.Source legacy-crm}] <nil>
	// column "Geburtsdatum": not a date in the pattern 02.01.2006
}

// With phone_region: {column: …}, each row's numbers are read for the row's own country;
// digits that are valid only with "+" in front are international, a number written the way its
// region writes numbers is national, a reading that cannot be a mobile does not compete for the
// mobile field, and a number that would still read validly both ways is refused, never guessed.
func ExampleMapper_Map_phoneRegionColumn() {
	const file = `
identifier: mobile
phone_region: {column: Land}
columns:
  Handy: mobile
`
	f, err := mapping.ParseFile("mapping.yaml", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := mapping.Compile(f, []string{"Handy", "Land"}, mapping.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range [][]string{
		{"(202) 555-0113", "US"},
		{"0612345678", "FRA"},
		{"4917012345678", "FR"},
		{"0044 7911 123456", "DE"},
		{"33 6 12 34 56 78", "DE"},
		{"17078895471", "DE"},
		{"(646) 555-0124", "US"},
		{"030 12345678", "DE"},
	} {
		c, err := m.Map(row)
		fmt.Println(c.Mobile, err)
	}
	// Output:
	// +12025550113 <nil>
	// +33612345678 <nil>
	// +4917012345678 <nil>
	// +447911123456 <nil>
	// +33612345678 <nil>
	//  column "Handy": ambiguous: +4917078895471 as a national number of DE, or +17078895471 with + in front (a number of US); it looks like a spreadsheet changed it: was it +17078895471, or 0170 78895471 as DE writes it? Write it as it was
	// +16465550124 <nil>
	//  column "Handy": a valid phone number of DE, but not a mobile one (a landline or another kind of line)
}
