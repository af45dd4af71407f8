package mapping_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// compileFile parses src and compiles it against header, failing the test on any error.
func compileFile(t *testing.T, src string, header ...string) *mapping.Mapper {
	t.Helper()
	f, err := mapping.ParseFile("m.yaml", []byte(src))
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return m
}

// The trap of issue 10: the hint "set unmapped: ignore" must not lose the columns that
// auto-mapping knows, user.Email above all.
func TestFileExtendsAutoMapping(t *testing.T) {
	m := compileFile(t, "unmapped: ignore\ncolumns:\n  Firma: user.CustomAttribute.Company\n",
		"user.Email", "Vorname", "Firma", "Abteilung")
	got, err := m.Map([]string{" a@b.de ", "Ann", "ACME", "Sales"})
	if err != nil {
		t.Fatal(err)
	}
	want := mapping.Contact{Key: "a@b.de", Email: "a@b.de",
		Attributes: attrs{{"user.FirstName", "Ann"}, {"user.CustomAttribute.Company", "ACME"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Map:\n got %+v\nwant %+v", got, want)
	}
	var auto []string
	for _, r := range m.Resolved() {
		if r.Auto {
			auto = append(auto, r.Column+"->"+r.Target)
		}
	}
	if want := []string{"user.Email->email", "Vorname->user.FirstName"}; !reflect.DeepEqual(auto, want) {
		t.Errorf("auto-mapped %q, want %q", auto, want)
	}
	if r := m.Resolved()[3]; r.Target != "(ignored)" || r.Auto {
		t.Errorf("Abteilung resolves to %+v, want ignored", r)
	}
}

func TestAutoFalse(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte("auto: false\nunmapped: ignore\ncolumns:\n  Mail: email\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !f.NoAuto {
		t.Fatal("auto: false did not set NoAuto")
	}
	m, err := mapping.Compile(f, []string{"Mail", "Vorname"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Map([]string{"a@b.de", "Ann"})
	if err != nil || len(got.Attributes) != 0 {
		t.Errorf("Map = %+v, %v; want Vorname ignored with auto: false", got, err)
	}
	// Without ignore, auto: false leaves the column unknown, as before.
	f.Unmapped = mapping.UnmappedError
	_, err = mapping.Compile(f, []string{"Mail", "Vorname"}, mapping.Options{})
	var he *mapping.HeaderError
	if !errors.As(err, &he) || !reflect.DeepEqual(he.Unknown, []string{"Vorname"}) {
		t.Errorf("Compile = %v, want Vorname unknown", err)
	}
}

func TestAutoKeyValues(t *testing.T) {
	for _, tt := range []struct {
		Src    string
		NoAuto bool
	}{{"auto: true\n", false}, {"auto: yes\n", false}, {"auto: False\n", true}, {"auto: off\n", true}, {"columns:\n", false}} {
		f, err := mapping.ParseFile("m.yaml", []byte(tt.Src))
		if err != nil || f.NoAuto != tt.NoAuto {
			t.Errorf("%q: NoAuto = %v, %v; want %v", tt.Src, f != nil && f.NoAuto, err, tt.NoAuto)
		}
	}
	_, err := mapping.ParseFile("m.yaml", []byte("columns:\n  Mail: email\nauto: sometimes\n"))
	if err == nil || err.Error() != `m.yaml:3: auto: want true or false, not "sometimes"` {
		t.Errorf("err = %v", err)
	}
}

// The file's own targets win: a column auto-mapping would send to a target the file already
// writes is not auto-mapped, and falls to the unmapped policy.
func TestAutoLeavesFileTargets(t *testing.T) {
	m := compileFile(t, "unmapped: ignore\ncolumns:\n  Mail: email\nconstants:\n  user.FirstName: Kunde\n",
		"Mail", "Email", "Vorname", "Nachname")
	got, err := m.Map([]string{"a@b.de", "other@b.de", "Ann", "Lee"})
	if err != nil {
		t.Fatal(err)
	}
	want := mapping.Contact{Key: "a@b.de", Email: "a@b.de", Attributes: attrs{{"user.LastName", "Lee"}, {"user.FirstName", "Kunde"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Map:\n got %+v\nwant %+v", got, want)
	}
	f, _ := mapping.ParseFile("m.yaml", []byte("columns:\n  Mail: email\n"))
	_, err = mapping.Compile(f, []string{"Mail", "Email"}, mapping.Options{})
	var he *mapping.HeaderError
	if !errors.As(err, &he) || !reflect.DeepEqual(he.Unknown, []string{"Email"}) {
		t.Errorf("Compile = %v, want Email unknown (its target is the file's)", err)
	}
}

// What the new keys say changes the fingerprint, so a report is not resumed under a mapping
// that would send something else.
func TestFingerprintRealListKeys(t *testing.T) {
	const base = "unmapped: ignore\ncolumns:\n  Mail: email\n  Name: user.LastName\n  Geb: {to: user.DateOfBirth, transform: [\"date:DD.MM.YYYY HH:mm\"]}\n  S: skip\n"
	header := []string{"Mail", "Name", "Geb", "S", "Vorname"}
	fp := func(src string) string {
		t.Helper()
		return compileFile(t, src, header...).Fingerprint()
	}
	b := fp(base)
	for name, src := range map[string]string{
		"NoAuto":   "auto: false\n" + base,
		"TimeZone": "timezone: Europe/Berlin\n" + base,
		"SkipRows": "skip_rows: [{column: S, empty: true}]\n" + base,
		"SkipWhy":  "skip_rows: [{column: S, empty: true, reason: x}]\n" + base,
		"Replace":  strings.Replace(base, "user.LastName", "{to: user.LastName, replace: {pattern: a, with: b}}", 1),
		"Template": strings.Replace(base, "user.LastName", "{to: user.LastName, template: \"{Name} {S}\"}", 1),
		"Split":    strings.Replace(base, "user.LastName", "{split: [user.FirstName, user.LastName]}", 1),
	} {
		if fp(src) == b {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	if fp("skip_rows: [{column: S, values: [a, b]}]\n"+base) == fp("skip_rows: [{column: S, values: [a, c]}]\n"+base) {
		t.Error("skip_rows values: fingerprint unchanged")
	}
}
