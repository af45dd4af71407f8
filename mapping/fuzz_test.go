package mapping

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzMappings are the mappings FuzzMap tries every header and row against; "" is auto-mapping.
var fuzzMappings = []string{
	"",
	`identifier: email
phone_region: DE
columns:
  E-Mail:       {to: email, transform: [trim, lower]}
  Mobil:        {to: mobile, transform: [phone]}
  Vorname:      user.FirstName
  Geburtsdatum: {to: user.DateOfBirth, transform: [trim, "date:02.01.2006"]}
  Anrede:       {to: user.Title, values: {Herr: "1", Frau: "2"}, default: "-1"}
  Kundennr:     {to: external}
  Notiz:        skip
constants:
  user.CustomAttribute.Source: legacy-crm
`,
	`identifier: mobile
empty: clear
unmapped: custom
columns:
  Tel:  {to: mobile, transform: [phone]}
  Land: {to: user.ISOCountryCode, transform: [upper]}
  Zeit: {to: user.TimeZone, transform: ["date:2006-01-02 15:04"]}
`,
	`identifier: external
unmapped: ignore
columns:
  Nr:   {to: external, transform: [trim, upper]}
  Mail: {to: email, transform: [lower]}
  Sprache: {to: user.ISOLanguageCode, default: de}
  Partner: user.PartnerId
`,
	`timezone: Europe/Berlin
unmapped: ignore
skip_rows:
  - {column: Status, values: [cleaned, bounced], reason: not mailable}
  - {column: Mail, empty: true, reason: footer}
columns:
  Name:  {split: [user.FirstName, user.LastName], transform: [trim]}
  Geb:   {to: user.DateOfBirth, transform: ["date:D.M.YY"]}
  Opt:   {to: user.CustomAttribute.OptIn, transform: [bool]}
  Land:  {to: user.ISOCountryCode, transform: [country]}
  PLZ:   {to: user.ZipCode, replace: {pattern: "^'", with: ""}}
  Team:  {to: user.CustomAttribute.Team, template: "{Firma} – {Team}"}
  Seit:  {to: user.CustomAttribute.Since, transform: ["date:YYYY-MM-DD HH:mm"]}
  Nr:    {to: external, transform: [trim]}
  Anrede: {to: user.Title, values: {herr: "1", FRAU: "2"}}
`,
	`identifier: mobile
phone_region: {column: Land}
unmapped: ignore
columns:
  Mail:  email
  Handy: mobile
  Tel:   {to: user.CustomAttribute.Tel, transform: [phone]}
`,
	`lost_leading_zeros: true
phone_region: {column: Land}
unmapped: ignore
columns:
  Mail:  email
  Handy: {to: mobile, transform: [phone], invalid: omit}
  PLZ:   {to: user.ZipCode, invalid: omit}
  Land:  {to: user.ISOCountryCode, transform: [country]}
  Geb:   {to: user.DateOfBirth, invalid: omit}
`,
}

// FuzzMap maps a random header and row, given as '|'-separated cells, with each mapping.
// Nothing may panic; every row gives a Contact that satisfies Engage's rules or a *FieldError.
func FuzzMap(f *testing.F) {
	f.Add("Email|Vorname|Nachname|Handy", " a@b.de |Ann|Lee|+4915112345678")
	f.Add("user.Email|user.Title|user.DateOfBirth|user.ISOCountryCode", "a@b.de|2|1980-02-30|DEU")
	f.Add("E-Mail|Mobil|Vorname|Geburtsdatum|Anrede|Kundennr|Notiz", "A@B.DE|0151 12345678|Jörg|31.12.1980|Frau|K1|x")
	f.Add("Tel|Land|Zeit|Farbe", "0049 151 12345678|de|2024-01-01 12:00|\xff")
	f.Add("Nr|Mail|Sprache|Partner|Rest", " k-1 |a@b.de||123456|")
	f.Add("", "")
	f.Add("Mail|Name|Geb|Opt|Land|PLZ|Team|Firma|Seit|Nr|Anrede|Status", "a@b.de| Jan van der Berg |4.7.87|Ja|Niederlande|'01067|Vertrieb|ACME|2024-07-01 09:30|K1| HERR |aktiv")
	f.Add("Mail|Name|Geb|Opt|Land|PLZ|Team|Firma|Seit|Nr|Anrede|Status", "a@b.de|Lee, Ann|31.12.1980|vielleicht|DE|1067||| |4.47701E+11|Dr.|cleaned")
	f.Add("Mail|Name|Land|PLZ|user.DateOfBirth", "|Cher|Atlantis|'|29586")
	// Phone numbers of issue 10: the row's own country, digits-only international numbers,
	// ambiguous readings, a landline as a mobile, three spellings of one mobile.
	f.Add("Mail|Handy|Tel|Land", "a@b.de|2025550113|2025550113|US")
	f.Add("Mail|Handy|Tel|Land", "a@b.de|4917012345678|4917012345678|")
	f.Add("Mail|Handy|Tel|Land", "a@b.de|33 6 12 34 56 78|030 12345678|DEU")
	f.Add("Mail|Handy|Tel|Land", "a@b.de|0044 7911 123456|+44 (0)7911 123456|Atlantis")
	f.Add("Mail|Handy|Tel|Land", "a@b.de|+49 30 12345678|++49|276")
	// Cells a spreadsheet damaged, omitted or restored by the last mapping.
	f.Add("Mail|Handy|PLZ|Land|Geb", "a@b.de|15123456703|1080|Deutschland|31.12.1980")
	f.Add("Mail|Handy|PLZ|Land|Geb", "a@b.de|4,91512E+12|1010|AT|1980-12-31")
	f.Fuzz(func(t *testing.T, header, row string) {
		names := strings.Split(header, "|")
		cells := strings.Split(row, "|")
		for i, src := range fuzzMappings {
			var file *File
			if src != "" {
				var err error
				if file, err = ParseFile("fuzz.yaml", []byte(src)); err != nil {
					t.Fatalf("mapping %d: %v", i, err)
				}
			}
			m, err := Compile(file, names, Options{})
			if err != nil {
				var he *HeaderError
				if !errors.As(err, &he) || he.Error() == "" {
					t.Fatalf("mapping %d: Compile error %v is not a *HeaderError", i, err)
				}
				continue
			}
			cells := slices.Grow(slices.Clone(cells), m.Columns())[:min(len(cells), m.Columns())]
			for len(cells) < m.Columns() {
				cells = append(cells, "")
			}
			c, err := m.Map(cells)
			checkMapped(t, m, c, err)
			if reason, skip := m.Skip(cells); skip != (reason != "") {
				t.Fatalf("mapping %d: Skip = %q, %v", i, reason, skip)
			}
			if c2, err2 := m.Map(cells); !slices.Equal(c2.Attributes, c.Attributes) || c2.Key != c.Key || (err == nil) != (err2 == nil) {
				t.Fatalf("mapping %d: Map is not deterministic", i)
			}
		}
	})
}

