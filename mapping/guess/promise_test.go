package guess

import (
	"fmt"
	"strings"
	"testing"

	"contactimport/mapping"
)

// compileDraft renders the draft of s, parses it as `check --mapping` would and compiles it
// for s's header.
func compileDraft(t *testing.T, s Sample) (*Draft, *mapping.Mapper) {
	t.Helper()
	d := Mapping(s)
	out := d.Render()
	f, err := mapping.ParseFile("draft.yaml", out)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, out)
	}
	m, err := mapping.Compile(f, s.Header, mapping.Options{})
	if err != nil {
		t.Fatalf("the draft does not compile: %v\n%s", err, out)
	}
	return d, m
}

// TestDraftNeverImportsOptedOut runs the draft of each common system's consent column over its
// rows and fails if a row of someone who must not be mailed is not left out, unless the draft
// marks the column with a TODO (it then says what to decide).
func TestDraftNeverImportsOptedOut(t *testing.T) {
	tests := []struct {
		name, header string
		values       []string // the consent cell of each row
		out          []bool   // whether the row must be left out
	}{
		{"Klaviyo", "Email Marketing Consent", []string{"SUBSCRIBED", "UNSUBSCRIBED", "NEVER_SUBSCRIBED", "SUBSCRIBED"}, []bool{false, true, true, false}},
		{"KlaviyoSuppressions", "Email Suppressions", []string{"", "UNSUBSCRIBE", "HARD_BOUNCE", ""}, []bool{false, true, true, false}},
		{"Dynamics", "Bulk Email", []string{"Allow", "Do Not Allow", "Allow", "Do Not Allow"}, []bool{false, true, false, true}},
		{"SalesforceAPI", "HasOptedOutOfEmail", []string{"false", "true", "false", "true"}, []bool{false, true, false, true}},
		{"SalesforceReport", "Email Opt Out", []string{"0", "1", "0", "0"}, []bool{false, true, false, false}},
		{"Zoho", "Email Opt Out", []string{"false", "true", "false", "false"}, []bool{false, true, false, false}},
		{"Shopify", "Accepts Email Marketing", []string{"yes", "no", "yes", "no"}, []bool{false, true, false, true}},
		{"Brevo", "EMAIL_BLACKLISTED", []string{"No", "Yes", "No", "No"}, []bool{false, true, false, false}},
		{"HubSpot", "Unsubscribed from all email", []string{"false", "true", "", "false"}, []bool{false, true, false, false}},
		{"Mailchimp", "Status", []string{"subscribed", "unsubscribed", "cleaned", "subscribed"}, []bool{false, true, true, false}},
		{"FormCheckbox", "Einwilligung Datenschutz (Pflicht)", []string{"Ja, ich stimme zu", "", "Ja, ich stimme zu", ""}, []bool{false, true, false, true}},
		{"NumbersCheckbox", "Newsletter", []string{"TRUE", "FALSE", "TRUE", "FALSE"}, []bool{false, true, false, true}},
		{"GenericOptOut", "Do not email", []string{"", "x", "", "x"}, []bool{false, true, false, true}},
		{"GenericSuppressed", "Suppressed since", []string{"", "2024-01-02", "", ""}, []bool{false, true, false, false}},
		{"MarketingStatus", "Marketing Status", []string{"Opted in", "Opted out", "Opted in", "Non-marketing"}, []bool{false, true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", tt.header}, File: "list.csv"}
			for i, v := range tt.values {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), v})
			}
			s.Total = len(s.Rows)
			d, m := compileDraft(t, s)
			if c := d.Columns[1]; c.TODO != "" {
				t.Errorf("a known consent column with a TODO: %+v", c)
			}
			for i, row := range s.Rows {
				if _, skipped := m.Skip(row); skipped != tt.out[i] {
					t.Errorf("row %d (%q): left out %v, want %v\n%s", i, row[1], skipped, tt.out[i], d.Render())
				}
			}
		})
	}
}

