package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPURL(t *testing.T) {
	tests := []struct{ path, version, want string }{
		{"golang.org/x/text", "v0.44.0", "pkg:golang/golang.org/x/text@v0.44.0"},
		{"github.com/a/b", "v2.0.0+incompatible", "pkg:golang/github.com/a/b@v2.0.0%2Bincompatible"},
	}
	for _, tt := range tests {
		if got := purl(tt.path, tt.version); got != tt.want {
			t.Errorf("purl(%q, %q) = %q, want %q", tt.path, tt.version, got, tt.want)
		}
	}
}

// TestBOM: the document is CycloneDX 1.5 JSON naming the application, its license and commit,
// and every module; the same release gives the same bytes, another release another serial.
func TestBOM(t *testing.T) {
	rel := release{version: "1.2.0", commit: "abc123", commitTime: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	deps := []component{{Type: "library", BOMRef: purl("golang.org/x/text", "v0.44.0"), Name: "golang.org/x/text",
		Version: "v0.44.0", PURL: purl("golang.org/x/text", "v0.44.0")}}
	a, err := newBOM(rel, deps, "go1.26.8")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newBOM(rel, deps, "go1.26.8")
	if string(a) != string(b) {
		t.Error("the same release gave two documents")
	}
	rel.version = "1.2.1"
	c, _ := newBOM(rel, deps, "go1.26.8")
	var doc, other bom
	if err := json.Unmarshal(a, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(c, &other); err != nil {
		t.Fatal(err)
	}
	if doc.SerialNumber == other.SerialNumber || !strings.HasPrefix(doc.SerialNumber, "urn:uuid:") || len(doc.SerialNumber) != 45 {
		t.Errorf("serial numbers %q and %q", doc.SerialNumber, other.SerialNumber)
	}
	app := doc.Metadata.Component
	if doc.BOMFormat != "CycloneDX" || doc.SpecVersion != "1.5" || doc.Version != 1 || doc.Metadata.Timestamp != "2026-12-01T09:00:00Z" ||
		app.Name != "contactimport" || app.Version != "1.2.0" || app.Licenses[0].License.ID != "MIT" {
		t.Errorf("document: %s", a)
	}
	if len(doc.Components) != 1 || doc.Components[0].PURL != "pkg:golang/golang.org/x/text@v0.44.0" ||
		len(doc.Dependencies) != 1 || doc.Dependencies[0].Ref != app.BOMRef || doc.Dependencies[0].DependsOn[0] != deps[0].BOMRef {
		t.Errorf("components or dependencies: %s", a)
	}
}

// TestModules reads the module list from a real binary's build information: this test's own.
func TestModules(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	mods, goVersion, err := modules([]string{exe})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(goVersion, "go1.") || len(mods) == 0 || mods[len(mods)-1].Name != "std" || mods[len(mods)-1].Version != goVersion {
		t.Errorf("modules: %+v, %q", mods, goVersion)
	}
	if _, _, err := modules([]string{"sbom_test.go"}); err == nil {
		t.Error("a file that is no binary gave build information")
	}
}
