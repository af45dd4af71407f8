package mapping

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone table must agree with the tzdata Go ships, on every platform
)

func TestRuleCheck(t *testing.T) {
	tests := []struct {
		Name   string
		Field  field
		Target string
		Value  string
		Code   string // "" when valid
	}{
		{Name: "Email", Field: fieldEmail, Value: "ann.lee+news@mail.example.org"},
		{Name: "EmailSpecials", Field: fieldEmail, Value: "!#$%&'*+-/=?^_`{|}~@x.io"},
		{Name: "EmailNoAt", Field: fieldEmail, Value: "ann.example.org", Code: "invalid_email"},
		{Name: "EmailTwoAts", Field: fieldEmail, Value: "ann@x@example.org", Code: "invalid_email"},
		{Name: "EmailNoDomainDot", Field: fieldEmail, Value: "ann@localhost", Code: "invalid_email"},
		{Name: "EmailLeadingDot", Field: fieldEmail, Value: ".ann@example.org", Code: "invalid_email"},
		{Name: "EmailTrailingDot", Field: fieldEmail, Value: "ann.@example.org", Code: "invalid_email"},
		{Name: "EmailDoubleDot", Field: fieldEmail, Value: "a..nn@example.org", Code: "invalid_email"},
		{Name: "EmailSpace", Field: fieldEmail, Value: " ann@example.org", Code: "invalid_email"},
		{Name: "EmailDisplayName", Field: fieldEmail, Value: "Ann <ann@example.org>", Code: "invalid_email"},
		{Name: "EmailHyphenLabelEdge", Field: fieldEmail, Value: "ann@-example.org", Code: "invalid_email"},
		{Name: "EmailOneLetterTLD", Field: fieldEmail, Value: "ann@example.o", Code: "invalid_email"},
		{Name: "EmailUmlaut", Field: fieldEmail, Value: "jörg@example.org", Code: "invalid_email"},
		{Name: "Email129", Field: fieldEmail, Value: strings.Repeat("a", 117) + "@example.org"},
		{Name: "Email130", Field: fieldEmail, Value: strings.Repeat("a", 118) + "@example.org", Code: "email_too_long"},
		{Name: "MobilePlus", Field: fieldMobile, Value: "+4915112345678"},
		{Name: "MobileNoPlus", Field: fieldMobile, Value: "4915112345678"},
		{Name: "MobileNational", Field: fieldMobile, Value: "015112345678", Code: "invalid_phone"},
		{Name: "MobilePlusZero", Field: fieldMobile, Value: "+04915112345678", Code: "invalid_phone"},
		{Name: "MobileSpaces", Field: fieldMobile, Value: "+49 151 12345678", Code: "invalid_phone"},
		{Name: "MobileTooShort", Field: fieldMobile, Value: "+49151", Code: "invalid_phone"},
		{Name: "MobileTooLong", Field: fieldMobile, Value: "+4915112345678901", Code: "invalid_phone"},
		{Name: "Country2", Target: "user.ISOCountryCode", Value: "DE"},
		{Name: "Country3", Target: "user.ISOCountryCode", Value: "DEU"},
		{Name: "CountryLowerCase", Target: "user.ISOCountryCode", Value: "de"},
		{Name: "CountryNoPrefix", Target: "ISOCountryCode", Value: "XX", Code: "invalid_country"},
		{Name: "CountryAnyCase", Target: "USER.isocountrycode", Value: "XX", Code: "invalid_country"},
		{Name: "CountryUnknown3", Target: "user.ISOCountryCode", Value: "ABC", Code: "invalid_country"},
		{Name: "CountryName", Target: "user.ISOCountryCode", Value: "Germany", Code: "invalid_country"},
		{Name: "CountryDigits", Target: "user.ISOCountryCode", Value: "276", Code: "invalid_country"},
		{Name: "Language", Target: "user.ISOLanguageCode", Value: "de"},
		{Name: "LanguageUnknown", Target: "user.ISOLanguageCode", Value: "xx", Code: "invalid_language"},
		{Name: "LanguageAlpha3", Target: "user.ISOLanguageCode", Value: "deu", Code: "invalid_language"},
		{Name: "TimeZone", Target: "user.TimeZone", Value: "Europe/Berlin"},
		{Name: "TimeZoneUTC", Target: "TimeZone", Value: "UTC"},
		{Name: "TimeZoneUnknown", Target: "user.TimeZone", Value: "Europe/Bonn", Code: "invalid_timezone"},
		{Name: "TimeZonePart", Target: "user.TimeZone", Value: "Europe", Code: "invalid_timezone"},
		{Name: "TimeZoneSubstring", Target: "user.TimeZone", Value: "urope/Berlin", Code: "invalid_timezone"},
		{Name: "TimeZoneLocal", Target: "user.TimeZone", Value: "Local", Code: "invalid_timezone"},
		{Name: "TimeZoneCase", Target: "user.TimeZone", Value: "europe/berlin", Code: "invalid_timezone"},
		{Name: "TimeZoneTwoLines", Target: "user.TimeZone", Value: "UTC\nWET", Code: "invalid_timezone"},
		{Name: "TitleMr", Target: "user.Title", Value: "1"},
		{Name: "TitleMs", Target: "user.Title", Value: "2"},
		{Name: "TitleUnknown", Target: "user.Title", Value: "-1"},
		{Name: "TitleThree", Target: "user.Title", Value: "3", Code: "invalid_title"},
		{Name: "TitleWord", Target: "user.Title", Value: "Herr", Code: "invalid_title"},
		{Name: "Date", Target: "user.DateOfBirth", Value: "1980-12-31"},
		{Name: "DateLeapDay", Target: "user.DateOfBirth", Value: "2024-02-29"},
		{Name: "DateTime", Target: "user.DateOfBirth", Value: "1980-12-31T23:59:59+01:00"},
		{Name: "DateTimeNegative", Target: "user.DateOfBirth", Value: "1980-12-31T00:00:00-05:30"},
		{Name: "DateFeb30", Target: "user.DateOfBirth", Value: "2023-02-30", Code: "invalid_date"},
		{Name: "DateNoLeapDay", Target: "user.DateOfBirth", Value: "2023-02-29", Code: "invalid_date"},
		{Name: "DateCenturyNoLeap", Target: "user.DateOfBirth", Value: "1900-02-29", Code: "invalid_date"},
		{Name: "DateMonth13", Target: "user.DateOfBirth", Value: "1980-13-01", Code: "invalid_date"},
		{Name: "DateGerman", Target: "user.DateOfBirth", Value: "31.12.1980", Code: "invalid_date"},
		{Name: "DateTimeZ", Target: "user.DateOfBirth", Value: "1980-12-31T23:59:59Z", Code: "invalid_date"},
		{Name: "DateTimeHour24", Target: "user.DateOfBirth", Value: "1980-12-31T24:00:00+01:00", Code: "invalid_date"},
		{Name: "DateTimeNoOffset", Target: "user.DateOfBirth", Value: "1980-12-31T23:59:59", Code: "invalid_date"},
		{Name: "PartnerID", Target: "user.PartnerId", Value: "12345"},
		{Name: "PartnerIDShort", Target: "PartnerId", Value: "7"},
		{Name: "PartnerIDSix", Target: "user.PartnerId", Value: "123456", Code: "invalid_partner_id"},
		{Name: "PartnerIDLetters", Target: "user.PartnerId", Value: "12a", Code: "invalid_partner_id"},
		{Name: "FirstName50", Target: "user.FirstName", Value: strings.Repeat("ä", 50)},
		{Name: "FirstName51", Target: "user.FirstName", Value: strings.Repeat("a", 51), Code: "too_long"},
		{Name: "LastName51", Target: "LastName", Value: strings.Repeat("a", 51), Code: "too_long"},
		{Name: "Nickname20", Target: "user.Nickname", Value: strings.Repeat("ß", 20)},
		{Name: "Nickname21", Target: "user.Nickname", Value: strings.Repeat("a", 21), Code: "too_long"},
		{Name: "ZipCode10", Target: "user.ZipCode", Value: "1234567890"},
		{Name: "ZipCode11", Target: "user.ZipCode", Value: "12345678901", Code: "too_long"},
		{Name: "Custom2000", Target: "user.CustomAttribute.Notes", Value: strings.Repeat("é", 2000)},
		{Name: "Custom2001", Target: "user.CustomAttribute.Notes", Value: strings.Repeat("a", 2001), Code: "too_long"},
		{Name: "CustomNamedLikeTitle", Target: "user.CustomAttribute.Title", Value: "Dr."},
		{Name: "Alias2001", Field: fieldAlias, Value: strings.Repeat("a", 2001), Code: "too_long"},
		{Name: "External", Field: fieldExternal, Value: "CRM-0001"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			fe := ruleFor(tt.Field, tt.Target).check(tt.Value)
			var got string
			if fe != nil {
				got = fe.Code
				if fe.Reason == "" || strings.Contains(fe.Reason, tt.Value) {
					t.Errorf("reason %q is empty or contains the value", fe.Reason)
				}
			}
			if got != tt.Code {
				t.Errorf("check(%q) code = %q, want %q", tt.Value, got, tt.Code)
			}
		})
	}
}

