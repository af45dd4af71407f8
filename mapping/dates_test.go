package mapping

import (
	"strings"
	"testing"
	"time"
)

func TestDatePatterns(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Pattern string
		In      string
		Want    string // "" for invalid_date
		Loc     *time.Location
	}{
		{"DD.MM.YYYY", "31.12.1980", "1980-12-31", nil},
		{"DD.MM.YYYY", "01.01.2030", "2030-01-01", nil}, // four digits: no century window
		{"DD.MM.YYYY", "1.2.1980", "", nil},             // DD needs two digits
		{"D.M.YYYY", "1.2.1980", "1980-02-01", nil},
		{"D.M.YYYY", "01.02.1980", "1980-02-01", nil},
		{"MM/DD/YYYY", "12/31/1980", "1980-12-31", nil},
		{"MM/DD/YYYY", "31/12/1980", "", nil},
		{"DD.MM.YYYY", "31.02.1980", "", nil},
		{"D.M.YY", "4.7.87", "1987-07-04", nil},
		{"D.M.YY", "4.7.05", "2005-07-04", nil},
		{"D.M.YY", "4.7.26", "2026-07-04", nil},
		{"D.M.YY", "4.7.27", "1927-07-04", nil}, // never in the future: 2027 is not yet
		{"D.M.YY", "4.7.30", "1930-07-04", nil},
		{"D.M.YY", "29.2.00", "2000-02-29", nil},
		{"YYYYMMDD", "19801231", "1980-12-31", nil},
		{"YYYY-MM-DD HH:mm:ss", "2024-03-01 14:05:09", "2024-03-01T14:05:09+00:00", nil},
		{"YYYY-MM-DD HH:mm:ss", "2024-03-01 14:05:09", "2024-03-01T14:05:09+01:00", berlin},
		{"YYYY-MM-DD HH:mm:ss", "2024-07-01 14:05:09", "2024-07-01T14:05:09+02:00", berlin},
		{"YYYY-MM-DDTHH:mm", "2024-07-01T14:05", "2024-07-01T14:05:00+02:00", berlin},
		{"DD.MM.YYYY H:mm", "01.07.2024 9:05", "2024-07-01T09:05:00+02:00", berlin},
		// Go layouts stay accepted, and an offset in the cell wins over the timezone.
		{"02.01.2006", "31.12.1980", "1980-12-31", nil},
		{"2006-01-02T15:04:05Z07:00", "2024-07-01T14:05:09-05:00", "2024-07-01T14:05:09-05:00", berlin},
	}
	for _, tt := range tests {
		tr, err := parseTransform("date:" + tt.Pattern)
		if err != nil {
			t.Errorf("%s: %v", tt.Pattern, err)
			continue
		}
		tr.date.thisYear = 2026
		tr.date.loc = tt.Loc
		got, fe := tr.apply(tt.In, phoneRegion{})
		if tt.Want == "" {
			if fe == nil || fe.Code != "invalid_date" || !strings.Contains(fe.Reason, "pattern "+tt.Pattern) {
				t.Errorf("%s on %q = %q, %v; want invalid_date naming the pattern", tt.Pattern, tt.In, got, fe)
			}
			continue
		}
		if fe != nil || got != tt.Want {
			t.Errorf("%s on %q = %q, %v; want %q", tt.Pattern, tt.In, got, fe, tt.Want)
		}
	}
}

func TestDatePatternErrors(t *testing.T) {
	for pattern, want := range map[string]string{
		"dd.mm.yyyy":      `date pattern "dd.mm.yyyy": unknown token at "dd.mm.yyyy" (want YYYY, YY, MM, M, DD, D, HH, H, mm, ss and separators) (tokens are case-sensitive: YYYY, MM, DD; mm is the minute)`,
		"DD.MM.JJJJ":      `date pattern "DD.MM.JJJJ": unknown token at "JJJJ"`,
		"DD.MM.YYYYY":     `date pattern "DD.MM.YYYYY": unknown token at "YYYYY"`,
		"DD.MM.YYYY DD":   `date pattern "DD.MM.YYYY DD" has D twice`,
		"DD.MM.YYYY a":    `unknown token at "a"`,
		"DD.MM.YYYY z":    `unknown token at "z"`,
		"DD.MM.YYYY A":    `unknown token at "A"`,
		"DD.MM.YYYY Z":    `unknown token at "Z"`,
		"DD.MM.YYYY Uhr":  `unknown token at "Uhr"`,
		"MM.YYYY":         `date pattern "MM.YYYY" needs a year (YYYY or YY), a month (MM or M) and a day (DD or D)`,
		"DD.MM.":          `date pattern "DD.MM." needs a year`,
		"DDMMYYYY":        "",             // fine: tokens need no separators
		"DDMYYYY":         `needs a year`, // M without a separator cannot be read back
		"YYYY-MM-DD":      "",
		"D. M. YY, HH:mm": "",
	} {
		_, err := parseTransform("date:" + pattern)
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", pattern, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "2006") {
			t.Errorf("%s: error %v, want %q (and no Go reference date)", pattern, err, want)
		}
	}
}

func TestTimeZoneKey(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("timezone: Europe/Berlin\ncolumns:\n  Mail: email\n  Seit: {to: user.CustomAttribute.Since, transform: [\"date:DD.MM.YYYY HH:mm\"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Mail", "Seit"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Map([]string{"a@b.de", "01.07.2024 09:30"})
	if err != nil || c.Attributes[0].Value != "2024-07-01T09:30:00+02:00" {
		t.Errorf("Map = %+v, %v; want the time read in Berlin", c, err)
	}
	if tz, used := m.TimeZone(); tz != "Europe/Berlin" || !used {
		t.Errorf("TimeZone() = %q, %v", tz, used)
	}
	m2 := compileWith(t, "columns:\n  Mail: email\n  Geb: {to: user.DateOfBirth, transform: [\"date:DD.MM.YYYY\"]}\n", "Mail", "Geb")
	if tz, used := m2.TimeZone(); tz != "UTC" || used {
		t.Errorf("TimeZone() = %q, %v; want UTC, unused (no time of day)", tz, used)
	}
	if m.Fingerprint() == compileWith(t, "timezone: UTC\ncolumns:\n  Mail: email\n  Seit: {to: user.CustomAttribute.Since, transform: [\"date:DD.MM.YYYY HH:mm\"]}\n", "Mail", "Seit").Fingerprint() {
		t.Error("timezone does not change the fingerprint")
	}
	for src, want := range map[string]string{
		"timezone: Mars/Olympus\n": `m.yaml:1: timezone: "Mars/Olympus" is not an IANA time zone name`,
		"timezone: Local\n":        `m.yaml:1: timezone: "Local" is not an IANA time zone name`,
		"timezone:\n":              `m.yaml:1: timezone: want a value`,
	} {
		if _, err := ParseFile("m.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
	if _, err := Compile(&File{TimeZone: "Nowhere/City"}, []string{"Email"}, Options{}); err == nil || !strings.Contains(err.Error(), `timezone: "Nowhere/City"`) {
		t.Errorf("Compile with a bad TimeZone: %v", err)
	}
}

func compileWith(t *testing.T, src string, header ...string) *Mapper {
	t.Helper()
	f, err := ParseFile("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, header, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