// TestDraftAsksAboutUnknownConsent checks that a consent column with values the draft does not
// know is never imported silently: it carries a TODO.
func TestDraftAsksAboutUnknownConsent(t *testing.T) {
	s := sampleOf("Email;Email Consent", "a@x.io;granted", "b@x.io;maybe later", "c@x.io;granted", "d@x.io;maybe later")
	if c := Mapping(s).column(t, "Email Consent"); c.TODO == "" {
		t.Errorf("unknown consent values without a TODO: %+v", c)
	}
}

// TestFullDatesNeverSkippedSilently checks that a column of full dates is mapped with its pattern
// or skipped with a TODO, never skipped without one; and that birthdays without a year are
// skipped with a TODO, or emptied beside full dates (and the draft says so).
func TestFullDatesNeverSkippedSilently(t *testing.T) {
	tests := []struct {
		name, header string
		values       []string
		want         string // the date transform, or "" for skipped with a TODO
	}{
		{"BirthdayISO", "Birthday", []string{"1985-03-14", "1990-12-01", ""}, "date:YYYY-MM-DD"},
		{"BirthdayUS", "Birthday", []string{"3/14/1985", "12/4/1990", "0/0/00"}, "date:M/D/YYYY"},
		{"BirthdayGoogle", "Birthday", []string{"1985-03-14", "--07-14", "1990-12-01"}, "date:YYYY-MM-DD"},
		{"GermanDecorated", "Geburtsdatum (TT.MM.JJJJ)", []string{"24.12.1980", "01.02.1975"}, "date:DD.MM.YYYY"},
		{"MailchimpNoYear", "Birthday", []string{"07/14", "12/01", "03/30"}, ""},
		{"UnknownHeader", "Kunde seit", []string{"24.12.2019", "01.02.2020"}, ""},
		{"MixedPatterns", "Date of Birth", []string{"24.12.1980", "12/24/1980"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", tt.header}, File: "list.csv"}
			for i, v := range tt.values {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), v})
			}
			c := Mapping(s).column(t, tt.header)
			switch {
			case tt.want == "" && (!c.Skip || c.TODO == ""):
				t.Errorf("%+v, want skipped with a TODO", c)
			case tt.want != "" && (c.Skip || len(c.Transforms) != 1 || c.Transforms[0] != tt.want):
				t.Errorf("%+v, want mapped with %s", c, tt.want)
			}
			if c.Skip && c.TODO == "" {
				t.Errorf("dates skipped without a TODO: %+v", c)
			}
		})
	}
	// Birthdays without a year beside full dates send nothing, and the draft says so.
	s := sampleOf("Email;Birthday", "a@x.io;1985-03-14", "b@x.io;--07-14", "c@x.io;1990-12-01")
	d, m := compileDraft(t, s)
	if !strings.Contains(d.column(t, "Birthday").Note, "1 without a year are no date of birth") {
		t.Errorf("the draft does not say what happens to a birthday without a year: %+v", d.column(t, "Birthday"))
	}
	c, err := m.Map(s.Rows[1])
	if err != nil || len(c.Attributes) != 0 {
		t.Errorf("a birthday without a year: %+v, %v; want the row imported without a date of birth", c, err)
	}
}

