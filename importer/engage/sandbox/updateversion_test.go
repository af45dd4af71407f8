package sandbox_test

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestCheckUpdateVersionFollowsVisibility: contact/checkUpdateVersion says not saved exactly
// while contact/get still answers the contact as it was before its update, and saved from then on.
func TestCheckUpdateVersionFollowsVisibility(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := definitionsClient(t, sandbox.Behaviour{Definitions: sandbox.Definitions{VisibleAfter: 2 * time.Second}})
		ct := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}}}
		made, err := c.Create(t.Context(), ct)
		if err != nil {
			t.Fatal(err)
		}
		if saved, err := c.CheckUpdateVersion(t.Context(), made.ContactID); err != nil || !saved {
			t.Fatalf("before any update: saved %t, %v; want saved", saved, err)
		}
		ct.Attributes[0].Value = "Anna"
		if _, err := c.UpdateWithUnifiedName(t.Context(), engage.IdentEmail, ct, ""); err != nil {
			t.Fatal(err)
		}
		id := engage.ContactIdentifier{Type: engage.IdentEmail, Value: ct.Email}
		for _, step := range []struct {
			wait  time.Duration
			saved bool
			first string
		}{{0, false, "Ann"}, {1999 * time.Millisecond, false, "Ann"}, {time.Millisecond, true, "Anna"}} {
			time.Sleep(step.wait)
			saved, err := c.CheckUpdateVersion(t.Context(), made.ContactID)
			if err != nil || saved != step.saved {
				t.Fatalf("after %v more: saved %t, %v; want %t", step.wait, saved, err, step.saved)
			}
			if got, err := c.Get(t.Context(), id); err != nil || value(got, "FirstName") != step.first {
				t.Fatalf("after %v more: read %+v, %v; want first name %s", step.wait, got, err, step.first)
			}
		}
	})
}

// TestCheckUpdateVersionOldTenant: a tenant played as old does not have the call.
func TestCheckUpdateVersionOldTenant(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{Definitions: sandbox.Definitions{Unlisted: true}})
	made, err := c.Create(t.Context(), &engage.Contact{Email: "bob@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CheckUpdateVersion(t.Context(), made.ContactID)
	var ne *engage.NoUpdateVersionError
	if !errors.As(err, &ne) || ne.Status != http.StatusNotFound {
		t.Fatalf("err %v; want 404 not available", err)
	}
}

// TestCheckUpdateVersionRefusals: an unknown contact is Engage's "no such contact", a missing or
// malformed contactId a refusal naming it, and the call answers GET only.
func TestCheckUpdateVersionRefusals(t *testing.T) {
	c := definitionsClient(t, sandbox.Behaviour{})
	if _, err := c.CheckUpdateVersion(t.Context(), 999); engage.KindOf(err) != engage.KindNotFound {
		t.Errorf("unknown contact: %v; want not found", err)
	}
	box, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	for _, tt := range []struct {
		method, query string
		status        int
	}{
		{http.MethodGet, "", http.StatusBadRequest},
		{http.MethodGet, "contactId=x1", http.StatusBadRequest},
		{http.MethodPost, "contactId=1", http.StatusMethodNotAllowed},
	} {
		u := &url.URL{Scheme: "http", Host: "sandbox.test", Path: "/api/rest/v19/contact/checkUpdateVersion", RawQuery: tt.query}
		r, err := http.NewRequest(tt.method, u.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := inProcess{box}.RoundTrip(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s ?%s: HTTP %d, want %d", tt.method, tt.query, resp.StatusCode, tt.status)
		}
	}
}
