package mapping_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// mapOne compiles src against header and maps row; it returns the attributes or the codes of
// the failing columns.
func mapOne(t *testing.T, src string, header, row []string) (attrs, []string) {
	t.Helper()
	m := compileFile(t, src, header...)
	c, err := m.Map(row)
	if err != nil {
		var codes []string
		for _, fe := range mapping.FieldErrors(err) {
			codes = append(codes, fe.Column+":"+fe.Code)
		}
		if codes == nil {
			t.Fatalf("Map error %v names no column", err)
		}
		return nil, codes
	}
	return c.Attributes, nil
}

func TestBoolTransform(t *testing.T) {
	src := "columns:\n  Mail: email\n  Opt-in: {to: user.CustomAttribute.OptIn, transform: [bool], default: \"false\"}\n"
	for in, want := range map[string]string{
		"yes": "true", " YES ": "true", "Ja": "true", "j": "true", "y": "true", "TRUE": "true", "1": "true",
		"x": "true", "X": "true", "oui": "true", "Sí": "true", "si": "true", "sì": "true", "SÌ": "true",
		"no": "false", "Nein": "false", "n": "false", "False": "false", "0": "false", "non": "false",
		"": "false", // empty stays empty, then default applies
	} {
		got, codes := mapOne(t, src, []string{"Mail", "Opt-in"}, []string{"a@b.de", in})
		if want == "" {
			if !reflect.DeepEqual(codes, []string{"Opt-in:invalid_bool"}) {
				t.Errorf("%q: got %v %v, want invalid_bool", in, got, codes)
			}
			continue
		}
		if len(got) != 1 || got[0].Value != want {
			t.Errorf("%q: got %v %v, want %s", in, got, codes, want)
		}
	}
	for _, bad := range []string{"vielleicht", "2", "yes!", "-"} {
		if _, codes := mapOne(t, src, []string{"Mail", "Opt-in"}, []string{"a@b.de", bad}); !reflect.DeepEqual(codes, []string{"Opt-in:invalid_bool"}) {
			t.Errorf("%q: codes %v, want invalid_bool", bad, codes)
		}
	}
}

func TestCountryTransform(t *testing.T) {
	src := "columns:\n  Mail: email\n  Land: {to: user.ISOCountryCode, transform: [country]}\n"
	for in, want := range map[string]string{
		"Deutschland": "DE", "Allemagne": "DE", "germany": "DE", "DEU": "DE", "276": "DE", " de ": "DE",
		"Niederlande": "NL", "Pays-Bas": "NL", "Nederland": "NL", "Österreich": "AT", "Suiza": "CH",
		"Regno Unito": "GB", "UK": "GB", "Verenigde Staten": "US",
	} {
		got, codes := mapOne(t, src, []string{"Mail", "Land"}, []string{"a@b.de", in})
		if want := (attrs{{"user.ISOCountryCode", want}}); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v %v, want %v", in, got, codes, want)
		}
	}
	for _, bad := range []string{"Germanistan", "DD", "YU", "EU", "150", "Korea"} {
		if _, codes := mapOne(t, src, []string{"Mail", "Land"}, []string{"a@b.de", bad}); !reflect.DeepEqual(codes, []string{"Land:invalid_country"}) {
			t.Errorf("%q: codes %v, want invalid_country", bad, codes)
		}
	}
	if got, _ := mapOne(t, src, []string{"Mail", "Land"}, []string{"a@b.de", " "}); len(got) != 0 {
		t.Errorf("an empty country cell sends %v", got)
	}
}

func TestReplace(t *testing.T) {
	for _, tt := range []struct{ Replace, Transform, In, Want string }{
		{`{pattern: "^'", with: ""}`, "[]", "'01067", "01067"},
		{`{pattern: "^'", with: ""}`, "[]", "01'067", "01'067"},
		{`{pattern: "\\s+", with: ""}`, "[]", "010 67", "01067"},
		{`{pattern: "^(\\d{4})$", with: "0$1"}`, "[]", "1067", "01067"},
		// replace runs before the transforms: the upper-cased X is not matched.
		{`{pattern: "x", with: "y"}`, "[upper]", "axb", "AYB"},
	} {
		src := "columns:\n  Mail: email\n  PLZ: {to: user.ZipCode, transform: " + tt.Transform + ", replace: " + tt.Replace + "}\n"
		got, codes := mapOne(t, src, []string{"Mail", "PLZ"}, []string{"a@b.de", tt.In})
		if want := (attrs{{"user.ZipCode", tt.Want}}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s on %q: got %v %v, want %v", tt.Replace, tt.In, got, codes, want)
		}
	}
}

