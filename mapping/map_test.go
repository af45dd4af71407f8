package mapping_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"contactimport/mapping"
)

type attrs = []mapping.Attribute

var specHeader = []string{"E-Mail", "Mobil", "Vorname", "Geburtsdatum", "Anrede", "Kundennr", "Interne Notiz"}

func TestMap(t *testing.T) {
	tests := []struct {
		Name   string
		File   string // "" for auto-mapping
		Opt    mapping.Identifier
		Header []string
		Row    []string
		Want   mapping.Contact
		Err    *mapping.FieldError // Column and Code are compared
	}{{
		Name:   "Spec",
		File:   specMapping,
		Header: specHeader,
		Row:    []string{" Ann@Example.ORG ", "0151 12345678", "Ann", "31.12.1980", "Frau", "K-17", "VIP!"},
		Want: mapping.Contact{Key: "ann@example.org", Email: "ann@example.org", Mobile: "+4915112345678", External: "K-17",
			Attributes: attrs{{"user.FirstName", "Ann"}, {"user.DateOfBirth", "1980-12-31"}, {"user.Title", "2"}, {"user.CustomAttribute.Source", "legacy-crm"}}},
	}, {
		Name:   "SpecEmptyCells",
		File:   specMapping,
		Header: specHeader,
		Row:    []string{"ann@example.org", "", "", "", "", "", ""},
		Want: mapping.Contact{Key: "ann@example.org", Email: "ann@example.org",
			Attributes: attrs{{"user.Title", "-1"}, {"user.CustomAttribute.Source", "legacy-crm"}}},
	}, {
		Name:   "EmptyClear",
		File:   strings.Replace(specMapping, "empty: skip", "empty: clear", 1),
		Header: specHeader,
		Row:    []string{"ann@example.org", "", "", "", "", "", ""},
		Want: mapping.Contact{Key: "ann@example.org", Email: "ann@example.org",
			Attributes: attrs{{"user.FirstName", ""}, {"user.DateOfBirth", ""}, {"user.Title", "-1"}, {"user.CustomAttribute.Source", "legacy-crm"}}},
	}, {
		Name:   "UnmappedValue",
		File:   specMapping,
		Header: specHeader,
		Row:    []string{"ann@example.org", "", "", "", "Dr.", "", ""},
		Err:    &mapping.FieldError{Column: "Anrede", Code: "unmapped_value"},
	}, {
		Name:   "ValuesAfterTransforms",
		File:   "columns:\n  Mail: email\n  Anrede: {to: user.Title, transform: [trim, lower], values: {herr: \"1\"}}\n",
		Header: []string{"Mail", "Anrede"},
		Row:    []string{"a@b.de", " HERR "},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.Title", "1"}}},
	}, {
		Name:   "IntlDomainSentAsWritten", // Engage converts the domain to Punycode, not the mapping
		File:   "columns:\n  Mail: {to: email, transform: [trim]}\n",
		Header: []string{"Mail"},
		Row:    []string{" Jorg@Müller.de "},
		Want:   mapping.Contact{Key: "Jorg@Müller.de", Email: "Jorg@Müller.de"},
	}, {
		Name:   "IntlLocalPart",
		File:   "columns:\n  Mail: email\n",
		Header: []string{"Mail"},
		Row:    []string{"jörg@müller.de"},
		Err:    &mapping.FieldError{Column: "Mail", Code: "invalid_email"},
	}, {
		Name:   "ValuesAnyCaseTrimmed",
		File:   "columns:\n  Mail: email\n  Anrede: {to: user.Title, values: {Herr: \"1\"}}\n",
		Header: []string{"Mail", "Anrede"},
		Row:    []string{"a@b.de", " HERR "},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.Title", "1"}}},
	}, {
		Name:   "ValuesNotListed",
		File:   "columns:\n  Mail: email\n  Anrede: {to: user.Title, values: {Herr: \"1\"}}\n",
		Header: []string{"Mail", "Anrede"},
		Row:    []string{"a@b.de", "Herrn"},
		Err:    &mapping.FieldError{Column: "Anrede", Code: "unmapped_value"},
	}, {
		Name:   "ValuesToEmptyThenDefault",
		File:   "columns:\n  Mail: email\n  Anrede: {to: user.Title, values: {Herr: \"1\", k.A.: \"\"}, default: \"-1\"}\n",
		Header: []string{"Mail", "Anrede"},
		Row:    []string{"a@b.de", "k.A."},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.Title", "-1"}}},
	}, {
		Name:   "TransformOrder",
		File:   "columns:\n  Mail: email\n  Geb: {to: user.DateOfBirth, transform: [\"date:02.01.2006\", trim]}\n",
		Header: []string{"Mail", "Geb"},
		Row:    []string{"a@b.de", " 31.12.1980"},
		Err:    &mapping.FieldError{Column: "Geb", Code: "invalid_date"},
	}, {
		Name:   "DefaultSentAsIs",
		File:   "columns:\n  Mail: email\n  Seg: {to: user.CustomAttribute.Segment, transform: [upper], default: none}\n",
		Header: []string{"Mail", "Seg"},
		Row:    []string{"a@b.de", ""},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.CustomAttribute.Segment", "none"}}},
	}, {
		Name:   "DefaultAfterTrim",
		File:   "columns:\n  Mail: email\n  Seg: {to: user.CustomAttribute.Segment, transform: [trim], default: none}\n",
		Header: []string{"Mail", "Seg"},
		Row:    []string{"a@b.de", "  "},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.CustomAttribute.Segment", "none"}}},
	}, {
		Name:   "MissingIdentifier",
		File:   specMapping,
		Header: specHeader,
		Row:    []string{"  ", "0151 12345678", "", "", "", "", ""},
		Err:    &mapping.FieldError{Column: "E-Mail", Code: "missing_identifier"},
	}, {
		Name:   "MissingIdentifierClear",
		File:   "empty: clear\nidentifier: external\ncolumns:\n  Mail: email\n  Nr: external\n",
		Header: []string{"Mail", "Nr"},
		Row:    []string{"a@b.de", ""},
		Err:    &mapping.FieldError{Column: "Nr", Code: "missing_identifier"},
	}, {
		Name:   "IdentifierFieldsNeverEmpty",
		File:   "empty: clear\ncolumns:\n  Mail: email\n  Handy: mobile\n  Nr: external\n  App: alias\n",
		Header: []string{"Mail", "Handy", "Nr", "App"},
		Row:    []string{"a@b.de", "", "", ""},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de"},
	}, {
		Name:   "KeyMobile",
		File:   "identifier: mobile\nphone_region: DE\ncolumns:\n  Handy: {to: mobile, transform: [phone]}\n  Mail: email\n",
		Header: []string{"Mail", "Handy"},
		Row:    []string{"a@b.de", "0151/12345678"},
		Want:   mapping.Contact{Key: "+4915112345678", Email: "a@b.de", Mobile: "+4915112345678"},
	}, {
		Name:   "KeyAlias",
		Opt:    mapping.Alias,
		Header: []string{"user.FaxNumber", "Email"},
		Row:    []string{" app-1 ", "a@b.de"},
		Want:   mapping.Contact{Key: "app-1", Email: "a@b.de", Alias: "app-1"},
	}, {
		Name:   "KeyExternal",
		Opt:    mapping.External,
		Header: []string{"user.Identifier"},
		Row:    []string{"CRM-1"},
		Want:   mapping.Contact{Key: "CRM-1", External: "CRM-1"},
	}, {
		Name:   "MappTargetsAreFields",
		File:   "identifier: mobile\ncolumns:\n  A: user.MobileNumber\n  B: User.Email\n  C: user.FaxNumber\n  D: user.Identifier\n",
		Header: []string{"A", "B", "C", "D"},
		Row:    []string{"4915112345678", "a@b.de", "app", "x"},
		Want:   mapping.Contact{Key: "+4915112345678", Mobile: "+4915112345678", Email: "a@b.de", Alias: "app", External: "x"},
	}, {
		Name:   "AutoSendsAsIs",
		Header: []string{"E-Mail", "Vorname", "user.CustomAttribute.Notiz", "Handy"},
		Row:    []string{" Ann@Example.org ", " Ann ", "", " +4915112345678"},
		Want: mapping.Contact{Key: "Ann@Example.org", Email: "Ann@Example.org", Mobile: "+4915112345678",
			Attributes: attrs{{"user.FirstName", " Ann "}}},
	}, {
		Name:   "UnmappedCustom",
		File:   "unmapped: custom\ncolumns:\n  Mail: email\n",
		Header: []string{"Lieblingsfarbe", "Mail"},
		Row:    []string{"grün", "a@b.de"},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.CustomAttribute.Lieblingsfarbe", "grün"}}},
	}, {
		Name:   "UnmappedIgnore",
		File:   "unmapped: ignore\ncolumns:\n  Mail: email\n",
		Header: []string{"Lieblingsfarbe", "Mail"},
		Row:    []string{"grün", "a@b.de"},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de"},
	}, {
		Name:   "AttributeNameAsWritten",
		File:   "columns:\n  Mail: email\n  Name: USER.firstname\n",
		Header: []string{"Mail", "Name"},
		Row:    []string{"a@b.de", "Ann"},
		Want:   mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"USER.firstname", "Ann"}}},
	}, {
		Name:   "RuleByNameAnyCase",
		File:   "columns:\n  Mail: email\n  Name: USER.firstname\n",
		Header: []string{"Mail", "Name"},
		Row:    []string{"a@b.de", strings.Repeat("a", 51)},
		Err:    &mapping.FieldError{Column: "Name", Code: "too_long"},
	}, {
		Name:   "RuleByNameNoPrefix",
		File:   "columns:\n  Mail: email\n  Land: isocountrycode\n",
		Header: []string{"Mail", "Land"},
		Row:    []string{"a@b.de", "Deutschland"},
		Err:    &mapping.FieldError{Column: "Land", Code: "invalid_country"},
	}, {
		Name:   "InvalidEmail",
		Header: []string{"Email"},
		Row:    []string{"ann(at)example.org"},
		Err:    &mapping.FieldError{Column: "Email", Code: "invalid_email"},
	}, {
		Name:   "InvalidMobileNotKey",
		Header: []string{"Email", "Mobile"},
		Row:    []string{"a@b.de", "0151 12345678"},
		Err:    &mapping.FieldError{Column: "Mobile", Code: "invalid_phone"},
	}, {
		Name:   "InvalidPhoneTransform",
		File:   "columns:\n  Mail: email\n  Handy: {to: mobile, transform: [phone]}\n",
		Header: []string{"Mail", "Handy"},
		Row:    []string{"a@b.de", "0151 12345678"},
		Err:    &mapping.FieldError{Column: "Handy", Code: "invalid_phone"},
	}, {
		Name:   "InvalidUTF8InSkippedColumn",
		File:   "columns:\n  Mail: email\n  Notiz: skip\n",
		Header: []string{"Mail", "Notiz"},
		Row:    []string{"a@b.de", "Gr\xfc\xdfe"},
		Err:    &mapping.FieldError{Column: "Notiz", Code: "invalid_utf8"},
	}, {
		Name:   "InvalidUTF8",
		Header: []string{"Email", "Vorname"},
		Row:    []string{"a@b.de", "J\xf6rg"},
		Err:    &mapping.FieldError{Column: "Vorname", Code: "invalid_utf8"},
	}, {
		Name:   "FirstProblemInHeaderOrder",
		Header: []string{"user.Title", "Email", "user.ISOCountryCode"},
		Row:    []string{"Herr", "", "Germany"},
		Err:    &mapping.FieldError{Column: "user.Title", Code: "invalid_title"},
	}, {
		Name:   "WrongFieldCount",
		Header: []string{"Email", "Vorname"},
		Row:    []string{"a@b.de"},
		Err:    &mapping.FieldError{Code: "field_count"},
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var f *mapping.File
			if tt.File != "" {
				var err error
				if f, err = mapping.ParseFile("m.yaml", []byte(tt.File)); err != nil {
					t.Fatal(err)
				}
			}
			m, err := mapping.Compile(f, tt.Header, mapping.Options{Identifier: tt.Opt})
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Map(tt.Row)
			if tt.Err == nil {
				if err != nil {
					t.Fatalf("Map: unexpected error %v", err)
				}
				if !reflect.DeepEqual(got, tt.Want) {
					t.Errorf("Map:\n got %+v\nwant %+v", got, tt.Want)
				}
				return
			}
			var fe *mapping.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Map = %+v, %v; want a *FieldError", got, err)
			}
			if fe.Column != tt.Err.Column || fe.Code != tt.Err.Code {
				t.Errorf("Map error = {%q %q}, want {%q %q}", fe.Column, fe.Code, tt.Err.Column, tt.Err.Code)
			}
			if !reflect.DeepEqual(got, mapping.Contact{}) {
				t.Errorf("Map returned %+v with its error", got)
			}
			for _, cell := range tt.Row {
				if len(cell) > 3 && strings.Contains(err.Error(), strings.TrimSpace(cell)) {
					t.Errorf("error %q contains a cell value", err)
				}
			}
		})
	}
}

