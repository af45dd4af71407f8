package mapping

import (
	"strings"
	"testing"
)

func TestTransformApply(t *testing.T) {
	tests := []struct {
		Name      string
		Transform string
		Region    string
		In        string
		Out       string
		Code      string // "" when the transform succeeds
	}{
		{Name: "Trim", Transform: "trim", In: " \tAnn Lee \r\n", Out: "Ann Lee"},
		{Name: "Lower", Transform: "lower", In: "ANN@Example.ORG", Out: "ann@example.org"},
		{Name: "LowerUnicode", Transform: "lower", In: "ÄRGER", Out: "ärger"},
		{Name: "Upper", Transform: "upper", In: "deu", Out: "DEU"},
		{Name: "PhoneNational", Transform: "phone", Region: "DE", In: "0151 12345678", Out: "+4915112345678"},
		{Name: "PhonePunctuation", Transform: "phone", Region: "DE", In: "(0151) 123-456-78", Out: "+4915112345678"},
		{Name: "PhonePlusNoRegion", Transform: "phone", In: "+49 151 12345678", Out: "+4915112345678"},
		{Name: "Phone00NoRegion", Transform: "phone", In: "0049 151 12345678", Out: "+4915112345678"},
		{Name: "Phone00OtherRegion", Transform: "phone", Region: "US", In: "0044 7911 123456", Out: "+447911123456"},
		{Name: "PhoneOtherCountry", Transform: "phone", Region: "DE", In: "+1 650-253-0000", Out: "+16502530000"},
		{Name: "PhoneNationalNoRegion", Transform: "phone", In: "0151 12345678", Code: "invalid_phone"},
		{Name: "PhoneInvalid", Transform: "phone", Region: "DE", In: "0151 12", Code: "invalid_phone"},
		{Name: "PhoneText", Transform: "phone", Region: "DE", In: "n/a", Code: "invalid_phone"},
		{Name: "PhoneEmpty", Transform: "phone", Region: "DE", In: "", Out: ""},
		{Name: "Date", Transform: "date:02.01.2006", In: "31.12.1980", Out: "1980-12-31"},
		{Name: "DateUS", Transform: "date:1/2/2006", In: "12/31/1980", Out: "1980-12-31"},
		{Name: "DateISO", Transform: "date:2006-01-02", In: "1980-12-31", Out: "1980-12-31"},
		{Name: "DateWithTime", Transform: "date:02.01.2006 15:04", In: "31.12.1980 13:45", Out: "1980-12-31T13:45:00+00:00"},
		{Name: "DateWithOffset", Transform: "date:2006-01-02 15:04:05 -0700", In: "1980-12-31 13:45:00 +0100", Out: "1980-12-31T13:45:00+01:00"},
		{Name: "DateNoSuchDay", Transform: "date:02.01.2006", In: "30.02.2023", Code: "invalid_date"},
		{Name: "DateWrongLayout", Transform: "date:02.01.2006", In: "1980-12-31", Code: "invalid_date"},
		{Name: "DateEmpty", Transform: "date:02.01.2006", In: "", Out: ""},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			tr, err := parseTransform(tt.Transform)
			if err != nil {
				t.Fatalf("parseTransform(%q): %v", tt.Transform, err)
			}
			out, fe := tr.apply(tt.In, phoneRegion{code: tt.Region})
			var code string
			if fe != nil {
				code = fe.Code
				if tt.In != "" && strings.Contains(fe.Reason, tt.In) {
					t.Errorf("reason %q contains the value", fe.Reason)
				}
			}
			if out != tt.Out || code != tt.Code {
				t.Errorf("apply(%q) = %q, %q; want %q, %q", tt.In, out, code, tt.Out, tt.Code)
			}
		})
	}
}

func TestParseTransform(t *testing.T) {
	tests := []struct {
		Name     string
		In       string
		WithTime bool
		Error    string // substring; "" when valid
	}{
		{Name: "Trim", In: "trim"},
		{Name: "DateOnly", In: "date:02.01.2006"},
		{Name: "DateTime", In: "date:2006-01-02T15:04:05", WithTime: true},
		{Name: "DateKitchen", In: "date:Jan 2, 2006 3:04PM", WithTime: true},
		{Name: "Unknown", In: "titlecase", Error: `unknown transform "titlecase"`},
		{Name: "CaseMatters", In: "Trim", Error: `unknown transform "Trim"`},
		{Name: "DateNoLayout", In: "date:", Error: "without a pattern"},
		{Name: "DateNoYear", In: "date:02.01.", Error: "four-digit year"},
		{Name: "DateTwoDigitYear", In: "date:02.01.06", Error: "four-digit year"},
		{Name: "DateNoDay", In: "date:01/2006", Error: "a year, a month and a day"},
		{Name: "DateNotAPattern", In: "date:dd.mm.yyyy", Error: "case-sensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			tr, err := parseTransform(tt.In)
			var got string
			if err != nil {
				got = err.Error()
			}
			if tt.Error == "" && err != nil || tt.Error != "" && !strings.Contains(got, tt.Error) {
				t.Fatalf("parseTransform(%q) error = %q, want %q", tt.In, got, tt.Error)
			}
			if err == nil && tr.withTime != tt.WithTime {
				t.Errorf("withTime = %v, want %v", tr.withTime, tt.WithTime)
			}
		})
	}
}
