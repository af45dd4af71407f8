package mapping_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

func TestAutoMapping(t *testing.T) {
	tests := []struct {
		Header string // comma-separated
		Target string // what the column resolves to
	}{
		{"user.Email", "email"},
		{"USER.EMAIL", "email"},
		{"user.MobileNumber", "mobile"},
		{"user.FaxNumber", "alias"},
		{"user.Identifier", "external"},
		{"user.FirstName", "user.FirstName"},
		{"user.ISOCountryCode", "user.ISOCountryCode"},
		{"User.zipcode", "User.zipcode"},
		{"user.CustomAttribute.Lieblings Farbe", "user.CustomAttribute.Lieblings Farbe"},
		{"email", "email"},
		{"E-Mail", "email"},
		{"Mail", "email"},
		{"Email Address", "email"},
		{"emailaddress", "email"},
		{"E-Mail-Adresse", "email"},
		{"e_mail", "email"},
		{"Mobile", "mobile"},
		{"Mobile Number", "mobile"},
		{"mobilenumber", "mobile"},
		{"Cell", "mobile"},
		{"Cell-Phone", "mobile"},
		{"Phone", "mobile"},
		{"Handy", "mobile"},
		{"Mobil", "mobile"},
		{"Mobilnummer", "mobile"},
		{"First Name", "user.FirstName"},
		{"firstname", "user.FirstName"},
		{"Given Name", "user.FirstName"},
		{"VORNAME", "user.FirstName"},
		{"Last Name", "user.LastName"},
		{"last_name", "user.LastName"},
		{"Surname", "user.LastName"},
		{"Family Name", "user.LastName"},
		{"Nachname", "user.LastName"},
	}
	for _, tt := range tests {
		t.Run(tt.Header, func(t *testing.T) {
			header := []string{tt.Header}
			if tt.Target != "email" {
				header = append(header, "user.Email")
			}
			m, err := mapping.Compile(nil, header, mapping.Options{})
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := m.Resolved()[0].Target; got != tt.Target {
				t.Errorf("%q maps to %q, want %q", tt.Header, got, tt.Target)
			}
		})
	}
}

func TestAutoMappingUnknown(t *testing.T) {
	for _, name := range []string{"Telefax", "Firma", "user.", "user.CustomAttribute.", "Emails", "Name"} {
		t.Run(name, func(t *testing.T) {
			_, err := mapping.Compile(nil, []string{"Email", name}, mapping.Options{})
			var he *mapping.HeaderError
			if !errors.As(err, &he) || !reflect.DeepEqual(he.Unknown, []string{name}) {
				t.Errorf("Compile error = %v, want %q unknown", err, name)
			}
		})
	}
}

func TestCompileHeaderErrors(t *testing.T) {
	file := "columns:\n  E-Mail: email\n  Vorname: user.FirstName\n  Notiz: skip\n"
	tests := []struct {
		Name    string
		File    string // "" for auto-mapping
		Header  []string
		Options mapping.Options
		Want    mapping.HeaderError // Hint is only checked for being set
		Message []string            // substrings of Error()
	}{{
		Name:    "Empty",
		Header:  nil,
		Want:    mapping.HeaderError{Empty: true},
		Message: []string{"the input has no header"},
	}, {
		Name:   "OnlyBlankNames",
		Header: []string{" ", ""},
		Want:   mapping.HeaderError{Empty: true},
	}, {
		Name:    "Duplicate",
		Header:  []string{"Email", "Vorname", " Vorname "},
		Want:    mapping.HeaderError{Duplicate: []string{"Vorname"}},
		Message: []string{`duplicate column names "Vorname"`},
	}, {
		Name:    "UnknownAuto",
		Header:  []string{"Email", "Firma", "Abteilung"},
		Want:    mapping.HeaderError{Unknown: []string{"Firma", "Abteilung"}},
		Message: []string{`unknown columns "Firma", "Abteilung"`, "--mapping", "unmapped: ignore"},
	}, {
		Name:    "MissingAndUnknown",
		File:    file,
		Header:  []string{"e-mail", "Vorname", "Firma"},
		Want:    mapping.HeaderError{Missing: []string{"E-Mail", "Notiz"}, Unknown: []string{"e-mail", "Firma"}, NoIdentifier: mapping.Email},
		Message: []string{`missing from the header "E-Mail", "Notiz"`, `"E-Mail" is written "e-mail" in the header`, "no column maps to the identifier email"},
	}, {
		Name:    "NoIdentifierFromOption",
		File:    file,
		Header:  []string{"E-Mail", "Vorname", "Notiz"},
		Options: mapping.Options{Identifier: mapping.Mobile},
		Want:    mapping.HeaderError{NoIdentifier: mapping.Mobile},
		Message: []string{"no column maps to the identifier mobile"},
	}, {
		Name:    "NoIdentifierFromFile",
		File:    "identifier: external\n" + file,
		Header:  []string{"E-Mail", "Vorname", "Notiz"},
		Want:    mapping.HeaderError{NoIdentifier: mapping.External},
		Message: []string{"identifier external"},
	}, {
		Name:   "IdentifierNotFromConstant",
		File:   "auto: false\nunmapped: custom\nconstants:\n  user.CustomAttribute.Source: crm\n",
		Header: []string{"Email"},
		Want:   mapping.HeaderError{NoIdentifier: mapping.Email},
	}, {
		Name:    "ConflictAuto",
		Header:  []string{"Email", "E-Mail"},
		Want:    mapping.HeaderError{Conflict: []string{`column "Email" and column "E-Mail" both map to email`}},
		Message: []string{"both map to email", "one column only"},
	}, {
		Name:   "ConflictCustom",
		File:   "unmapped: custom\ncolumns:\n  Mail: email\n  Quelle: user.CustomAttribute.Herkunft\n",
		Header: []string{"Mail", "Quelle", "Herkunft"},
		Want:   mapping.HeaderError{Conflict: []string{`column "Quelle" and column "Herkunft" both map to user.CustomAttribute.Herkunft`}},
	}, {
		Name:   "UnknownEmptyNameCustom",
		File:   "unmapped: custom\ncolumns:\n  Mail: email\n",
		Header: []string{"Mail", ""},
		Want:   mapping.HeaderError{Unknown: []string{""}},
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
			m, err := mapping.Compile(f, tt.Header, tt.Options)
			var he *mapping.HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("Compile = %v, %v; want a *HeaderError", m, err)
			}
			if he.Hint == "" {
				t.Error("no hint")
			}
			got := *he
			got.Hint = ""
			if !reflect.DeepEqual(got, tt.Want) {
				t.Errorf("HeaderError:\n got %+v\nwant %+v", got, tt.Want)
			}
			for _, s := range tt.Message {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q, want it to contain %q", err, s)
				}
			}
		})
	}
}