func TestTemplate(t *testing.T) {
	src := "columns:\n  Mail: email\n  Vorname: {to: user.FirstName, template: \"{Vorname} {Zweitname}\"}\n  Zweitname: skip\n" +
		"  Ort: {to: user.City, template: \"{PLZ}-{Ort}\", transform: [upper]}\n"
	header := []string{"Mail", "Vorname", "Zweitname", "Ort", "PLZ"}
	for _, tt := range []struct {
		Row  []string
		Want attrs
	}{
		{[]string{"a@b.de", " Ann ", " Marie ", "Köln", "50667"}, attrs{{"user.FirstName", "Ann Marie"}, {"user.City", "50667-KÖLN"}, {"PLZ", "50667"}}},
		{[]string{"a@b.de", "Ann", "", "Köln", "50667"}, attrs{{"user.FirstName", "Ann"}, {"user.City", "50667-KÖLN"}, {"PLZ", "50667"}}},
		{[]string{"a@b.de", "", "", "", ""}, nil},
		{[]string{"a@b.de", "", "", "Köln", ""}, attrs{{"user.City", "KÖLN"}}},
		{[]string{"a@b.de", "", "Marie", "", "50667"}, attrs{{"user.FirstName", "Marie"}, {"user.City", "50667"}, {"PLZ", "50667"}}},
	} {
		src := src + "  PLZ: PLZ\n"
		got, codes := mapOne(t, src, header, tt.Row)
		if !sameAttrs(got, tt.Want) {
			t.Errorf("%q: got %v %v, want %v", tt.Row, got, codes, tt.Want)
		}
	}
	// Literal text joins the non-empty cells: it goes with the placeholders around it.
	for _, tt := range []struct {
		Template string
		Row      []string
		Want     string
	}{
		{"{A} – {B} – {C}", []string{"a", "", "c"}, "a – c"},
		{"{A} – {B} – {C}", []string{"", "b", "c"}, "b – c"},
		{"{A} – {B} – {C}", []string{"a", "b", ""}, "a – b"},
		{"{A} – {B} – {C}", []string{"", "", ""}, ""},
		{"Kunde {A} seit {B}", []string{"K1", "2020"}, "Kunde K1 seit 2020"},
		{"Kunde {A} seit {B}", []string{"", "2020"}, "2020"},
		{"Kunde {A} seit {B}", []string{"K1", ""}, "Kunde K1"},
		{"{A} EUR", []string{"5", ""}, "5 EUR"},
		{"{A} EUR", []string{"", ""}, ""},
		{"({A})", []string{"x", ""}, "(x)"},
	} {
		src := "columns:\n  Mail: email\n  A: {to: user.CustomAttribute.T, template: \"" + tt.Template + "\"}\n  B: skip\n  C: skip\n"
		row := append([]string{"a@b.de"}, tt.Row...)
		for len(row) < 4 {
			row = append(row, "")
		}
		got, codes := mapOne(t, src, []string{"Mail", "A", "B", "C"}, row)
		var want attrs
		if tt.Want != "" {
			want = attrs{{"user.CustomAttribute.T", tt.Want}}
		}
		if !sameAttrs(got, want) {
			t.Errorf("%s on %q: got %v %v, want %v", tt.Template, tt.Row, got, codes, want)
		}
	}
	// A placeholder that names no header column is a mapping error before any row.
	f, err := mapping.ParseFile("m.yaml", []byte("columns:\n  Mail: email\n  Vorname: {to: user.FirstName, template: \"{Vorname} {Zweiter Name}\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mapping.Compile(f, []string{"Mail", "Vorname", "Zweitname"}, mapping.Options{})
	var he *mapping.HeaderError
	if !errors.As(err, &he) || !reflect.DeepEqual(he.Missing, []string{"Zweiter Name"}) {
		t.Errorf("Compile = %v, want Zweiter Name missing", err)
	}
}

func TestSplit(t *testing.T) {
	src := "columns:\n  Mail: email\n  Name: {split: [user.FirstName, user.LastName], transform: [trim]}\n"
	for in, want := range map[string][2]string{
		"Jan van der Berg":        {"Jan", "van der Berg"},
		"Ann Lee":                 {"Ann", "Lee"},
		" Anna  Maria   Schmidt ": {"Anna Maria", "Schmidt"},
		"Ludwig van Beethoven":    {"Ludwig", "van Beethoven"},
		"Ursula von der Leyen":    {"Ursula", "von der Leyen"},
		"Maria de la Cruz":        {"Maria", "de la Cruz"},
		"Otto zu Salm":            {"Otto", "zu Salm"},
		"Van Morrison":            {"Van", "Morrison"},
		"van Gogh":                {"van", "Gogh"},
		"Cher":                    {"", "Cher"},
		"Johann Sebastian Bach":   {"Johann Sebastian", "Bach"},
		"Leonardo Da Vinci":       {"Leonardo", "Da Vinci"},
	} {
		got, codes := mapOne(t, src, []string{"Mail", "Name"}, []string{"a@b.de", in})
		var w attrs
		if want[0] != "" {
			w = append(w, mapping.Attribute{Name: "user.FirstName", Value: want[0]})
		}
		w = append(w, mapping.Attribute{Name: "user.LastName", Value: want[1]})
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%q: got %v %v, want %v", in, got, codes, w)
		}
	}
	if _, codes := mapOne(t, src, []string{"Mail", "Name"}, []string{"a@b.de", "Lee, Ann"}); !reflect.DeepEqual(codes, []string{"Name:invalid_name"}) {
		t.Errorf("a comma gives %v, want invalid_name", codes)
	}
	// A part over the target's limit fails the column once.
	if _, codes := mapOne(t, src, []string{"Mail", "Name"}, []string{"a@b.de", strings.Repeat("a", 51) + " " + strings.Repeat("b", 51)}); !reflect.DeepEqual(codes, []string{"Name:too_long"}) {
		t.Errorf("long parts give %v, want one too_long", codes)
	}
	// With empty: clear an empty name clears both.
	got, _ := mapOne(t, "empty: clear\n"+src, []string{"Mail", "Name"}, []string{"a@b.de", ""})
	if want := (attrs{{"user.FirstName", ""}, {"user.LastName", ""}}); !reflect.DeepEqual(got, want) {
		t.Errorf("empty name with empty: clear sends %v, want %v", got, want)
	}
	// Both targets are claimed: another column writing one of them is a conflict.
	f, err := mapping.ParseFile("m.yaml", []byte(src+"  Nachname: user.LastName\n"))
	if err == nil {
		t.Errorf("split and a column with the same target parsed: %+v", f)
	}
	m := compileFile(t, src, "Mail", "Name")
	if r := m.Resolved()[1]; r.Target != "split: user.FirstName, user.LastName" {
		t.Errorf("Resolved target %q", r.Target)
	}
}

func sameAttrs(a, b attrs) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