func checkMapped(t *testing.T, m *Mapper, c Contact, err error) {
	t.Helper()
	if err != nil {
		var fe *FieldError
		if !errors.As(err, &fe) || len(FieldErrors(err)) == 0 {
			t.Fatalf("Map error %#v is not a *FieldError or *RowError", err)
		}
		for _, fe := range FieldErrors(err) {
			if fe.Code == "" || fe.Reason == "" || !slices.Contains(m.header, fe.Column) {
				t.Fatalf("Map error %#v does not name a header column", fe)
			}
		}
		return
	}
	for _, n := range c.Notes {
		if n.Code == "" || !strings.Contains(n.Text, strconv.Quote(n.Column)) || !slices.Contains(m.header, n.Column) {
			t.Fatalf("note %#v does not name a header column", n)
		}
	}
	fields := map[field]string{fieldEmail: c.Email, fieldMobile: c.Mobile, fieldAlias: c.Alias, fieldExternal: c.External}
	if c.Key == "" || c.Key != fields[m.idField] {
		t.Fatalf("Key %q does not match the %s field", c.Key, m.id)
	}
	if c.Email != "" && ruleFor(fieldEmail, "").check(c.Email) != nil {
		t.Fatalf("invalid email %q mapped", c.Email)
	}
	if c.Mobile != "" && (!validMobile(c.Mobile) || c.Mobile[0] != '+') {
		t.Fatalf("invalid mobile %q mapped", c.Mobile)
	}
	for _, a := range c.Attributes[:len(c.Attributes)-len(m.consts)] {
		if !utf8.ValidString(a.Value) {
			t.Fatalf("attribute %s: invalid UTF-8", a.Name)
		}
		if a.Value == "" && !m.clear {
			t.Fatalf("attribute %s sent empty with empty: skip", a.Name)
		}
		if a.Value != "" && ruleFor(fieldAttr, a.Name).check(a.Value) != nil {
			t.Fatalf("attribute %s: invalid value %q mapped", a.Name, a.Value)
		}
	}
}

// FuzzParseFile parses random mapping files. Nothing may panic; a file that parses compiles
// against its own column names, and its fingerprint is stable.
func FuzzParseFile(f *testing.F) {
	for _, src := range fuzzMappings[1:] {
		f.Add([]byte(src))
	}
	f.Add([]byte("columns:\n  A: {to: user.Title, values: &v {x: \"1\"}}\n  B: {to: title, values: *v}\n"))
	f.Add([]byte("identifier: alias\ncolumns: {App: alias, X: {to: skip}}\nconstants: {user.ZipCode: \"\"}\n"))
	f.Add([]byte("columns:\n  A: [\n"))
	f.Add([]byte("phone_region: {column: Land}\ncolumns: {Handy: mobile, Mail: email}\n"))
	f.Add([]byte("phone_region: {column: Land, other: 1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		var header []string
		for _, c := range file.Columns {
			header = append(header, c.Name)
		}
		if file.PhoneRegionColumn != "" && !slices.Contains(header, file.PhoneRegionColumn) {
			header = append(header, file.PhoneRegionColumn)
		}
		m, err := Compile(file, header, Options{})
		if err != nil {
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("Compile of a parsed file: %v", err)
			}
			return
		}
		m2, err := Compile(file, header, Options{})
		if err != nil || m2.Fingerprint() != m.Fingerprint() {
			t.Fatalf("second Compile: %v, fingerprint %s vs %s", err, m2.Fingerprint(), m.Fingerprint())
		}
		for _, cell := range []string{"", "x", "1", " a@b.de ", "+4915112345678", "4917012345678", "DE"} {
			row := make([]string, len(header))
			for i := range row {
				row[i] = cell
			}
			c, err := m.Map(row)
			checkMapped(t, m, c, err)
		}
	})
}
