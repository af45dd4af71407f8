package mapping_test

import (
	"errors"
	"reflect"
	"testing"

	"contactimport/mapping"
)

// Every failing column of a row is reported at once, in header order; errors.As still finds
// the first, whose code the report shows.
func TestMapReportsEveryColumn(t *testing.T) {
	m, err := mapping.Compile(nil, []string{"user.Title", "Email", "user.ISOCountryCode", "Vorname"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Map([]string{"Herr", "", "Germany", "Ann"})
	var re *mapping.RowError
	if !errors.As(err, &re) {
		t.Fatalf("Map error %v is not a *RowError", err)
	}
	var got [][2]string
	for _, fe := range mapping.FieldErrors(err) {
		got = append(got, [2]string{fe.Column, fe.Code})
	}
	want := [][2]string{{"user.Title", "invalid_title"}, {"Email", "missing_identifier"}, {"user.ISOCountryCode", "invalid_country"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors %q, want %q", got, want)
	}
	wantMsg := `column "user.Title": not a valid title (1, 2 or -1); column "Email": empty, but it is the identifier (email); ` +
		`column "user.ISOCountryCode": not an ISO 3166-1 alpha-2 or alpha-3 country code`
	if err.Error() != wantMsg {
		t.Errorf("message\n %s\nwant\n %s", err, wantMsg)
	}
	var fe *mapping.FieldError
	if !errors.As(err, &fe) || fe.Column != "user.Title" {
		t.Errorf("errors.As finds %+v, want the first column's error", fe)
	}
	// One failing column stays a plain *FieldError.
	_, err = m.Map([]string{"1", "a@b.de", "Germany", "Ann"})
	if _, ok := err.(*mapping.FieldError); !ok || len(mapping.FieldErrors(err)) != 1 {
		t.Errorf("one failing column gives %T %v, want a *FieldError", err, err)
	}
	if mapping.FieldErrors(errors.New("other")) != nil {
		t.Error("FieldErrors of a foreign error is not nil")
	}
}

// Invalid UTF-8 is reported for every column that has it, and nothing else: the encoding is
// wrong, so the columns' own checks would only repeat it.
func TestMapInvalidUTF8EveryColumn(t *testing.T) {
	m, err := mapping.Compile(nil, []string{"Email", "Vorname", "user.Title", "Nachname"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Map([]string{"a@b.de", "J\xf6rg", "Herr", "M\xfcller"})
	var got []string
	for _, fe := range mapping.FieldErrors(err) {
		got = append(got, fe.Column+":"+fe.Code)
	}
	if want := []string{"Vorname:invalid_utf8", "Nachname:invalid_utf8"}; !reflect.DeepEqual(got, want) {
		t.Errorf("errors %q, want %q", got, want)
	}
}