// TestRegionNeverNotNeededForNationalNumbers checks that phone_region is "not needed" only when
// every sampled number carries its country code.
func TestRegionNeverNotNeededForNationalNumbers(t *testing.T) {
	tests := []struct {
		name   string
		phones []string
		want   string // Draft.PhoneRegion
	}{
		{"Dotted", []string{"+1 646 555 0100", "917.555.0180", "+19175550101"}, "guess"},
		{"Parenthesised", []string{"(646) 555-0124", "(917) 555-0101"}, "guess"},
		{"Dashed", []string{"604-555-0153", "+16045550154"}, "guess"},
		{"E164", []string{"+16465550100", "+4915123456700"}, ""},
		{"Brevo", []string{"4915123456700", "33612345678"}, ""},
		{"Zero", []string{"0151 23456700", "+49 151 23456701"}, "guess"},
		// Valid in Germany, but most numbers with a code are British: only named, not written.
		{"OtherCodes", []string{"0151 23456700", "+44 7400 123456", "+44 7400 123457"}, "TODO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", "Mobile"}, File: "list.csv"}
			for i, p := range tt.phones {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), p})
			}
			d := Mapping(s)
			out := string(d.Render())
			if d.PhoneRegion != tt.want {
				t.Errorf("phone region %q, want %q\n%s", d.PhoneRegion, tt.want, out)
			}
			if tt.want != "" && strings.Contains(out, "not needed") {
				t.Errorf("region said not needed for national numbers:\n%s", out)
			}
			if d.PhoneRegion == "guess" && !strings.Contains(out, "TODO") {
				t.Errorf("a guessed region without a TODO:\n%s", out)
			}
		})
	}
	// A US list is never read as German: the region named is the one the numbers are valid in.
	s := sampleOf("Email;Phone", "a@x.io;(646) 555-0100", "b@x.io;917.555.0180", "c@x.io;312-555-0102")
	if d := Mapping(s); d.RegionGuess != "US" {
		t.Errorf("region %q for US numbers, want US", d.RegionGuess)
	}
	// With a country column, the row's country; where it is empty, the list's own country.
	s = sampleOf("Email;Phone;Country", "a@x.io;(646) 555-0100;United States", "b@x.io;0151 23456700;Germany", "c@x.io;917.555.0180;")
	if d := Mapping(s); d.PhoneRegion != "column" || d.RegionFrom != "Country" || d.RegionDefault != "US" {
		t.Errorf("region %q from %q default %q, want the Country column, US where empty", d.PhoneRegion, d.RegionFrom, d.RegionDefault)
	}
}

// TestUnknownColumnCellsNeverCopied checks that no cell of a column the draft does not know
// appears in it: names' readings in Japanese, names seen in the name columns, dates.
func TestUnknownColumnCellsNeverCopied(t *testing.T) {
	s := sampleOf("Email;Vorname;Nachname;Yomi;Gruppe;Notiz;Seit",
		"a@x.io;Hana;Sato;サトウ;Sato;ruft an;01.02.2020",
		"b@x.io;Ren;Ito;イトウ;Ito;ruft an;01.02.2020",
		"c@x.io;Hana;Sato;サトウ;Sato;ruft an;01.02.2020",
		"d@x.io;Ren;Ito;イトウ;Ito;ruft an;01.02.2020")
	s.Header[3] = "Kundenkennung"
	s.Header[5] = "Anrede" // a salutation column holding names is no list of salutations
	for _, r := range s.Rows {
		r[5] = map[bool]string{true: "Herr", false: "Sato"}[r[0] < "c"]
	}
	out := string(Mapping(s).Render())
	for _, cell := range []string{"サトウ", "イトウ", "Sato", "Ito", "ruft an", "01.02.2020", "Hana"} {
		if strings.Contains(out, cell) {
			t.Errorf("the draft copies the cell %q:\n%s", cell, out)
		}
	}
}

// TestDraftSubscriptionWithGroup checks that with a group (init --group) a consent column
// decides each row's subscription: who opted out is not subscribed, whatever the column says
// for the others.
func TestDraftSubscriptionWithGroup(t *testing.T) {
	s := sampleOf("Email;Email Marketing Consent;Email Suppressions",
		"a@x.io;SUBSCRIBED;", "b@x.io;UNSUBSCRIBED;", "c@x.io;NEVER_SUBSCRIBED;", "d@x.io;;", "e@x.io;SUBSCRIBED;HARD_BOUNCE")
	s.Group = 4711
	d, m := compileDraft(t, s)
	out := string(d.Render())
	if !strings.Contains(out, "\ngroup: 4711 ") {
		t.Errorf("the draft does not name the group:\n%s", out)
	}
	want := []mapping.Subscription{mapping.Subscribe, mapping.Unsubscribe, mapping.Unsubscribe, mapping.Unsubscribe, ""}
	for i, row := range s.Rows {
		if _, skipped := m.Skip(row); skipped {
			if want[i] != "" {
				t.Errorf("row %d left out, want subscription %q", i, want[i])
			}
			continue
		}
		if want[i] == "" {
			t.Errorf("row %d (suppressed) imported, want it left out\n%s", i, out)
			continue
		}
		c, err := m.Map(row)
		if err != nil || c.Subscription != want[i] {
			t.Errorf("row %d: subscription %q, %v; want %q\n%s", i, c.Subscription, err, want[i], out)
		}
	}
}