func TestCompileIdentifierChoice(t *testing.T) {
	header := []string{"Email", "Handy", "user.FaxNumber", "user.Identifier"}
	tests := []struct {
		Name string
		File string
		Opt  mapping.Identifier
		Want mapping.Identifier
	}{
		{Name: "Default", Want: mapping.Email},
		{Name: "Option", Opt: mapping.Alias, Want: mapping.Alias},
		{Name: "OptionAnyCase", Opt: "EXTERNAL", Want: mapping.External},
		{Name: "File", File: "identifier: mobile\nunmapped: custom\ncolumns:\n  Handy: mobile\n", Want: mapping.Mobile},
		{Name: "OptionOverFile", File: "identifier: mobile\nunmapped: custom\ncolumns:\n  Handy: mobile\n  Email: email\n", Opt: mapping.Email, Want: mapping.Email},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var f *mapping.File
			if tt.File != "" {
				var err error
				if f, err = mapping.ParseFile("m.yaml", []byte(tt.File)); err != nil {
					t.Fatal(err)
				}
			}
			m, err := mapping.Compile(f, header, mapping.Options{Identifier: tt.Opt})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Identifier(); got != tt.Want {
				t.Errorf("Identifier() = %q, want %q", got, tt.Want)
			}
		})
	}
	if _, err := mapping.Compile(nil, header, mapping.Options{Identifier: "phone"}); err == nil {
		t.Error("Compile accepted the identifier \"phone\"")
	}
}

func TestCompileRejectsBadFile(t *testing.T) {
	for name, f := range map[string]*mapping.File{
		"Transform": {Columns: []mapping.Column{{Name: "Mail", Target: "email", Transforms: []string{"titlecase"}}}},
		"Policy":    {Empty: "never", Columns: []mapping.Column{{Name: "Mail", Target: "email"}}},
		"Region":    {PhoneRegion: "XY", Columns: []mapping.Column{{Name: "Mail", Target: "email"}}},
		"NoTarget":  {Columns: []mapping.Column{{Name: "Mail"}}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := mapping.Compile(f, []string{"Mail"}, mapping.Options{})
			var he *mapping.HeaderError
			if err == nil || errors.As(err, &he) {
				t.Errorf("Compile = %v, want a mapping error", err)
			}
		})
	}
}

