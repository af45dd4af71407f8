package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
)

// TestInitProposesTenantAttributes: `init --profile` maps a column no table knows to the
// tenant's custom attribute named like it (by display name here, with its type's transform),
// leaves out a column named like no attribute instead of inventing one, and the draft checks
// clean against the same profile's types.
func TestInitProposesTenantAttributes(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	profile := &engage.Profile{Target: "https://tenant.example/api/rest/v19", Checked: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Tenant: engage.Tenant{Definitions: &engage.Definitions{Profile: []engage.Definition{
			{Name: "FirstName", DataType: "STRING", Standard: true},
			{Name: "Eintrittsdatum", DisplayName: "Member since", DataType: "DATE"},
			{Name: "Tier", DataType: "STRING", Enumerated: true, EnumeratedValues: engage.EnumValues{"gold", "silver"}},
			{Name: "Score", DataType: "NUMBER", Technical: true},
		}}}}
	var pb bytes.Buffer
	if err := engage.WriteProfile(&pb, profile); err != nil {
		t.Fatal(err)
	}
	os.WriteFile("tenant.json", pb.Bytes(), 0o600)
	list := "Email,Member Since,Tier,Score,Favourite Colour\n" +
		"ann@example.org,28.02.2020,gold,1,blue\nbob@example.org,01.03.2021,silver,2,green\n" +
		"cid@example.org,15.07.2019,gold,3,red\ndan@example.org,02.01.2018,silver,4,blue\n"
	os.WriteFile("list.csv", []byte(list), 0o600)

	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"init", "--profile", "tenant.json", "-o", "draft.yaml", "list.csv"}, noEnv, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("init: exit %d\n%s", code, stderr.String())
	}
	draft, _ := os.ReadFile("draft.yaml")
	for _, want := range []string{
		`Member Since: {to: user.CustomAttribute.Eintrittsdatum, transform: ["date:DD.MM.YYYY"]}`,
		`Tier: user.CustomAttribute.Tier`,
	} {
		if !strings.Contains(string(draft), want) {
			t.Errorf("the draft lacks %q:\n%s", want, draft)
		}
	}
	// Score is technical: no client writes it; nothing is named after a column either.
	if strings.Contains(string(draft), "CustomAttribute.Score") || strings.Contains(string(draft), "CustomAttribute.FavouriteColour") {
		t.Errorf("the draft maps to an attribute the tenant does not let a client write, or invents one:\n%s", draft)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"check", "--profile", "tenant.json", "--mapping", "draft.yaml", "--report", filepath.Join(dir, "r.csv"), "list.csv"}, noEnv, nil, &stdout, &stderr); code != exitOK {
		t.Errorf("check of the draft against the profile: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// TestInitProfileWithoutDefinitions: a profile from before attribute definitions is refused with
// what to do.
func TestInitProfileWithoutDefinitions(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var pb bytes.Buffer
	engage.WriteProfile(&pb, &engage.Profile{Target: "https://tenant.example/api/rest/v19"})
	os.WriteFile("tenant.json", pb.Bytes(), 0o600)
	os.WriteFile("list.csv", []byte("Email\nann@example.org\n"), 0o600)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"init", "--profile", "tenant.json", "list.csv"}, noEnv, nil, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "no attribute definitions: run contactimport doctor") {
		t.Errorf("exit %d, %s", code, stderr.String())
	}
}
