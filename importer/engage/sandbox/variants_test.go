package sandbox

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// TestBehaviours checks the named variants: unique names that say what they play, the zero
// Behaviour first, each accepted by New.
func TestBehaviours(t *testing.T) {
	variants := Behaviours([]string{"Tier"})
	if len(variants) != 12 {
		t.Fatalf("%d variants, want 12: two update modes × three namings × lenient and strict", len(variants))
	}
	if !reflect.DeepEqual(variants[0].Behaviour, Behaviour{}) {
		t.Errorf("first variant %s is %s, want the zero Behaviour", variants[0].Name, variants[0].Behaviour)
	}
	seen := map[string]bool{}
	for _, v := range variants {
		if seen[v.Name] {
			t.Errorf("variant %s listed twice", v.Name)
		}
		seen[v.Name] = true
		n, err := v.normalised()
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		strict := strings.HasSuffix(v.Name, "-strict")
		want := string(n.Update) + "-" + string(n.CustomAttributes)
		if strict {
			want += "-strict"
		}
		if v.Name != want {
			t.Errorf("variant %s plays %s", v.Name, v.Behaviour)
		}
		if strict != n.RequireUnifiedIdentifierName || strict != (n.ExistsAnswer == ExistsText) ||
			strict != (n.KnownCustomAttributes != nil) {
			t.Errorf("variant %s: strictness does not match %s", v.Name, v.Behaviour)
		}
		if strict && !reflect.DeepEqual(n.KnownCustomAttributes, []string{"Tier"}) {
			t.Errorf("variant %s knows %v, want [Tier]", v.Name, n.KnownCustomAttributes)
		}
	}
	if v := Behaviours(nil)[1]; v.KnownCustomAttributes == nil || len(v.KnownCustomAttributes) != 0 {
		t.Errorf("Behaviours(nil): strict variant knows %#v, want an empty set", v.KnownCustomAttributes)
	}
}

// TestEveryVariantKeepsWhatACarefulClientSends runs a create and an update on every variant, in
// the form a client that knows the tenant sends them (custom attributes in its naming,
// unifiedIdentifierName, every field and attribute in the update body), and checks that nothing is
// lost, and that the answer spells the custom attribute the way the tenant takes it: the
// property the importer's end-to-end tests ask of each variant.
func TestEveryVariantKeepsWhatACarefulClientSends(t *testing.T) {
	for _, v := range Behaviours([]string{"Tier"}) {
		t.Run(v.Name, func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: v.Behaviour})
			tier := "Tier"
			if n, _ := v.normalised(); n.CustomAttributes == NamingPrefixed {
				tier = "user.CustomAttribute.Tier"
			}
			mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org", "mobileNumber": "4915100000001",
				"identifier": "crm-1", "attributes": []wireAttribute{{"FirstName", "Ann"}, {tier, "gold"}}})
			got := mustCall(t, s, "update?identifierType=EMAIL&unifiedIdentifierName=ann%40example.org", map[string]any{
				"emailAddress": "ann@example.org", "mobileNumber": "4915100000001", "identifier": "crm-1",
				"attributes": []wireAttribute{{"FirstName", "Ann"}, {"LastName", "Lee"}, {tier, "gold"}}})
			want := wireContact{ContactID: ptr(int64(1)), Email: ptr("ann@example.org"), Mobile: ptr("4915100000001"),
				Identifier: ptr("crm-1"), Attributes: []wireAttribute{{"FirstName", "Ann"}, {"LastName", "Lee"}, {tier, "gold"}}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("update answered %s, want %s", show(got), show(want))
			}
			rec := call(t, s, "create", map[string]string{"emailAddress": "ann@example.org"})
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Such contact already exists") {
				t.Errorf("second create: %d %s, want 400 saying the contact exists", rec.Code, rec.Body)
			}
		})
	}
}

func ExampleBehaviours() {
	for _, v := range Behaviours([]string{"Tier"})[:2] {
		fmt.Printf("%s: %s\n", v.Name, v.Behaviour)
	}
	// Output:
	// merge-either: update=merge custom-attributes=either known-attributes=any require-unified-identifier=false exists-answer=envelope resubscribe-error=false
	// merge-either-strict: update=merge custom-attributes=either known-attributes=[Tier] require-unified-identifier=true exists-answer=text resubscribe-error=true
}
