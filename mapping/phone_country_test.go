package mapping

import "testing"

// The phone_region column takes a country name as the country transform reads it, as exports
// from CRMs write the mailing country ("United States", "Deutschland"), not only ISO codes.
func TestPhoneRegionColumnTakesCountryNames(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("phone_region: {column: Country}\ncolumns:\n  Mail: email\n  Tel: {to: user.CustomAttribute.Tel, transform: [phone]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Mail", "Tel", "Country"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ country, tel, want string }{
		{"United States", "202 555 0113", "+12025550113"},
		{"Deutschland", "030 12345678", "+493012345678"},
		{"Royaume-Uni", "020 7946 0018", "+442079460018"},
		{"usa", "202 555 0113", "+12025550113"},
	} {
		c, err := m.Map([]string{"a@b.de", tt.tel, tt.country})
		if err != nil {
			t.Errorf("%s: %v", tt.country, err)
			continue
		}
		if got := c.Attributes[0].Value; got != tt.want {
			t.Errorf("%s %s = %s, want %s", tt.country, tt.tel, got, tt.want)
		}
	}
	if _, err := m.Map([]string{"a@b.de", "202 555 0113", "Atlantis"}); err == nil {
		t.Error("a country no table knows gave a region")
	}
}
