package guess

import (
	"strings"
	"testing"

	"contactimport/mapping"
)

// draftFeatures are the mapping keys a draft may use, each with a smallest file that uses it.
var draftFeatures = map[string]string{
	"date patterns":          "columns:\n  D: {to: user.DateOfBirth, transform: [\"date:DD.MM.YYYY\"]}\n",
	"bool":                   "columns:\n  B: {to: user.CustomAttribute.B, transform: [bool]}\n",
	"country":                "columns:\n  C: {to: user.ISOCountryCode, transform: [country]}\n",
	"replace":                "columns:\n  Z: {to: user.ZipCode, replace: {pattern: \"^'\", with: \"\"}}\n",
	"split":                  "columns:\n  N: {split: [user.FirstName, user.LastName]}\n",
	"skip_rows":              "skip_rows:\n  - {column: S, not_empty: true, reason: gone}\n  - {column: S, empty: true, reason: footer}\n  - {column: S, values: [\"1\"], reason: opted out}\ncolumns:\n  S: skip\n",
	"timezone":               "timezone: UTC\n",
	"phone_region: {column}": "phone_region: {column: Land}\ncolumns:\n  Land: skip\n",
}

// TestDraftsParse renders drafts for several lists and parses each with ParseFile, as
// `contactimport check --mapping` would. A draft that uses a key ParseFile does not take yet
// (the keys of "What real lists need" land feature by feature) is reported as skipped, naming
// the key; every other parse error fails.
func TestDraftsParse(t *testing.T) {
	missing := map[string]bool{}
	for name, doc := range draftFeatures {
		if _, err := mapping.ParseFile("probe.yaml", []byte(doc)); err != nil {
			missing[name] = true
		}
	}
	german := sampleOf("Anrede;Vorname;Nachname;E-Mail;Handy;Land;Geburtsdatum;PLZ;Newsletter;Status;Kundennr;Name",
		"Herr;Jörg;Müller;joerg@example.de;0151 2345678;DE;24.12.1980;'01067;ja;aktiv;K-1;x",
		"Frau;Bärbel;Weiß;baerbel@example.de;+43 664 1234567;AT;01.02.1975;'80331;nein;aktiv;K-2;y",
		"Frau;Chloé;Núñez;chloe@example.fr;;FR;3.4.1990;75001;ja;gesperrt;K-3;z",
		"Herr;François;Çelik;francois@example.fr;0612345678;FR;;75002;;gesperrt;K-4;w")
	mailchimp := sampleOf(`Email Address;First Name;Last Name;Phone Number;MEMBER_RATING;UNSUB_TIME;Kunde seit`,
		"ann@example.org;Ann;Lee;0151 2345678;2;2024-01-02 03:04:05;01.02.2020",
		"bo@example.org;Bo;Ek;;3;2024-01-02 03:04:05;03.04.2021")
	footer := sampleOf("Full Name;Email;Email Opt Out;Last Login", "Ann Lee;ann@example.org;1;2023-01-05 10:22:33", "Bo Ek;bo@example.org;0;2023-01-05 10:22:33")
	footer.Tail = [][]string{{"Confidential Information - Do Not Distribute"}}
	plain := sampleOf("Email;First Name;Last Name;Notes", "ann@example.org;Ann;Lee;x", "bo@example.org;Bo;Ek;y")
	people, _ := people(50)
	for name, s := range map[string]Sample{"German": german, "Mailchimp": mailchimp, "Footer": footer, "Plain": plain, "People": people} {
		t.Run(name, func(t *testing.T) {
			out := Mapping(s).Render()
			_, err := mapping.ParseFile("draft.yaml", out)
			if err == nil {
				return
			}
			for feature := range missing {
				if usesFeature(string(out), feature) {
					t.Skipf("ParseFile does not take %s yet: %v", feature, err)
				}
			}
			t.Errorf("the draft does not parse: %v\n%s", err, out)
		})
	}
}

// usesFeature reports whether a rendered draft uses a feature of draftFeatures.
func usesFeature(draft, feature string) bool {
	marker := map[string]string{
		"date patterns": `"date:`, "bool": "[bool]", "country": "[country]", "replace": "replace:",
		"split": "split:", "skip_rows": "skip_rows:", "timezone": "\ntimezone:", "phone_region: {column}": "phone_region: {",
	}[feature]
	return strings.Contains(draft, marker)
}
