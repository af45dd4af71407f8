package sandbox

import (
	"net/http"
	"reflect"
	"testing"

	"contactimport/importer/engage"
)

// TestCustomAttributeNaming sends one attribute, spelled in each way, to a tenant of each naming:
// an accepted name lands under its stored key, a refused one is answered as an attribute the tenant
// does not have, naming it as sent. Standard attributes work in every naming.
func TestCustomAttributeNaming(t *testing.T) {
	const refused = ""
	tests := []struct {
		sent                   string
		either, bare, prefixed string // the stored key, or refused
	}{
		{"Tier", "Tier", "Tier", refused},
		{"user.Tier", "Tier", "Tier", refused},
		{"user.CustomAttribute.Tier", "Tier", refused, "Tier"},
		{"customattribute.Tier", "Tier", refused, "Tier"},
		{"user.CustomAttribute.Shoe Size", "Shoe Size", refused, "Shoe Size"},
		{"FirstName", "FirstName", "FirstName", "FirstName"},
		{"user.firstname", "FirstName", "FirstName", "FirstName"},
		{"USER.ZIPCODE", "ZipCode", "ZipCode", "ZipCode"},
		{"user.CustomAttribute.Title", "user.CustomAttribute.Title", refused, "user.CustomAttribute.Title"},
	}
	for _, tt := range tests {
		for _, mode := range []struct {
			naming Naming
			want   string
		}{{NamingEither, tt.either}, {NamingBare, tt.bare}, {NamingPrefixed, tt.prefixed}} {
			t.Run(string(mode.naming)+"/"+tt.sent, func(t *testing.T) {
				s := newTestServer(t, Options{Behaviour: Behaviour{CustomAttributes: mode.naming}})
				body := map[string]any{"emailAddress": "ann@example.org", "attributes": []wireAttribute{{tt.sent, "2"}}}
				rec := call(t, s, "create", body)
				if mode.want == refused {
					wantUnknownAttribute(t, rec, tt.sent)
					if n := s.Stats().Contacts; n != 0 {
						t.Errorf("%d contacts stored after a refused create, want 0", n)
					}
					return
				}
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d, want 200 (body %s)", rec.Code, rec.Body)
				}
				got, err := s.Contacts(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if want := map[string]string{mode.want: "2"}; len(got) != 1 || !reflect.DeepEqual(got[0].Attributes, want) {
					t.Errorf("stored %+v, want attributes %v", got, want)
				}
			})
		}
	}
}

// wantUnknownAttribute checks that rec is the answer for an attribute the tenant lacks.
func wantUnknownAttribute(t *testing.T, rec interface {
	Result() *http.Response
}, sent string) {
	t.Helper()
	want := engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter,
		Message: "Attribute with name=" + sent + " does not exist.", ObjectType: "Attribute", PropertyName: "name", PropertyValue: sent}
	resp := rec.Result()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 for an attribute the tenant does not have", resp.StatusCode)
	}
	var got engage.ErrorBody
	if err := decodeJSON(resp, &got); err != nil {
		t.Fatalf("answer is not the error envelope: %v", err)
	}
	if got != want {
		t.Errorf("answer = %+v\nwant     %+v", got, want)
	}
}

// TestEitherNamingIsOneAttribute: on a tenant that takes both spellings, they name one attribute.
func TestEitherNamingIsOneAttribute(t *testing.T) {
	s := newTestServer(t, Options{})
	mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org",
		"attributes": []wireAttribute{{"user.CustomAttribute.Tier", "gold"}}})
	got := mustCall(t, s, "update?identifierType=EMAIL", map[string]any{"emailAddress": "ann@example.org",
		"attributes": []wireAttribute{{"tier", "silver"}}})
	if want := []wireAttribute{{"Tier", "silver"}}; !reflect.DeepEqual(got.Attributes, want) {
		t.Errorf("after create as user.CustomAttribute.Tier and update as tier: %v, want %v", got.Attributes, want)
	}
}

// TestCustomAttributeApartFromStandard: user.CustomAttribute.Title is not user.Title. Each keeps
// its own value, and the custom one is not held to the standard one's rules (1, 2 or -1).
func TestCustomAttributeApartFromStandard(t *testing.T) {
	for _, naming := range []Naming{NamingEither, NamingPrefixed} {
		t.Run(string(naming), func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: Behaviour{CustomAttributes: naming}})
			mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org", "attributes": []wireAttribute{
				{"user.Title", "2"}, {"user.CustomAttribute.Title", "Dr."}}})
			got := mustCall(t, s, "update?identifierType=EMAIL", map[string]any{"emailAddress": "ann@example.org",
				"attributes": []wireAttribute{{"Title", "1"}}})
			want := []wireAttribute{{"Title", "1"}, {"user.CustomAttribute.Title", "Dr."}}
			if !reflect.DeepEqual(got.Attributes, want) {
				t.Errorf("attributes %v, want %v", got.Attributes, want)
			}
		})
	}
}

// TestKnownCustomAttributes: with a set of known custom attributes only those exist, under any
// spelling the naming takes; standard attributes always do. Without a set every name exists.
func TestKnownCustomAttributes(t *testing.T) {
	known := []string{"Tier", "user.CustomAttribute.Shoe Size"}
	tests := []struct {
		name  string
		known []string
		sent  string
		ok    bool
	}{
		{"known", known, "Tier", true},
		{"known, other case and prefix", known, "user.CustomAttribute.TIER", true},
		{"known with a space", known, "shoe size", true},
		{"unknown", known, "Colour", false},
		{"unknown, prefixed", known, "user.CustomAttribute.Colour", false},
		{"standard", known, "user.FirstName", true},
		{"custom named like a standard one", known, "user.CustomAttribute.FirstName", false},
		{"no set", nil, "Colour", true},
		{"empty set", []string{}, "Tier", false},
		{"empty set, standard", []string{}, "LastName", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: Behaviour{KnownCustomAttributes: tt.known}})
			mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org"})
			// Clearing an attribute names it too: the tenant refuses that as well.
			for _, value := range []string{"x", ""} {
				rec := call(t, s, "update?identifierType=EMAIL", map[string]any{"emailAddress": "ann@example.org",
					"attributes": []wireAttribute{{tt.sent, value}}})
				switch {
				case tt.ok && rec.Code != http.StatusOK:
					t.Errorf("value %q: status %d, want 200 (body %s)", value, rec.Code, rec.Body)
				case !tt.ok:
					wantUnknownAttribute(t, rec, tt.sent)
				}
			}
		})
	}
}