// engageEmail is the pattern Engage publishes; validEmail must agree with it.
var engageEmail = regexp.MustCompile("^[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+(\\.[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$")

var emailSamples = []string{
	"a@b.cd", "a@b.c", "a@bc", "@b.cd", "a@", "a@.cd", "a@b..cd", "a@b.cd.", "a@-b.cd", "a@b-.cd",
	"a@b-c.d-e", "a@b.-cd", "a@b.c-", "a.b.c@d.ef", "a@1.23", "x@y.z1", "a b@c.de", "a@b_c.de",
	"\"a\"@b.cd", "a@b.cd\n", "ä@b.cd", "a@ä.cd", "a@b.cd@e.fg", "", ".", "@", "a@b.c.d.e.fg",
}

func TestValidEmailMatchesPattern(t *testing.T) {
	for _, s := range emailSamples {
		if got, want := validEmail(s), engageEmail.MatchString(s); got != want {
			t.Errorf("validEmail(%q) = %v, pattern says %v", s, got, want)
		}
	}
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range emailSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validEmail(s), engageEmail.MatchString(s); got != want {
			t.Errorf("validEmail(%q) = %v, pattern says %v", s, got, want)
		}
	})
}

func TestTablesSorted(t *testing.T) {
	for _, tab := range []struct {
		name  string
		table string
		width int
		count int
	}{
		{"countryAlpha2", countryAlpha2, 2, 249},
		{"countryAlpha3", countryAlpha3, 3, 249},
		{"languageAlpha2", languageAlpha2, 2, 185},
	} {
		if len(tab.table) != tab.width*tab.count {
			t.Errorf("%s has %d bytes, want %d codes of %d", tab.name, len(tab.table), tab.count, tab.width)
		}
		for i := tab.width; i < len(tab.table); i += tab.width {
			if tab.table[i-tab.width:i] >= tab.table[i:i+tab.width] {
				t.Errorf("%s not sorted at %q", tab.name, tab.table[i:i+tab.width])
			}
		}
		// Every entry must be found by the same search the rule uses.
		for i := 0; i < len(tab.table); i += tab.width {
			base := byte('A')
			if tab.name == "languageAlpha2" {
				base = 'a'
			}
			if code := tab.table[i : i+tab.width]; !inFixedTable(tab.table, tab.width, code, base) {
				t.Errorf("%s: %q not found", tab.name, code)
			}
		}
	}
}

func TestTimeZonesLoad(t *testing.T) {
	zones := strings.Split(strings.Trim(timeZones, "\n"), "\n")
	for _, z := range zones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("table zone %q does not load: %v", z, err)
		}
		if !validTimeZone(z) {
			t.Errorf("validTimeZone(%q) = false", z)
		}
	}
}

// TestTimeZonesCurrent fails when Go's tzdata gained or lost zones: run `go generate`.
func TestTimeZonesCurrent(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	zr, err := zip.OpenReader(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip"))
	if os.IsNotExist(err) {
		t.Skip("GOROOT has no lib/time/zoneinfo.zip")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var want []string
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") {
			want = append(want, f.Name)
		}
	}
	slices.Sort(want)
	if got := strings.Split(strings.Trim(timeZones, "\n"), "\n"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("timeZones has %d names, zoneinfo.zip %d: regenerate tables.go", len(got), len(want))
	}
}
