package guess

import (
	"strings"
	"testing"

	"contactimport/mapping"
)

// TestGuessSecondColumns checks that a target goes to the first column that claims it, and
// that the later ones are skipped with a note saying why.
func TestGuessSecondColumns(t *testing.T) {
	d := Mapping(sampleOf("user.Email;Email;First Name;Vorname;Last Name;Nachname;Country;Land;Zip;PLZ;Birthdate;DOB;Full Name;Anrede;Salutation",
		"a@x.io;b@x.io;A;B;C;D;DE;AT;10115;1010;24.12.1980;24.12.1980;A C;Herr;Mr",
		"c@x.io;d@x.io;E;F;G;H;FR;CH;75001;8001;01.02.1975;01.02.1975;E G;Herr;Mr"))
	if d.Identifier != mapping.Email || d.IDColumn != "user.Email" {
		t.Errorf("identifier %q from %q, want email from user.Email", d.Identifier, d.IDColumn)
	}
	for _, col := range []string{"Email", "Vorname", "Nachname", "Land", "PLZ", "DOB", "Full Name", "Salutation"} {
		c := d.column(t, col)
		if !c.Skip || !strings.Contains(c.Note, "another column") && !strings.Contains(c.Note, "second") && !strings.Contains(c.Note, "columns of their own") && !strings.Contains(c.Note, "is filled more") {
			t.Errorf("%s: %+v, want skipped as taken by another column", col, c)
		}
	}
}

func TestGuessLanguage(t *testing.T) {
	d := Mapping(sampleOf("Email;Language", "a@x.io;de", "b@x.io;DE", "c@x.io;de", "d@x.io;DE"))
	if c := d.column(t, "Language"); c.Target != "user.ISOLanguageCode" || strings.Join(c.Transforms, ",") != "trim,lower" {
		t.Errorf("Language: %+v", c)
	}
	d = Mapping(sampleOf("Email;Sprache", "a@x.io;Deutsch", "b@x.io;Deutsch"))
	if c := d.column(t, "Sprache"); !c.Skip || c.TODO == "" {
		t.Errorf("Sprache in words: %+v, want skipped with a TODO", c)
	}
}

func TestGuessSalutationUnknownLabels(t *testing.T) {
	d := Mapping(sampleOf("Email;Anrede", "a@x.io;Herr", "b@x.io;Firma", "c@x.io;Herr", "d@x.io;Firma"))
	c := d.column(t, "Anrede")
	if c.Target != "user.Title" || len(c.Values) != 2 || c.Values[1] != [2]string{"Firma", "-1"} || !strings.Contains(c.TODO, "1 of them") {
		t.Errorf("Anrede: %+v", c)
	}
	// Salutations are a fixed vocabulary: written even when each was seen once.
	d = Mapping(sampleOf("Email;Anrede", "a@x.io;Herr", "b@x.io;Frau"))
	if c := d.column(t, "Anrede"); c.Target != "user.Title" || len(c.Values) != 2 {
		t.Errorf("Anrede seen once each: %+v, want user.Title with both words", c)
	}
	// Other words keep the labels rule: one seen once is not copied.
	d = Mapping(sampleOf("Email;Anrede", "a@x.io;Herr", "b@x.io;Dr. Müller"))
	if c := d.column(t, "Anrede"); !c.Skip || c.TODO == "" || strings.Contains(string(d.Render()), "Müller") {
		t.Errorf("Anrede with a name: %+v, want skipped with a TODO (labels not copied)", c)
	}
}

func TestGuessBoolOther(t *testing.T) {
	d := Mapping(sampleOf("Email;Accepts Email Marketing", "a@x.io;yes", "b@x.io;maybe"))
	if c := d.column(t, "Accepts Email Marketing"); !c.Skip || c.TODO == "" {
		t.Errorf("%+v, want skipped with a TODO", c)
	}
	d = Mapping(sampleOf("Email;Email Opt Out", "a@x.io;0", "b@x.io;0"))
	if len(d.SkipRows) != 0 || !strings.Contains(d.column(t, "Email Opt Out").Note, "no row sampled marks someone") {
		t.Errorf("nobody opted out: skip_rows %+v, column %+v", d.SkipRows, d.column(t, "Email Opt Out"))
	}
	d = Mapping(sampleOf("Email;Email Opt Out", "a@x.io;0", "b@x.io;perhaps"))
	if len(d.SkipRows) != 0 || d.column(t, "Email Opt Out").TODO == "" {
		t.Errorf("unknown opt-out value: skip_rows %+v, column %+v", d.SkipRows, d.column(t, "Email Opt Out"))
	}
}