func TestResolved(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte(strings.Replace(specMapping, "unmapped: error", "unmapped: ignore", 1)))
	if err != nil {
		t.Fatal(err)
	}
	header := []string{" Kundennr ", "E-Mail", "Extra", "Interne Notiz", "Mobil", "Vorname", "Geburtsdatum", "Anrede"}
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []mapping.Resolved{
		{Column: "Kundennr", Target: "external"},
		{Column: "E-Mail", Target: "email", Transforms: []string{"trim", "lower"}},
		{Column: "Extra", Target: "(ignored)"},
		{Column: "Interne Notiz", Target: "(skip)"},
		{Column: "Mobil", Target: "mobile", Transforms: []string{"phone"}},
		{Column: "Vorname", Target: "user.FirstName"},
		{Column: "Geburtsdatum", Target: "user.DateOfBirth", Transforms: []string{"date:02.01.2006"}},
		{Column: "Anrede", Target: "user.Title"},
		{Target: "user.CustomAttribute.Source", Constant: "legacy-crm", IsConstant: true},
	}
	if got := m.Resolved(); !reflect.DeepEqual(got, want) {
		t.Errorf("Resolved:\n got %+v\nwant %+v", got, want)
	}
	if m.Columns() != len(header) {
		t.Errorf("Columns() = %d, want %d", m.Columns(), len(header))
	}
	m.Resolved()[1].Transforms[0] = "upper"
	if m.Resolved()[1].Transforms[0] != "trim" {
		t.Error("Resolved shares its slices with the Mapper")
	}
}

func TestFingerprint(t *testing.T) {
	header := []string{"E-Mail", "Mobil", "Vorname", "Geburtsdatum", "Anrede", "Kundennr", "Interne Notiz"}
	compile := func(t *testing.T, file string, header []string, opts mapping.Options) string {
		t.Helper()
		f, err := mapping.ParseFile("m.yaml", []byte(file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := mapping.Compile(f, header, opts)
		if err != nil {
			t.Fatal(err)
		}
		return m.Fingerprint()
	}
	base := compile(t, specMapping, header, mapping.Options{})
	if len(base) != 64 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint() = %q, want 64 hex digits", base)
	}
	if again := compile(t, specMapping, header, mapping.Options{}); again != base {
		t.Errorf("same inputs, different fingerprints")
	}
	same := map[string]string{
		"Comments":        strings.ReplaceAll(specMapping, "# the same value on every row", ""),
		"FlowToBlock":     strings.Replace(specMapping, `{to: external}`, "\n    to: external", 1),
		"ValuesOrder":     strings.Replace(specMapping, `{Herr: "1", Frau: "2"}`, `{Frau: "2", Herr: "1"}`, 1),
		"DefaultsLeftOut": strings.Replace(strings.Replace(specMapping, "empty: skip", "", 1), "unmapped: error", "", 1),
	}
	for name, file := range same {
		if got := compile(t, file, header, mapping.Options{}); got != base {
			t.Errorf("%s: fingerprint changed", name)
		}
	}
	changed := map[string]string{
		"Identifier": strings.Replace(specMapping, "identifier: email", "identifier: external", 1),
		"Region":     strings.Replace(specMapping, "phone_region: DE", "phone_region: AT", 1),
		"Empty":      strings.Replace(specMapping, "empty: skip", "empty: clear", 1),
		"Unmapped":   strings.Replace(specMapping, "unmapped: error", "unmapped: ignore", 1),
		"Target":     strings.Replace(specMapping, "user.FirstName", "user.Nickname", 1),
		"Transform":  strings.Replace(specMapping, "[trim, lower]", "[trim]", 1),
		"DateLayout": strings.Replace(specMapping, "02.01.2006", "2.1.2006", 1),
		"Values":     strings.Replace(specMapping, `Frau: "2"`, `Frau: "-1"`, 1),
		"ValueKey":   strings.Replace(specMapping, `Frau: "2"`, `Fr.: "2"`, 1),
		"Default":    strings.Replace(specMapping, `default: "-1"`, `default: "2"`, 1),
		"NoDefault":  strings.Replace(specMapping, `, default: "-1"`, ``, 1),
		"Constant":   strings.Replace(specMapping, "legacy-crm", "crm", 1),
		"ConstName":  strings.Replace(specMapping, "Source:", "Quelle:", 1),
		"SkipToMap":  strings.Replace(specMapping, "Interne Notiz: skip", "Interne Notiz: user.CustomAttribute.Notiz", 1),
	}
	for name, file := range changed {
		if got := compile(t, file, header, mapping.Options{}); got == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	reordered := []string{"Mobil", "E-Mail", "Vorname", "Geburtsdatum", "Anrede", "Kundennr", "Interne Notiz"}
	if got := compile(t, specMapping, reordered, mapping.Options{}); got == base {
		t.Error("header order: fingerprint unchanged")
	}
	if got := compile(t, specMapping, header, mapping.Options{Identifier: mapping.External}); got == base {
		t.Error("--identifier: fingerprint unchanged")
	}
	auto, err := mapping.Compile(nil, []string{"Email", "Vorname"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	auto2, err := mapping.Compile(nil, []string{"Email", "Nachname"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if auto.Fingerprint() == auto2.Fingerprint() {
		t.Error("auto-mapping: different headers, same fingerprint")
	}
}
