package main

import (
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestSandboxDefinitionsFlags: a --definitions file in the shape of Mapp's listing answer makes
// the sandbox list and enforce those definitions; --no-definitions plays an old tenant.
func TestSandboxDefinitionsFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "defs.json")
	os.WriteFile(file, []byte(`[{"id":7,"name":"Tier","dataType":"STRING","enumerated":true,"enumeratedValues":["gold","silver"]},
		{"id":8,"name":"LastSync","dataType":"DATE","technical":true,"value":"2026-07-01"}]`), 0o600)
	parse := func(args ...string) sandbox.Behaviour {
		t.Helper()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		b := behaviourFlags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		out, problem := b.behaviour()
		if problem != "" {
			t.Fatal(problem)
		}
		return out
	}
	b := parse("--definitions", file, "--visible-after", "2s")
	box, err := sandbox.New(sandbox.Options{Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	c, err := engage.New(engage.Config{BaseURL: "http://box.test/api/rest/v19", HTTP: &http.Client{Transport: handlerTransport{box}}})
	if err != nil {
		t.Fatal(err)
	}
	defs, err := c.ProfileAttributes(t.Context())
	if err != nil || len(defs) != 2 || !defs[0].Enumerated || !defs[1].Technical {
		t.Fatalf("listed %+v, %v", defs, err)
	}
	_, err = c.Create(t.Context(), &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "Tier", Value: "bronze"}}})
	if !errors.Is(err, engage.ErrInvalid) {
		t.Errorf("a value outside the enumeration: %v, want refused", err)
	}
	if b.Definitions.VisibleAfter.String() != "2s" {
		t.Errorf("visible-after %v", b.Definitions.VisibleAfter)
	}
	old := parse("--no-definitions")
	if !old.Definitions.Unlisted {
		t.Errorf("--no-definitions: %+v", old.Definitions)
	}
}

// handlerTransport serves requests with a handler, without a socket.
type handlerTransport struct{ h http.Handler }

func (h handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}
