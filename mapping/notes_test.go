package mapping_test

import (
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// zohoHeader is the shape of a Zoho export re-saved by Excel: a mobile, a zip and a country.
var zohoHeader = []string{"Email", "Mobile", "Mailing Zip", "Mailing Country"}

const noteSrc = `identifier: email
phone_region: {column: Mailing Country}
columns:
  Email: email
  Mobile: {to: mobile, transform: [phone]%s}
  Mailing Zip: user.ZipCode
  Mailing Country: {to: user.ISOCountryCode, transform: [country]}
`

// mapNoted maps one row with the mapping noteSrc, extra keys for the mobile column and the
// file's top-level keys added.
func mapNoted(t *testing.T, mobileKeys, top string, row []string) (mapping.Contact, []string) {
	t.Helper()
	src := top + strings.Replace(noteSrc, "%s", mobileKeys, 1)
	c, err := compileFile(t, src, zohoHeader...).Map(row)
	if err != nil {
		var codes []string
		for _, fe := range mapping.FieldErrors(err) {
			codes = append(codes, fe.Column+":"+fe.Code)
		}
		return c, codes
	}
	return c, nil
}

// TestInvalidOmit: a cell of an `invalid: omit` column that fails is not sent, the rest of the
// row is, and the note names the column and the reason; without the key the row fails.
func TestInvalidOmit(t *testing.T) {
	row := []string{"a@b.de", "4,91512E+12", "10115", "Deutschland"}
	if _, codes := mapNoted(t, "", "", row); !reflect.DeepEqual(codes, []string{"Mobile:spreadsheet_scientific"}) {
		t.Fatalf("without invalid: omit: codes %v, want the row failing on Mobile", codes)
	}
	c, codes := mapNoted(t, ", invalid: omit", "", row)
	if codes != nil {
		t.Fatalf("with invalid: omit the row fails: %v", codes)
	}
	if c.Mobile != "" || c.Email != "a@b.de" || c.Key != "a@b.de" {
		t.Errorf("contact %+v: want the email sent and no mobile", c)
	}
	wantAttrs := []mapping.Attribute{{Name: "user.ZipCode", Value: "10115"}, {Name: "user.ISOCountryCode", Value: "DE"}}
	if !reflect.DeepEqual(c.Attributes, wantAttrs) {
		t.Errorf("attributes %v, want %v", c.Attributes, wantAttrs)
	}
	if len(c.Notes) != 1 || c.Notes[0].Column != "Mobile" || c.Notes[0].Code != "spreadsheet_scientific" {
		t.Fatalf("notes %+v: want one spreadsheet_scientific note on Mobile", c.Notes)
	}
	if txt := c.Notes[0].Text; !strings.HasPrefix(txt, `column "Mobile" not sent (invalid: omit): looks like a spreadsheet changed it`) {
		t.Errorf("note %q does not name the column, the policy and the reason", txt)
	}
	// Any validation code, not only spreadsheet damage; a good cell gives no note.
	c, codes = mapNoted(t, ", invalid: omit", "", []string{"a@b.de", "12", "10115", "DE"})
	if codes != nil || len(c.Notes) != 1 || c.Notes[0].Code != "invalid_phone" || c.Mobile != "" {
		t.Errorf("invalid number: %+v %v, want a note invalid_phone and no mobile", c, codes)
	}
	c, _ = mapNoted(t, ", invalid: omit", "", []string{"a@b.de", "+49 151 23456703", "10115", "DE"})
	if c.Notes != nil || c.Mobile != "+4915123456703" {
		t.Errorf("good number: %+v, want it sent without a note", c)
	}
}

// TestInvalidOmitRefused: the identifier's column cannot omit its cell, whichever way the
// identifier is chosen; the error names the column and the line.
func TestInvalidOmitRefused(t *testing.T) {
	src := "columns:\n  Email: {to: email, invalid: omit}\n  Mobile: mobile\n"
	f, err := mapping.ParseFile("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = mapping.Compile(f, []string{"Email", "Mobile"}, mapping.Options{})
	if err == nil || !strings.Contains(err.Error(), `:2: column "Email": invalid: omit cannot be used on the column of the identifier (email)`) {
		t.Errorf("omit on the identifier: %v", err)
	}
	src = "columns:\n  Email: email\n  Mobile: {to: mobile, invalid: omit}\n"
	if f, err = mapping.ParseFile("m.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	if _, err := mapping.Compile(f, []string{"Email", "Mobile"}, mapping.Options{}); err != nil {
		t.Errorf("omit on mobile with email as identifier: %v", err)
	}
	_, err = mapping.Compile(f, []string{"Email", "Mobile"}, mapping.Options{Identifier: mapping.Mobile})
	if err == nil || !strings.Contains(err.Error(), `:3: column "Mobile": invalid: omit cannot be used on the column of the identifier (mobile)`) {
		t.Errorf("omit on mobile with --identifier mobile: %v", err)
	}
	for src, want := range map[string]string{
		"columns:\n  Email: email\n  Mobile: {to: mobile, invalid: drop}\n":    `m.yaml:3: column "Mobile": invalid: unknown policy "drop" (want fail or omit)`,
		"columns:\n  Email: email\n  Abo: {to: subscription, invalid: omit}\n": `invalid: omit cannot be used on a subscription column`,
		"columns:\n  Email: email\n  Mobile: {to: skip, invalid: omit}\n":      `a skipped column takes no`,
		"lost_leading_zeros: maybe\ncolumns:\n  Email: email\n":                `m.yaml:1:`,
	} {
		_, err := mapping.ParseFile("m.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error containing %q", src, err, want)
		}
	}
}

// TestLostLeadingZerosPhone: lost_leading_zeros reads a digits-only number that reads both
// ways in the row's region, with a note; one reading, or no key, is as before.
func TestLostLeadingZerosPhone(t *testing.T) {
	const top = "lost_leading_zeros: true\n"
	row := []string{"a@b.de", "15123456703", "10115", "Deutschland"}
	if _, codes := mapNoted(t, "", "", row); !reflect.DeepEqual(codes, []string{"Mobile:ambiguous_phone"}) {
		t.Fatalf("without the key: %v, want ambiguous_phone", codes)
	}
	c, codes := mapNoted(t, "", top, row)
	if codes != nil || c.Mobile != "+4915123456703" {
		t.Fatalf("with the key: %+v %v, want +4915123456703", c, codes)
	}
	want := []mapping.Note{{Column: "Mobile", Code: "restored_zero", Text: `column "Mobile": 15123456703 read as +4915123456703 (lost_leading_zeros)`}}
	if !notesEqual(c.Notes, want) {
		t.Errorf("notes %+v, want %+v", c.Notes, want)
	}
	// One valid reading: read as before, no note.
	c, codes = mapNoted(t, "", top, []string{"a@b.de", "4915123456703", "10115", "DE"})
	if codes != nil || c.Mobile != "+4915123456703" || c.Notes != nil {
		t.Errorf("lost + only: %+v %v, want +4915123456703 without a note", c, codes)
	}
	c, codes = mapNoted(t, "", top, []string{"a@b.de", "16465550154", "10001", "United States"})
	if codes != nil || c.Mobile != "+16465550154" || c.Notes != nil {
		t.Errorf("US number: %+v %v, want +16465550154 without a note", c, codes)
	}
	// A mobile column without the phone transform reads the same way.
	src := top + "phone_region: DE\ncolumns:\n  Email: email\n  Mobile: mobile\n"
	c, err := compileFile(t, src, "Email", "Mobile").Map([]string{"a@b.de", "15123456703"})
	if err != nil || c.Mobile != "+4915123456703" || len(c.Notes) != 1 || c.Notes[0].Code != "restored_zero" {
		t.Errorf("mobile without transform: %+v %v", c, err)
	}
}

// TestLostLeadingZerosZip: only a German zip code of four digits gets its 0 back.
func TestLostLeadingZerosZip(t *testing.T) {
	const top = "lost_leading_zeros: true\n"
	zip := func(c mapping.Contact) string {
		for _, a := range c.Attributes {
			if a.Name == "user.ZipCode" {
				return a.Value
			}
		}
		return "(none)"
	}
	for _, tc := range []struct {
		name, top, zip, country, want, code string
		noted                               bool
	}{
		{name: "GermanPadded", top: top, zip: "1080", country: "Deutschland", want: "01080", noted: true},
		{name: "GermanCodePadded", top: top, zip: "1080", country: "DEU", want: "01080", noted: true},
		{name: "AustrianUntouched", top: top, zip: "1010", country: "AT", want: "1010"},
		{name: "GermanFiveDigits", top: top, zip: "01080", country: "DE", want: "01080"},
		{name: "GermanThreeDigitsNotPadded", top: top, zip: "108", country: "DE", want: "108"},
		{name: "NoCountry", top: top, zip: "1080", country: "", want: "1080"},
		{name: "WithoutTheKey", top: "", zip: "1080", country: "DE", code: "Mailing Zip:spreadsheet_zip"},
	} {
		c, codes := mapNoted(t, "", tc.top, []string{"a@b.de", "", tc.zip, tc.country})
		switch {
		case tc.code != "":
			if !reflect.DeepEqual(codes, []string{tc.code}) {
				t.Errorf("%s: %v, want %s", tc.name, codes, tc.code)
			}
		case codes != nil || zip(c) != tc.want || (c.Notes != nil) != tc.noted:
			t.Errorf("%s: zip %q notes %+v codes %v, want %q (noted %v)", tc.name, zip(c), c.Notes, codes, tc.want, tc.noted)
		case tc.noted && c.Notes[0].Text != `column "Mailing Zip": 1080 read as 01080 (lost_leading_zeros)`:
			t.Errorf("%s: note %q", tc.name, c.Notes[0].Text)
		}
	}
	// invalid: omit on the zip column without lost_leading_zeros: not sent, noted.
	src := strings.Replace(noteSrc, "%s", "", 1)
	src = strings.Replace(src, "Mailing Zip: user.ZipCode", "Mailing Zip: {to: user.ZipCode, invalid: omit}", 1)
	c, err := compileFile(t, src, zohoHeader...).Map([]string{"a@b.de", "", "1080", "DE"})
	if err != nil || zip(c) != "(none)" || len(c.Notes) != 1 || c.Notes[0].Code != "spreadsheet_zip" {
		t.Errorf("omitted zip: %+v %v, want no zip and a spreadsheet_zip note", c, err)
	}
}

// TestNotesInHeaderOrder: several notes of one row come in header order, and NotesText joins
// them with "; ".
func TestNotesInHeaderOrder(t *testing.T) {
	src := "lost_leading_zeros: true\n" + strings.Replace(noteSrc, "%s", "", 1)
	c, err := compileFile(t, src, zohoHeader...).Map([]string{"a@b.de", "15123456703", "1080", "DE"})
	if err != nil || len(c.Notes) != 2 || c.Notes[0].Column != "Mobile" || c.Notes[1].Column != "Mailing Zip" {
		t.Fatalf("%+v %v: want notes on Mobile, then Mailing Zip", c.Notes, err)
	}
	want := `column "Mobile": 15123456703 read as +4915123456703 (lost_leading_zeros); column "Mailing Zip": 1080 read as 01080 (lost_leading_zeros)`
	if got := mapping.NotesText(c.Notes); got != want {
		t.Errorf("NotesText = %q, want %q", got, want)
	}
}

// TestNotesChangeFingerprint: the new keys change what is sent, so they change the fingerprint;
// a mapping without them keeps its own.
func TestNotesChangeFingerprint(t *testing.T) {
	base := strings.Replace(noteSrc, "%s", "", 1)
	fp := func(src string) string { return compileFile(t, src, zohoHeader...).Fingerprint() }
	a, b, c := fp(base), fp("lost_leading_zeros: true\n"+base), fp(strings.Replace(noteSrc, "%s", ", invalid: omit", 1))
	if a == b || a == c || b == c {
		t.Errorf("fingerprints %s %s %s: want three different", a, b, c)
	}
	if fp("lost_leading_zeros: false\n"+base) != a {
		t.Error("lost_leading_zeros: false changes the fingerprint")
	}
}

func notesEqual(got, want []mapping.Note) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Column != want[i].Column || got[i].Code != want[i].Code || got[i].Text != want[i].Text {
			return false
		}
	}
	return true
}