// TestValuesWinOverHeader checks that a column is judged by its values when they contradict its
// header, with a TODO saying so, and by its header words in any order and decoration.
func TestValuesWinOverHeader(t *testing.T) {
	d := Mapping(sampleOf("Name;Telefon", "Ann Lee;ann@example.org", "Bo Ek;bo@example.org"))
	if c := d.column(t, "Telefon"); c.Target != "email" || !strings.Contains(c.TODO, "the header suggests phone numbers") {
		t.Errorf("emails under a phone header: %+v, want email with a TODO", c)
	}
	for header, target := range map[string]string{
		"Handynummer (optional, für SMS-Erinnerungen)": "mobile",
		"Address 1: Country/Region":                    "user.ISOCountryCode",
		"Business Country/Region":                      "user.ISOCountryCode",
		"Address Country":                              "user.ISOCountryCode",
		"Mailing Zip":                                  "user.ZipCode",
		"billing_postcode":                             "user.ZipCode",
		"Business Postal Code":                         "user.ZipCode",
		"Geburtsdatum (TT.MM.JJJJ)":                    "user.DateOfBirth",
		"Vorname des Kunden":                           "user.FirstName",
	} {
		values := map[string][]string{
			"mobile":              {"+49 151 23456700", "0151 23456701"},
			"user.ISOCountryCode": {"Germany", "US"},
			"user.ZipCode":        {"10115", "80331"},
			"user.DateOfBirth":    {"24.12.1980", "01.02.1975"},
			"user.FirstName":      {"Ann", "Bo"},
		}[target]
		s := Sample{Header: []string{"Email", header}, File: "list.csv",
			Rows: [][]string{{"a@x.io", values[0]}, {"b@x.io", values[1]}}}
		if c := Mapping(s).column(t, header); c.Target != target {
			t.Errorf("%q: %+v, want %s", header, c, target)
		}
	}
	// A country column found by its values, under a header of no known words.
	d = Mapping(sampleOf("Email;Wohnsitz", "a@x.io;Deutschland", "b@x.io;Österreich", "c@x.io;Schweiz"))
	if c := d.column(t, "Wohnsitz"); c.Target != "user.ISOCountryCode" {
		t.Errorf("countries found by values: %+v", c)
	}
}

// TestZipLostZero checks that 4-digit zip codes are taken for a spreadsheet's damage in German
// rows only (Austria and Switzerland write four digits): the draft then says
// lost_leading_zeros, with a TODO, and the zip column says its 0 is written back.
func TestZipLostZero(t *testing.T) {
	d := Mapping(sampleOf("Email;PLZ;Land", "a@x.io;10115;DE", "b@x.io;1010;AT", "c@x.io;8001;Schweiz", "d@x.io;80331;Deutschland"))
	if c := d.column(t, "PLZ"); c.Target != "user.ZipCode" || c.TODO != "" || strings.Contains(c.Note, "4 digits") || d.LostZeros {
		t.Errorf("Austrian and Swiss codes questioned: %+v (lost zeros %v)", c, d.LostZeros)
	}
	d = Mapping(sampleOf("Email;PLZ;Land", "a@x.io;10115;DE", "b@x.io;1067;DE", "c@x.io;8001;CH"))
	c := d.column(t, "PLZ")
	if !d.LostZeros || !strings.Contains(c.Note, "1 in German rows have 4 digits") || !strings.Contains(c.Note, "the 0 is written back (lost_leading_zeros)") || c.TODO != "" {
		t.Errorf("a German code without its 0: %+v (lost zeros %v)", c, d.LostZeros)
	}
	out := string(d.Render())
	if !strings.Contains(out, "\nlost_leading_zeros: true ") || !strings.Contains(out, "1 zip codes in German rows have 4 digits") || !strings.Contains(out, "TODO: it writes the 0 back") {
		t.Errorf("draft does not say lost_leading_zeros with its TODO:\n%s", out)
	}
	if _, err := mapping.ParseFile("draft.yaml", d.Render()); err != nil {
		t.Errorf("draft does not parse: %v", err)
	}
}
