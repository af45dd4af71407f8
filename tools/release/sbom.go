package main

import (
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The CycloneDX 1.5 document, as far as this release fills it
// (https://cyclonedx.org/docs/1.5/json/).
type bom struct {
	BOMFormat    string       `json:"bomFormat"`
	SpecVersion  string       `json:"specVersion"`
	SerialNumber string       `json:"serialNumber"`
	Version      int          `json:"version"`
	Metadata     bomMetadata  `json:"metadata"`
	Components   []component  `json:"components"`
	Dependencies []dependency `json:"dependencies"`
}

type bomMetadata struct {
	Timestamp string    `json:"timestamp"`
	Tools     bomTools  `json:"tools"`
	Component component `json:"component"`
}

type bomTools struct {
	Components []component `json:"components"`
}

type component struct {
	Type     string      `json:"type"`
	BOMRef   string      `json:"bom-ref"`
	Name     string      `json:"name"`
	Version  string      `json:"version,omitempty"`
	PURL     string      `json:"purl,omitempty"`
	Licenses []bomLicSet `json:"licenses,omitempty"`
	Props    []bomProp   `json:"properties,omitempty"`
}

type bomLicSet struct {
	License struct {
		ID string `json:"id"`
	} `json:"license"`
}

type bomProp struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dependency struct {
	Ref       string   `json:"ref"`
	DependsOn []string `json:"dependsOn"`
}

// purl is the package URL of a Go module (https://github.com/package-url/purl-spec, type golang).
func purl(path, version string) string {
	return "pkg:golang/" + path + "@" + strings.ReplaceAll(version, "+", "%2B")
}

// modules returns the modules built into the binaries (from the build information the go command
// records in each, as `go version -m` shows it), and the Go version they were built with.
func modules(binaries []string) ([]component, string, error) {
	byRef := map[string]component{}
	var goVersion string
	for _, bin := range binaries {
		bi, err := buildinfo.ReadFile(bin)
		if err != nil {
			return nil, "", fmt.Errorf("read build information of %s: %w", bin, err)
		}
		goVersion = bi.GoVersion
		for _, d := range bi.Deps {
			m := d
			if d.Replace != nil {
				m = d.Replace
			}
			c := component{Type: "library", BOMRef: purl(m.Path, m.Version), Name: m.Path, Version: m.Version, PURL: purl(m.Path, m.Version)}
			if m.Sum != "" {
				c.Props = []bomProp{{Name: "go.sum", Value: m.Sum}}
			}
			byRef[c.BOMRef] = c
		}
	}
	std := component{Type: "library", BOMRef: purl("std", goVersion), Name: "std", Version: goVersion, PURL: purl("std", goVersion)}
	byRef[std.BOMRef] = std
	var out []component
	for _, c := range byRef {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b component) int { return strings.Compare(a.BOMRef, b.BOMRef) })
	return out, goVersion, nil
}

// newBOM describes a release of contactimport: the application and every module in it. Its
// serial number is derived from what it describes, so that the same release gives the same bytes.
func newBOM(rel release, deps []component, goVersion string) ([]byte, error) {
	app := component{Type: "application", BOMRef: purl("contactimport", rel.version), Name: "contactimport",
		Version: rel.version, PURL: purl("contactimport", rel.version), Licenses: []bomLicSet{{}},
		Props: []bomProp{{Name: "vcs.revision", Value: rel.commit}, {Name: "vcs.time", Value: rel.commitTime.Format(time.RFC3339)},
			{Name: "vcs.modified", Value: fmt.Sprint(rel.modified)}}}
	app.Licenses[0].License.ID = "MIT"
	// The binary records which modules it holds, not which needs which: the application depends
	// on every one, and the modules' own edges are left out (unknown, not "none").
	refs := make([]string, len(deps))
	for i, d := range deps {
		refs[i] = d.BOMRef
	}
	doc := bom{BOMFormat: "CycloneDX", SpecVersion: "1.5", Version: 1,
		Metadata: bomMetadata{Timestamp: rel.commitTime.UTC().Format(time.RFC3339), Component: app,
			Tools: bomTools{Components: []component{{Type: "application", BOMRef: "contactimport-release", Name: "contactimport tools/release", Version: goVersion}}}},
		Components: deps, Dependencies: []dependency{{Ref: app.BOMRef, DependsOn: refs}}}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	doc.SerialNumber = serial(body)
	out, err := json.MarshalIndent(doc, "", "  ")
	return append(out, '\n'), err
}

// serial is an RFC 9562 version 8 (content-defined) UUID URN from a hash of body.
func serial(body []byte) string {
	h := sha256.Sum256(body)
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
