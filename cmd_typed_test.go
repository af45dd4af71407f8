package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// typedDefinitions is a tenant's definitions of four custom attributes, one of each kind the
// import checks, as doctor keeps them in the profile.
var typedDefinitions = &engage.Definitions{Profile: []engage.Definition{
	{Name: "Tier", DataType: engage.TypeString, Enumerated: true, EnumeratedValues: []string{"Gold", "Silver"}},
	{Name: "Score", DataType: engage.TypeNumber},
	{Name: "Since", DataType: engage.TypeDate},
	{Name: "Opted", DataType: engage.TypeBoolean},
}}

// typedList has one good row and one row each that a type refuses: a NUMBER with a decimal comma
// and a currency sign, a DATE not in ISO form, a BOOLEAN word, a value outside the enumeration.
const typedList = "Email,user.CustomAttribute.Tier,user.CustomAttribute.Score,user.CustomAttribute.Since,user.CustomAttribute.Opted\n" +
	"a@example.org,Gold,12.5,2026-01-02,TRUE\n" +
	"b@example.org,Gold,\"12,5€\",2026-01-02,true\n" +
	"c@example.org,Gold,12,02.01.2026,true\n" +
	"d@example.org,Gold,12,2026-01-02,ja\n" +
	"e@example.org,Bronze,12,2026-01-02,false\n"

// typedWant are the report codes of typedList's rows.
var typedWant = []string{"", "typed_number", "typed_date", "typed_boolean", "typed_enum"}

// reportCodes reads the import.error_class and import.error_code of each row of a report.
func reportCodes(t *testing.T, path string) (classes, codes []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	class, code := -1, -1
	for i, h := range rows[0] {
		switch h {
		case report.ColErrorClass:
			class = i
		case report.ColErrorCode:
			code = i
		}
	}
	for _, r := range rows[1:] {
		classes, codes = append(classes, r[class]), append(codes, r[code])
	}
	return classes, codes
}

func checkTypedCodes(t *testing.T, classes, codes []string) {
	t.Helper()
	for i, want := range typedWant {
		if i >= len(codes) || codes[i] != want {
			t.Errorf("row %d: code %q, want %q (all: %q)", i+1, codes, want, codes)
			continue
		}
		if want != "" && classes[i] != string(report.Validation) {
			t.Errorf("row %d: class %q, want validation", i+1, classes[i])
		}
	}
}

// TestImportTypedProfile: with a profile holding the tenant's definitions, import fails the rows
// whose custom values the types refuse before any request, and sends the one good row (its
// BOOLEAN "TRUE" as the tenant's true: the typed sandbox would refuse it otherwise); the tenant
// refuses nothing.
func TestImportTypedProfile(t *testing.T) {
	r := newProfileRig(t, sandbox.Behaviour{Definitions: sandbox.Definitions{Profile: []sandbox.Definition{
		{Name: "Tier", Enum: []string{"Gold", "Silver"}}, {Name: "Score", Type: "NUMBER"}, {Name: "Since", Type: "DATE"}, {Name: "Opted", Type: "BOOLEAN"}}}})
	r.writeProfile(t, "typed.json", r.url, engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither, Definitions: typedDefinitions})
	code, stderr, sum := r.importFile(t, typedList, "--profile", "typed.json")
	if sum == nil {
		t.Fatalf("exit %d, no summary\n%s", code, stderr)
	}
	if sum.Counts[report.Failed] != 4 {
		t.Errorf("counts %v, want 4 failed", sum.Counts)
	}
	classes, codes := reportCodes(t, filepath.Join(r.dir, "in1.report.csv"))
	checkTypedCodes(t, classes, codes)
	st := r.box.Stats()
	if st.Contacts != 1 || st.Requests["create"]["400"] != 0 || st.Requests["update"]["400"] != 0 {
		t.Errorf("sandbox holds %d contacts, requests %v; want the good row only and no refusal", st.Contacts, st.Requests)
	}
}

// TestCheckTypedProfile: check --profile fails the same rows with the same codes, sending nothing.
func TestCheckTypedProfile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var b bytes.Buffer
	if err := engage.WriteProfile(&b, &engage.Profile{Target: "https://tenant.example/api/rest/v19",
		Tenant: engage.Tenant{Definitions: typedDefinitions}}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile("typed.json", b.Bytes(), 0o600)
	os.WriteFile("in.csv", []byte(typedList), 0o600)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"check", "--profile", "typed.json", "--report", "in.report.csv", "--progress", "none", "in.csv"},
		func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	if code == exitUsage {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	classes, codes := reportCodes(t, "in.report.csv")
	checkTypedCodes(t, classes, codes)
	if !strings.Contains(stderr.String(), "attribute types") {
		t.Errorf("the log does not say the types are checked:\n%s", stderr.String())
	}
}
