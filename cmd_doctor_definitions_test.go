package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/profile"
)

// TestDoctorDefinitionsProfile: without a probe, doctor reads the definitions, prints a line per
// mapped attribute, blocks on an archived one naming what to do, writes nothing to the tenant,
// and writes a profile with the definitions that keeps what an earlier probe learnt.
func TestDoctorDefinitionsProfile(t *testing.T) {
	defs := sandbox.Definitions{Profile: []sandbox.Definition{
		{Name: "Tier", Enum: []string{"Gold", "Silver"}}, {Name: "Since", Type: "DATE"}, {Name: "Legacy", Archived: true},
	}}
	getenv, box := doctorTarget(t, sandbox.Behaviour{Definitions: defs}, nil)
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, []byte("Email,user.CustomAttribute.Tier,user.CustomAttribute.Since\nann@example.org,Gold,2026-01-02\n"), 0o600)
	profilePath := filepath.Join(dir, "tenant.json")
	earlier := &engage.Profile{Target: getenv("ENGAGE_URL"), Tenant: engage.Tenant{Update: engage.UpdateMerges, CustomAttributes: engage.NamingBare},
		Findings: []engage.Finding{{Check: "update behaviour", OK: true, Found: "merges", Meaning: "one call"}}}
	if err := profile.Write(profilePath, earlier); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"doctor", "--profile", profilePath, list}, getenv, nil, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"custom attribute Tier: exists as STRING, allowed values Gold, Silver", "custom attribute Since: exists as DATE", "what an earlier probe learnt is kept"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	p, err := profile.Read(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	d := p.Tenant.Definitions
	if d == nil || len(d.Profile) != 2 || p.Tenant.Update != engage.UpdateMerges || p.Tenant.CustomAttributes != engage.NamingBare || !slices.ContainsFunc(p.Findings, func(f engage.Finding) bool { return f.Check == "update behaviour" }) {
		t.Errorf("profile %+v, definitions %+v", p, d)
	}
	if st := box.Stats(); st.Calls() != 0 {
		t.Errorf("doctor sent contact calls %v", st.Requests)
	}

	os.WriteFile(list, []byte("Email,user.CustomAttribute.Legacy\nann@example.org,x\n"), 0o600)
	stdout.Reset()
	code = run(t.Context(), []string{"doctor", "--profile", profilePath, list}, getenv, nil, &stdout, &stderr)
	if code != exitStopped || !strings.Contains(stdout.String(), "BLOCKS   custom attribute Legacy: archived on the tenant") ||
		!strings.Contains(stdout.String(), "restore it") {
		t.Errorf("exit %d, want %d naming Legacy:\n%s", code, exitStopped, stdout.String())
	}
}