// TestInvalidOmitSendsNothing: an omitted cell sends nothing even with empty: clear (it is not
// an empty cell), and a split column sends neither name when one of them fails.
func TestInvalidOmitSendsNothing(t *testing.T) {
	src := "empty: clear\ncolumns:\n  Email: email\n  Geb: {to: user.DateOfBirth, invalid: omit}\n  Name: {split: [user.FirstName, user.LastName], invalid: omit}\n"
	m := compileFile(t, src, "Email", "Geb", "Name")
	c, err := m.Map([]string{"a@b.de", "31.12.1980", "Ann " + strings.Repeat("x", 51)})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Attributes) != 0 {
		t.Errorf("attributes %v, want none: both cells omitted", c.Attributes)
	}
	if len(c.Notes) != 2 || c.Notes[0].Code != "spreadsheet_date" || c.Notes[1].Code != "too_long" {
		t.Errorf("notes %+v, want spreadsheet_date, then too_long", c.Notes)
	}
	c, err = m.Map([]string{"a@b.de", "", "Ann Lee"})
	want := []mapping.Attribute{{Name: "user.DateOfBirth"}, {Name: "user.FirstName", Value: "Ann"}, {Name: "user.LastName", Value: "Lee"}}
	if err != nil || !reflect.DeepEqual(c.Attributes, want) || c.Notes != nil {
		t.Errorf("a sound row: %+v %v, want %v without notes", c, err, want)
	}
}
