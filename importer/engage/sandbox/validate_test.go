package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

// TestValidation runs Engage's validation rules through create: every case names the field and the
// value, and the parameter the answer must blame ("" for a value that is accepted).
func TestValidation(t *testing.T) {
	tests := []struct {
		name  string
		field string // emailAddress, mobileNumber, or an attribute name
		value string
		param string
	}{
		{"email", "emailAddress", "ann.lee+news@mail.example.org", ""},
		{"email with every allowed sign", "emailAddress", "a!#$%&'*/=?^_`{|}~-b@x-y.example", ""},
		{"email of 129 characters", "emailAddress", strings.Repeat("a", 117) + "@example.org", ""},
		{"email of 130 characters", "emailAddress", strings.Repeat("a", 118) + "@example.org", "emailAddress"},
		{"email without domain dot", "emailAddress", "ann@localhost", "emailAddress"},
		{"email with double dot", "emailAddress", "ann..lee@example.org", "emailAddress"},
		{"email starting with a dot", "emailAddress", ".ann@example.org", "emailAddress"},
		{"email with a display name", "emailAddress", "Ann <ann@example.org>", "emailAddress"},
		{"email with a label starting with a hyphen", "emailAddress", "ann@-example.org", "emailAddress"},
		{"email with an umlaut", "emailAddress", "jörg@example.org", "emailAddress"},
		{"email with spaces", "emailAddress", " ann@example.org", "emailAddress"},
		{"email with an umlaut in the domain", "emailAddress", "jorg@müller.de", ""},
		{"email with ß in the domain", "emailAddress", "anna@straße.de", ""},
		{"email with capital umlauts in the domain", "emailAddress", "JORG@MÜLLER.DE", ""},
		{"email with a Punycode domain", "emailAddress", "jorg@xn--mller-kva.de", ""},
		{"email with umlauts on both sides of @", "emailAddress", "jörg@müller.de", "emailAddress"},
		{"email with a symbol in the domain", "emailAddress", "a@☃.de", "emailAddress"},
		{"email with a domain IDNA refuses", "emailAddress", "a@-müller.de", "emailAddress"},
		{"email with a one-letter top-level domain", "emailAddress", "a@müller.d", "emailAddress"},
		// a@ü.de is stored as a@xn--tda.de, 4 characters longer.
		{"email of 129 characters in Punycode", "emailAddress", strings.Repeat("a", 118) + "@ü.de", ""},
		{"email of 130 characters in Punycode", "emailAddress", strings.Repeat("a", 119) + "@ü.de", "emailAddress"},
		{"email of 130 characters as sent", "emailAddress", strings.Repeat("a", 125) + "@ü.de", "emailAddress"},
		{"email with a label of 63 characters", "emailAddress", "a@" + strings.Repeat("b", 63) + ".de", ""},
		{"email with a label of 64 characters", "emailAddress", "a@" + strings.Repeat("b", 64) + ".de", "emailAddress"},
		{"email with a label of 64 characters in Punycode", "emailAddress", "a@ü" + strings.Repeat("b", 56) + ".de", "emailAddress"},
		{"mobile with plus", "mobileNumber", "+4915112345678", ""},
		{"mobile without plus", "mobileNumber", "4915112345678", ""},
		{"mobile with a leading zero", "mobileNumber", "015112345678", "mobileNumber"},
		{"mobile with plus and zero", "mobileNumber", "+015112345678", "mobileNumber"},
		{"mobile with spaces", "mobileNumber", "+49 151 12345678", "mobileNumber"},
		{"mobile with letters", "mobileNumber", "+49151CALLME", "mobileNumber"},
		{"mobile of 16 digits", "mobileNumber", "+4915112345678901", "mobileNumber"},
		{"country alpha-2", "user.ISOCountryCode", "DE", ""},
		{"country alpha-3", "ISOCountryCode", "DEU", ""},
		{"country lower case", "isocountrycode", "at", ""},
		{"country withdrawn", "ISOCountryCode", "YU", "ISOCountryCode"},
		{"country reserved", "ISOCountryCode", "UK", "ISOCountryCode"},
		{"country made up", "ISOCountryCode", "QQQ", "ISOCountryCode"},
		{"country name", "ISOCountryCode", "Germany", "ISOCountryCode"},
		{"language", "user.ISOLanguageCode", "de", ""},
		{"language upper case", "ISOLanguageCode", "EN", ""},
		{"language alpha-3", "ISOLanguageCode", "deu", "ISOLanguageCode"},
		{"language withdrawn", "ISOLanguageCode", "iw", "ISOLanguageCode"},
		{"language made up", "ISOLanguageCode", "xx", "ISOLanguageCode"},
		{"time zone", "user.TimeZone", "Europe/Berlin", ""},
		{"time zone UTC", "TimeZone", "UTC", ""},
		{"time zone made up", "TimeZone", "Europe/Atlantis", "TimeZone"},
		{"time zone Local", "TimeZone", "Local", "TimeZone"},
		{"time zone offset", "TimeZone", "+01:00", "TimeZone"},
		{"title Mr.", "user.Title", "1", ""},
		{"title Ms.", "Title", "2", ""},
		{"title unknown", "Title", "-1", ""},
		{"title 3", "Title", "3", "Title"},
		{"title word", "Title", "Mr", "Title"},
		{"date", "user.DateOfBirth", "1990-02-28", ""},
		{"date and time", "DateOfBirth", "1990-02-28T13:45:00+01:00", ""},
		{"date not in the calendar", "DateOfBirth", "1990-02-30", "DateOfBirth"},
		{"date with Z", "DateOfBirth", "1990-02-28T13:45:00Z", "DateOfBirth"},
		{"date German style", "DateOfBirth", "28.02.1990", "DateOfBirth"},
		{"date without zero padding", "DateOfBirth", "1990-2-28", "DateOfBirth"},
		{"partner id", "user.PartnerId", "12345", ""},
		{"partner id of 6 digits", "PartnerId", "123456", "PartnerId"},
		{"partner id with a letter", "PartnerId", "12a", "PartnerId"},
		{"first name of 50 characters", "user.FirstName", strings.Repeat("ä", 50), ""},
		{"first name of 51 characters", "FirstName", strings.Repeat("a", 51), "FirstName"},
		{"last name of 51 characters", "LastName", strings.Repeat("a", 51), "LastName"},
		{"nickname of 20 characters", "Nickname", strings.Repeat("n", 20), ""},
		{"nickname of 21 characters", "Nickname", strings.Repeat("n", 21), "Nickname"},
		{"zip code of 10 characters", "ZipCode", "1234567890", ""},
		{"zip code of 11 characters", "ZipCode", "12345678901", "ZipCode"},
		{"custom value of 2000 characters", "user.CustomAttribute.Notes", strings.Repeat("é", 2000), ""},
		{"custom value of 2001 characters", "user.CustomAttribute.Notes", strings.Repeat("x", 2001), "Notes"},
		{"empty value is not checked", "DateOfBirth", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"applicationAlias": "app-1"}
			switch tt.field {
			case "emailAddress", "mobileNumber":
				body[tt.field] = tt.value
			default:
				body["attributes"] = []wireAttribute{{tt.field, tt.value}}
			}
			s := newTestServer(t, Options{})
			check(t, call(t, s, "create", body), tt.param, tt.value)

			// update applies the same rules.
			s = newTestServer(t, Options{})
			mustCall(t, s, "create", map[string]string{"applicationAlias": "app-1"})
			check(t, call(t, s, "update?identifierType=APP_ALIAS", body), tt.param, tt.value)
		})
	}
}

func check(t *testing.T, rec interface {
	Result() *http.Response
}, param, value string) {
	t.Helper()
	resp := rec.Result()
	if param == "" {
		if resp.StatusCode != http.StatusOK {
			t.Errorf("status %d, want 200", resp.StatusCode)
		}
		return
	}
	var body engage.ErrorBody
	if resp.StatusCode != http.StatusBadRequest || decodeJSON(resp, &body) != nil {
		t.Fatalf("status %d, want a 400 envelope", resp.StatusCode)
	}
	want := engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter, ParameterName: param, Value: value}
	body.Message = ""
	if body != want {
		t.Errorf("answer %+v, want %+v", body, want)
	}
}