func TestGuessMobileIdentifier(t *testing.T) {
	d := Mapping(sampleOf("Vorname;Handy", "Ann;+4915123456789", "Bo;+4915123456780"))
	if d.Identifier != mapping.Mobile || d.IDColumn != "Handy" {
		t.Errorf("identifier %q from %q, want mobile from Handy", d.Identifier, d.IDColumn)
	}
	if !strings.Contains(string(d.Render()), "# phone_region: not needed, every phone number sampled has its country code\n") {
		t.Errorf("draft does not say why no region is needed:\n%s", d.Render())
	}
}

func TestGuessBadDates(t *testing.T) {
	d := Mapping(sampleOf("Email;Geburtsdatum", "a@x.io;24.12.1980", "b@x.io;12/24/1980"))
	if c := d.column(t, "Geburtsdatum"); !c.Skip || !strings.Contains(c.TODO, "date:") {
		t.Errorf("%+v, want skipped with a TODO", c)
	}
	d = Mapping(sampleOf("Email;Geburtsdatum", "a@x.io;01.02.1980", "b@x.io;03.04.1975"))
	if c := d.column(t, "Geburtsdatum"); c.Target != "user.DateOfBirth" || !strings.Contains(c.TODO, "no day above 12") {
		t.Errorf("%+v, want mapped with a TODO about the order", c)
	}
	d = Mapping(sampleOf("Email;Geburtsdatum", "a@x.io;2001-02-03 04:05:06"))
	if !d.Timezone || !strings.Contains(string(d.Render()), "\ntimezone: UTC") {
		t.Errorf("a date with a time: timezone not asked for:\n%s", d.Render())
	}
}

func TestGuessSystem(t *testing.T) {
	for header, want := range map[string]string{
		"Email Address;First Name;MEMBER_RATING":    "a Mailchimp audience export",
		"Email Address;LEID;EUID":                   "a Mailchimp audience export",
		"Record ID;Email;Lifecycle Stage":           "a HubSpot contact export",
		"Customer ID;Email;Accepts Email Marketing": "a Shopify customer export",
		"First Name;Email;Mailing Country":          "a Salesforce contact report",
		"Email;Email Opt Out":                       "a Salesforce contact report",
		"EMAIL;FIRSTNAME;LASTNAME;SMS":              "a Brevo contact export",
		"Record ID;Email":                           "",
		"Zeitstempel;E-Mail-Adresse;Vorname":        "a Google Forms response sheet",
		"Klaviyo ID;Email":                          "a Klaviyo profile export",
		"E-Mail;Vorname":                            "",
	} {
		if got := system(strings.Split(header, ";")); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
}

func TestDelimiterWord(t *testing.T) {
	for in, want := range map[string]string{",": "comma", ";": "semicolon", "tab": "tab", "\t": "tab", "|": "pipe", "#": `"#"`} {
		if got := delimiterWord(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestGuessMultiValueCells checks that every mapped column of Google's multi-value cells reads
// the first value, and says so, while a values list keeps whole cells.
func TestGuessMultiValueCells(t *testing.T) {
	d := Mapping(sampleOf("E-mail 1 - Value;Address 1 - Country;Labels",
		"a@x.io ::: a@work.example;Germany ::: France;x",
		"b@x.io;US;y"))
	for _, col := range []string{"E-mail 1 - Value", "Address 1 - Country"} {
		c := d.column(t, col)
		if len(c.Transforms) == 0 || c.Transforms[0] != "first: ::: " || !strings.Contains(c.Note, "1 cells hold several values") {
			t.Errorf("%s: %+v, want the first value taken, and said", col, c)
		}
	}
	d = Mapping(sampleOf("Email;Gruppe", "a@x.io;A ::: B", "b@x.io;A ::: B", "c@x.io;C", "d@x.io;C"))
	if c := d.column(t, "Gruppe"); len(c.Values) != 2 || len(c.Transforms) != 0 {
		t.Errorf("labels of whole cells: %+v", c)
	}
}