// TestMapConcurrent backs the promise that a Mapper is safe for concurrent use; run with -race.
func TestMapConcurrent(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte(specMapping))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(f, specHeader, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"ann@example.org", "0151 12345678", "Ann", "31.12.1980", "Frau", "K-1", ""},
		{"bob@example.org", "", "Bob", "", "Herr", "", "x"},
		{"", "", "", "", "", "", ""},
	}
	want := make([]string, len(rows))
	for i, r := range rows {
		c, err := m.Map(r)
		want[i] = fmt.Sprint(c, err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				r := (g + i) % len(rows)
				c, err := m.Map(rows[r])
				if got := fmt.Sprint(c, err); got != want[r] {
					t.Errorf("row %d: got %s, want %s", r, got, want[r])
					return
				}
				_ = m.Resolved()
				_ = m.Fingerprint()
			}
		})
	}
	wg.Wait()
}

func TestFieldErrorMessage(t *testing.T) {
	for _, tt := range []struct {
		err  *mapping.FieldError
		want string
	}{
		{&mapping.FieldError{Column: "E-Mail", Code: "invalid_email", Reason: "not a valid email address"}, `column "E-Mail": not a valid email address`},
		{&mapping.FieldError{Code: "field_count", Reason: "row has 1 fields, the header 2"}, "row: row has 1 fields, the header 2"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// BenchmarkMap maps a typical 8-column row with auto-mapping, the path `check` takes on a
// plain file.
func BenchmarkMap(b *testing.B) {
	header := []string{"user.Email", "user.FirstName", "user.LastName", "user.MobileNumber",
		"user.ISOCountryCode", "user.ZipCode", "user.DateOfBirth", "user.CustomAttribute.Segment"}
	row := []string{"anna.lee@example.org", "Anna", "Lee", "+4915112345678", "DE", "10115", "1980-12-31", "gold"}
	m, err := mapping.Compile(nil, header, mapping.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Map(row); err != nil {
			b.Fatal(err)
		}
	}
}
