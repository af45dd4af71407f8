package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// profileRig is a sandbox playing b over a socket, and a working directory with an input file.
type profileRig struct {
	box  *sandbox.Server
	url  string
	dir  string
	env  map[string]string
	runs int
}

func newProfileRig(t *testing.T, b sandbox.Behaviour) *profileRig {
	box, err := sandbox.New(sandbox.Options{User: "u", Password: "secret-pw", Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(box)
	t.Cleanup(func() { srv.Close(); box.Close() })
	dir := t.TempDir()
	t.Chdir(dir)
	url := srv.URL + "/api/rest/v19"
	return &profileRig{box: box, url: url, dir: dir, env: map[string]string{"ENGAGE_URL": url, "ENGAGE_USER": "u", "ENGAGE_PASSWORD": "secret-pw"}}
}

func (r *profileRig) writeProfile(t *testing.T, name, target string, tenant engage.Tenant) {
	var b bytes.Buffer
	p := &engage.Profile{Target: target, Checked: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Tenant: tenant}
	if err := engage.WriteProfile(&b, p); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, name), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// importFile runs `contactimport import` on input with args and returns the exit code, stderr
// and the summary (nil when none was written).
func (r *profileRig) importFile(t *testing.T, input string, args ...string) (int, string, *report.Summary) {
	r.runs++
	in := filepath.Join(r.dir, fmt.Sprintf("in%d.csv", r.runs))
	if err := os.WriteFile(in, []byte(input), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := filepath.Join(r.dir, fmt.Sprintf("in%d.report.csv", r.runs))
	var stdout, stderr bytes.Buffer
	argv := append([]string{"import", "--rate", "5000", "--workers", "1", "--progress", "none", "--report", rep}, args...)
	code := run(context.Background(), append(argv, in), func(k string) string { return r.env[k] }, strings.NewReader(""), &stdout, &stderr)
	data, err := os.ReadFile(rep + ".json")
	if err != nil {
		return code, stderr.String(), nil
	}
	var sum report.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	return code, stderr.String(), &sum
}

func (r *profileRig) calls() int { return r.box.Stats().Calls() }

const (
	fullList  = "user.Email,user.MobileNumber,user.FirstName\na@example.org,+4915100000001,Ann\nb@example.org,+4915100000002,Bob\n"
	fewerList = "user.Email,user.FirstName\na@example.org,Anne\nb@example.org,Bobby\n"
)

// TestProfileDecidesUpdates: without a profile a real target reads before it writes and says so
// once; the default profile file naming the target makes a merging tenant take one call per row;
// one naming another target is ignored; a replacing tenant keeps the mobile numbers either way.
func TestProfileDecidesUpdates(t *testing.T) {
	t.Run("no profile", func(t *testing.T) {
		r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace})
		if code, _, _ := r.importFile(t, fullList); code != exitOK {
			t.Fatalf("first import: exit %d", code)
		}
		before := r.calls()
		code, stderr, sum := r.importFile(t, fewerList)
		if code != exitOK || sum == nil {
			t.Fatalf("second import: exit %d\n%s", code, stderr)
		}
		if sum.UpdateMode != "read-before-write" || sum.Profile != nil {
			t.Errorf("summary update_mode %q, profile %v; want read-before-write without a profile", sum.UpdateMode, sum.Profile)
		}
		if n := strings.Count(stderr, "contactimport doctor --probe-email ADDRESS"); n != 1 {
			t.Errorf("the doctor hint appears %d times, want once:\n%s", n, stderr)
		}
		// The first row guesses new: create, "exists", get, update; the second reads and updates.
		if got := r.calls() - before; got != 5 {
			t.Errorf("%d calls for 2 existing contacts, want 5 (a get and an update each, one create on the first guess)", got)
		}
		checkMobiles(t, r.box)
	})
	t.Run("default profile of this target", func(t *testing.T) {
		r := newProfileRig(t, sandbox.Behaviour{})
		r.writeProfile(t, defaultProfile, r.url, engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither})
		r.importFile(t, fullList)
		before := r.calls()
		code, stderr, sum := r.importFile(t, fewerList)
		if code != exitOK || sum == nil {
			t.Fatalf("second import: exit %d\n%s", code, stderr)
		}
		if sum.UpdateMode != "merge" || sum.Profile == nil || sum.Profile.Path != defaultProfile || !sum.Profile.Checked.Equal(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("summary update_mode %q, profile %+v; want merge with %s checked 2026-03-01", sum.UpdateMode, sum.Profile, defaultProfile)
		}
		if strings.Contains(stderr, "--probe-email") {
			t.Errorf("a run with a merge profile gives the doctor hint:\n%s", stderr)
		}
		if got := r.calls() - before; got > 3 {
			t.Errorf("%d calls for 2 existing contacts, want at most 3 (an update each, and one create on the first guess)", got)
		}
		checkMobiles(t, r.box)
	})
	t.Run("default profile of another target", func(t *testing.T) {
		r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace})
		r.writeProfile(t, defaultProfile, "https://other.example.com/api/rest/v19", engage.Tenant{Update: engage.UpdateMerges})
		r.importFile(t, fullList)
		code, stderr, sum := r.importFile(t, fewerList)
		if code != exitOK || sum == nil || sum.UpdateMode != "read-before-write" || sum.Profile != nil {
			t.Fatalf("exit %d, summary %+v; want the profile ignored\n%s", code, sum, stderr)
		}
		if !strings.Contains(stderr, "describes another target and is ignored") {
			t.Errorf("no word that the profile was ignored:\n%s", stderr)
		}
		checkMobiles(t, r.box)
	})
	t.Run("explicit profile of a replacing tenant", func(t *testing.T) {
		r := newProfileRig(t, sandbox.Behaviour{Update: sandbox.UpdateReplace})
		r.writeProfile(t, "tenant.json", r.url, engage.Tenant{Update: engage.UpdateReplaces})
		r.importFile(t, fullList, "--profile", "tenant.json")
		code, stderr, sum := r.importFile(t, fewerList, "--profile", "tenant.json")
		if code != exitOK || sum == nil || sum.UpdateMode != "read-before-write" || sum.Profile == nil || sum.Profile.Path != "tenant.json" {
			t.Fatalf("exit %d, summary %+v\n%s", code, sum, stderr)
		}
		checkMobiles(t, r.box)
	})
}

