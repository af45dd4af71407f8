package mappimport

import (
	"strings"
	"testing"

	"contactimport/mapping"
)

func TestHandoff(t *testing.T) {
	files := []Written{
		{Path: "out/x.mapp-001.csv", File: File{Number: 1, Rows: 400000, Bytes: 49999000}},
		{Path: "out/x.mapp-002.csv", File: File{Number: 2, Rows: 12, Bytes: 1500}},
	}
	var b strings.Builder
	if err := WriteHandoff(&b, files, []string{"user.Email", "user.FirstName"}, mapping.Email); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"400,012 rows in 2 file(s), UTF-8, separator comma, at most 50,000,000 bytes each",
		"out/x.mapp-001.csv  49,999,000 bytes  400,000 rows",
		"out/x.mapp-002.csv  1,500 bytes  12 rows",
		"columns: user.Email, user.FirstName",
		"in numbered order",
		"Audience > Group Management > Groups",
		"Character Set UTF-8",
		`"Import Contacts"`,
		`"Add and Update All"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hand-off lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "External Identifier") {
		t.Errorf("external-id advice for an email list:\n%s", out)
	}
	b.Reset()
	WriteHandoff(&b, files, []string{"user.Identifier", "user.Email"}, mapping.External)
	if !strings.Contains(b.String(), `"Updating Contacts with an`) {
		t.Errorf("no external-id advice:\n%s", b.String())
	}
	b.Reset()
	WriteHandoff(&b, nil, nil, mapping.Email)
	if got := b.String(); got != "no valid rows: no import file written\n" {
		t.Errorf("empty hand-off %q", got)
	}
}
