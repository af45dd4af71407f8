package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// doctorTarget serves a sandbox playing b through wrap and returns the environment for it.
func doctorTarget(t *testing.T, b sandbox.Behaviour, wrap func(http.Handler) http.Handler) (func(string) string, *sandbox.Server) {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{User: "u", Password: "p", Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	var h http.Handler = box
	if wrap != nil {
		h = wrap(box)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	env := map[string]string{"ENGAGE_URL": ts.URL + "/api/rest/v19", "ENGAGE_USER": "u", "ENGAGE_PASSWORD": "p"}
	return func(k string) string { return env[k] }, box
}

// TestDoctorProfile: the profile names the client's base URL and what the probe learnt, as
// import will compare and read it.
func TestDoctorProfile(t *testing.T) {
	getenv, box := doctorTarget(t, sandbox.Behaviour{Update: sandbox.UpdateReplace, CustomAttributes: sandbox.NamingPrefixed}, nil)
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, []byte("Email,Vorname,user.CustomAttribute.Tier\nann@example.org,Ann,Gold\n"), 0o600)
	profile := filepath.Join(dir, "tenant.json")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"doctor", "--probe-email", "probe@example.org", "--rate", "1000", "--profile", profile, list}, getenv, nil, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	f, err := os.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := engage.ReadProfile(f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Target != getenv("ENGAGE_URL") || p.Tenant.Update != engage.UpdateReplaces || p.Tenant.CustomAttributes != engage.NamingPrefixed ||
		time.Since(p.Checked) > time.Hour || len(p.Findings) == 0 {
		t.Errorf("profile %+v", p)
	}
	if box.Stats().Contacts != 0 {
		t.Errorf("probe contact left behind")
	}
}

// TestDoctorInterrupted: Ctrl-C during the probe deletes the contact, writes no profile and
// exits 130.
func TestDoctorInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wrap := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if strings.HasSuffix(r.URL.Path, "/contact/create") {
				cancel()
			}
		})
	}
	getenv, box := doctorTarget(t, sandbox.Behaviour{}, wrap)
	profile := filepath.Join(t.TempDir(), "tenant.json")
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"doctor", "--probe-email", "probe@example.org", "--rate", "1000", "--profile", profile}, getenv, nil, &stdout, &stderr)
	if code != exitInterrupted {
		t.Errorf("exit %d, want %d\n%s", code, exitInterrupted, stdout.String())
	}
	if _, err := os.Stat(profile); err == nil {
		t.Errorf("a profile was written")
	}
	if !strings.Contains(stdout.String(), "probe contact: created for the checks and deleted again") {
		t.Errorf("stdout\n%s", stdout.String())
	}
	if box.Stats().Contacts != 0 {
		t.Errorf("probe contact left behind")
	}
}