// checkMobiles: after fullList then fewerList, both contacts keep their mobile numbers and carry
// the new first names.
func checkMobiles(t *testing.T, box *sandbox.Server) {
	t.Helper()
	cs, err := box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{"a@example.org": {"+4915100000001", "Anne"}, "b@example.org": {"+4915100000002", "Bobby"}}
	if len(cs) != len(want) {
		t.Errorf("%d contacts, want %d", len(cs), len(want))
	}
	for _, c := range cs {
		if w := want[c.Email]; c.Mobile != w[0] || c.Attributes["FirstName"] != w[1] {
			t.Errorf("contact %s: mobile %q, first name %q; want %q, %q", c.Email, c.Mobile, c.Attributes["FirstName"], w[0], w[1])
		}
	}
}

// TestProfileRefused: an explicit --profile that is missing, unreadable or names another target
// stops the run before any request (exit 2), naming both URLs; the password never shows.
func TestProfileRefused(t *testing.T) {
	r := newProfileRig(t, sandbox.Behaviour{})
	r.writeProfile(t, "other.json", "https://other.example.com/api/rest/v19", engage.Tenant{Update: engage.UpdateMerges})
	if err := os.WriteFile(filepath.Join(r.dir, "broken.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"missing.json", []string{"--profile missing.json", "contactimport doctor"}},
		{"broken.json", []string{"--profile broken.json", "read tenant profile"}},
		{"other.json", []string{"https://other.example.com/api/rest/v19", r.url}},
	} {
		code, stderr, _ := r.importFile(t, fullList, "--profile", tc.file)
		if code != exitUsage {
			t.Errorf("--profile %s: exit %d, want %d", tc.file, code, exitUsage)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("--profile %s: stderr %q lacks %q", tc.file, stderr, w)
			}
		}
		if strings.Contains(stderr, "secret-pw") {
			t.Errorf("--profile %s: the password shows: %s", tc.file, stderr)
		}
	}
	if n := r.calls(); n != 0 {
		t.Errorf("%d calls made, want none before the profile is settled", n)
	}
}

// TestSandboxIgnoresProfile: the embedded sandbox is known to merge, whatever --profile says.
func TestSandboxIgnoresProfile(t *testing.T) {
	r := newProfileRig(t, sandbox.Behaviour{})
	r.writeProfile(t, "tenant.json", "https://other.example.com/api/rest/v19", engage.Tenant{Update: engage.UpdateReplaces})
	code, stderr, sum := r.importFile(t, fullList, "--sandbox", "--sandbox-db", filepath.Join(r.dir, "box.db"), "--profile", "tenant.json")
	if code != exitOK || sum == nil || sum.UpdateMode != "merge" || sum.Profile != nil {
		t.Fatalf("exit %d, summary %+v; want a merge run without a profile\n%s", code, sum, stderr)
	}
}

// writeMergeProfile writes the default tenant profile in dir: target url merges updates.
func writeMergeProfile(t *testing.T, dir, url string) {
	t.Helper()
	r := &profileRig{dir: dir}
	r.writeProfile(t, defaultProfile, url, engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingEither})
}
