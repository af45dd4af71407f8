package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestWriteProfileFile: the profile reads back as written, with mode 0600; a link in its place is
// replaced, not followed; a directory is refused; no temporary file is left behind.
func TestWriteProfileFile(t *testing.T) {
	dir := t.TempDir()
	p := &engage.Profile{Target: "https://host/api/rest/v19", Checked: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Tenant:   engage.Tenant{Update: engage.UpdateReplaces, CustomAttributes: engage.NamingBare, MissingAttributes: []string{"X"}},
		Findings: []engage.Finding{{Check: "update behaviour", OK: true, Found: "it replaces", Meaning: "…"}}}
	path := filepath.Join(dir, "tenant.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeProfileFile(path, p); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := engage.ReadProfile(f)
	f.Close()
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("read back %+v, %v; want %+v", got, err, p)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	if runtime.GOOS != "windows" {
		victim := filepath.Join(dir, "victim")
		os.WriteFile(victim, []byte("keep"), 0o644)
		link := filepath.Join(dir, "link.json")
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
		if err := writeProfileFile(link, p); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "keep" {
			t.Errorf("the link's target was written: %q", b)
		}
		if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink != 0 {
			t.Errorf("%s is still a link", link)
		}
	}

	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	if err := writeProfileFile(sub, p); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing over a directory: %v", err)
	}
	if err := writeProfileFile(filepath.Join(dir, "missing", "tenant.json"), p); err == nil {
		t.Errorf("writing into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

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
