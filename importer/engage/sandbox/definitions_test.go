package sandbox_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// inProcess is an http.RoundTripper that serves each request with h in the caller's goroutine:
// no network, so the sandbox can run inside a synctest bubble.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// typedTenant is a tenant with one attribute of each type, an enumeration, a technical and an
// archived attribute.
var typedTenant = sandbox.Definitions{
	Profile: []sandbox.Definition{
		{Name: "FirstName", Standard: true},
		{Name: "Tier", Enum: []string{"gold", "silver"}},
		{Name: "Score", Type: "NUMBER"},
		{Name: "Opted", Type: "BOOLEAN"},
		{Name: "Since", Type: "DATE"},
		{Name: "LastSync", Type: "DATE", Technical: true, Value: "2026-07-01"},
		{Name: "Legacy", Archived: true},
	},
	Member: []sandbox.Definition{{Name: "car"}},
}

func definitionsClient(t *testing.T, b sandbox.Behaviour) *engage.Client {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	c, err := engage.New(engage.Config{BaseURL: "http://sandbox.test/api/rest/v19", HTTP: &http.Client{Transport: inProcess{box}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDefinitionsListed: the list calls answer the configured definitions, with their types,
// flags and enumerated values, as the client reads them.
func TestDefinitionsListed(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{Definitions: typedTenant})
	defs, err := c.ProfileAttributes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != len(typedTenant.Profile) {
		t.Fatalf("%d definitions, want %d (archived included)", len(defs), len(typedTenant.Profile))
	}
	tier, _ := engage.FindDefinition(defs, "Tier")
	score, _ := engage.FindDefinition(defs, "Score")
	sync, _ := engage.FindDefinition(defs, "LastSync")
	legacy, _ := engage.FindDefinition(defs, "Legacy")
	if !tier.Enumerated || !slices.Equal(tier.EnumeratedValues, []string{"gold", "silver"}) || tier.DataType != engage.TypeString ||
		score.DataType != engage.TypeNumber || !sync.Technical || !legacy.Archived {
		t.Errorf("definitions read as %+v", defs)
	}
	members, err := c.MemberAttributes(t.Context(), 1)
	if err != nil || len(members) != 1 || members[0].Name != "car" {
		t.Errorf("member definitions %+v, %v", members, err)
	}
}

// TestDefinitionsOldTenant: a tenant older than the call answers 404, which the client reads as
// "no definitions here".
func TestDefinitionsOldTenant(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{Definitions: sandbox.Definitions{Profile: typedTenant.Profile, Unlisted: true}})
	if _, err := c.ProfileAttributes(t.Context()); !errors.Is(err, engage.ErrNoDefinitions) {
		t.Errorf("profile list on an old tenant: %v", err)
	}
	if _, err := c.MemberAttributes(t.Context(), 1); !errors.Is(err, engage.ErrNoDefinitions) {
		t.Errorf("member list on an old tenant: %v", err)
	}
}

// TestDefinitionsEnforced: a write of a value its definition refuses is 400 INVALID_PARAMETER
// naming the attribute, and nothing is stored; values of the right type are taken.
func TestDefinitionsEnforced(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{Definitions: typedTenant})
	refused := []engage.Attribute{
		{Name: "Tier", Value: "bronze"}, {Name: "Score", Value: "12,5€"}, {Name: "Opted", Value: "yes"},
		{Name: "Since", Value: "01.02.2026"}, {Name: "LastSync", Value: "2026-01-01"}, {Name: "Legacy", Value: "x"},
	}
	for _, a := range refused {
		_, err := c.Create(t.Context(), &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{a}})
		var ae *engage.APIError
		if !errors.As(err, &ae) || ae.Status != 400 || ae.Body.ErrorCode != engage.CodeInvalidParameter || ae.Body.ParameterName != a.Name {
			t.Errorf("%s=%q: %v, want 400 INVALID_PARAMETER naming it", a.Name, a.Value, err)
		}
	}
	ok := []engage.Attribute{{Name: "Tier", Value: "gold"}, {Name: "Score", Value: "-12.5"}, {Name: "Opted", Value: "false"},
		{Name: "Since", Value: "2026-02-01"}}
	got, err := c.Create(t.Context(), &engage.Contact{Email: "ann@example.org", Attributes: ok})
	if err != nil {
		t.Fatal(err)
	}
	if v := value(got, "LastSync"); v != "2026-07-01" {
		t.Errorf("technical LastSync = %q, want the tenant's own value", v)
	}
}

// TestVisibleAfter: for VisibleAfter after an update, contact/get answers the contact as it was
// before; then as updated.
func TestVisibleAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := definitionsClient(t, sandbox.Behaviour{Definitions: sandbox.Definitions{VisibleAfter: 2 * time.Second}})
		ct := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}}}
		if _, err := c.Create(t.Context(), ct); err != nil {
			t.Fatal(err)
		}
		ct.Attributes[0].Value = "Anna"
		if _, err := c.UpdateWithUnifiedName(t.Context(), engage.IdentEmail, ct, ""); err != nil {
			t.Fatal(err)
		}
		id := engage.ContactIdentifier{Type: engage.IdentEmail, Value: ct.Email}
		got, err := c.Get(t.Context(), id)
		if err != nil || value(got, "FirstName") != "Ann" {
			t.Fatalf("read at once: %+v, %v; want the old value", got, err)
		}
		time.Sleep(2 * time.Second)
		got, err = c.Get(t.Context(), id)
		if err != nil || value(got, "FirstName") != "Anna" {
			t.Fatalf("read after the delay: %+v, %v; want the new value", got, err)
		}
	})
}

func value(c *engage.Contact, name string) string {
	for _, a := range c.Attributes {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// TestDefinitionsDerived: without definitions of its own, a tenant that knows its custom
// attributes lists them, and one that takes any answers 404.
func TestDefinitionsDerived(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{KnownCustomAttributes: []string{"user.CustomAttribute.Tier"}})
	defs, err := c.ProfileAttributes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := engage.FindDefinition(defs, "Tier"); !ok || d.Standard || d.DataType != engage.TypeString {
		t.Errorf("Tier in %+v", defs)
	}
	if d, ok := engage.FindDefinition(defs, "FirstName"); !ok || !d.Standard {
		t.Errorf("FirstName in %+v", defs)
	}
	any := definitionsClient(t, sandbox.Behaviour{})
	if _, err := any.ProfileAttributes(t.Context()); !errors.Is(err, engage.ErrNoDefinitions) {
		t.Errorf("a tenant taking any attribute: %v, want no definitions", err)
	}
}

// TestTechnicalKeptOnReplace: a replacing update removes what it leaves out, but not the
// tenant's own technical attributes.
func TestTechnicalKeptOnReplace(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, Definitions: typedTenant})
	ct := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "Tier", Value: "gold"}}}
	if _, err := c.Create(t.Context(), ct); err != nil {
		t.Fatal(err)
	}
	got, err := c.Update(t.Context(), engage.IdentEmail, &engage.Contact{Email: "ann@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if value(got, "Tier") != "" || value(got, "LastSync") != "2026-07-01" {
		t.Errorf("after a replacing update: %+v; want Tier gone and LastSync kept", got.Attributes)
	}
}
