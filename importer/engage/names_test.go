package engage

import "testing"

func TestSpellAttribute(t *testing.T) {
	for _, tt := range []struct {
		name   string
		naming Naming
		want   string
	}{
		{"user.CustomAttribute.Tier", NamingBare, "Tier"},
		{"user.customattribute.Tier", NamingBare, "Tier"},
		{"CustomAttribute.Tier", NamingBare, "Tier"},
		{"Tier", NamingBare, "Tier"},
		{"user.Tier", NamingBare, "user.Tier"},
		{"user.CustomAttribute.Title", NamingBare, "user.CustomAttribute.Title"}, // never the standard Title
		{"user.CustomAttribute.firstname", NamingBare, "user.CustomAttribute.firstname"},
		{"user.FirstName", NamingBare, "user.FirstName"},
		{"user.CustomAttribute.Tier", NamingPrefixed, "user.CustomAttribute.Tier"},
		{"Tier", NamingPrefixed, "user.CustomAttribute.Tier"},
		{"user.Tier", NamingPrefixed, "user.CustomAttribute.Tier"},
		{"FirstName", NamingPrefixed, "FirstName"},
		{"user.CustomAttribute.Tier", NamingEither, "user.CustomAttribute.Tier"},
		{"Tier", NamingEither, "Tier"},
		{"user.CustomAttribute.Tier", "", "user.CustomAttribute.Tier"},
		{"Tier", "", "Tier"},
	} {
		if got := SpellAttribute(tt.name, tt.naming); got != tt.want {
			t.Errorf("SpellAttribute(%q, %q) = %q, want %q", tt.name, tt.naming, got, tt.want)
		}
	}
}

func TestAttributeKey(t *testing.T) {
	same := [][2]string{{"user.FirstName", "FirstName"}, {"user.firstname", "FIRSTNAME"},
		{"user.CustomAttribute.Tier", "Tier"}, {"user.CustomAttribute.Tier", "user.tier"},
		{"user.CustomAttribute.Title", "user.customattribute.title"}}
	for _, p := range same {
		if ParseAttributeName(p[0]).Key() != ParseAttributeName(p[1]).Key() {
			t.Errorf("%q and %q must be the same attribute", p[0], p[1])
		}
	}
	apart := [][2]string{{"user.CustomAttribute.Title", "Title"}, {"user.CustomAttribute.Title", "user.Title"},
		{"Tier", "Tiers"}}
	for _, p := range apart {
		if ParseAttributeName(p[0]).Key() == ParseAttributeName(p[1]).Key() {
			t.Errorf("%q and %q must be different attributes", p[0], p[1])
		}
	}
}
