package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// groupRun is one run into a group against a rig: the report lines, the summary, Run's error.
type groupRun struct {
	lines []report.Line
	sum   *report.Summary
	err   error
}

// runGroup imports input into group through rg. yaml == "" auto-maps the header.
func runGroup(t *testing.T, rg *rig, input, yaml string, tweak func(*importer.Config)) groupRun {
	t.Helper()
	src, err := source.Open(bytes.NewReader([]byte(input)), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var f *mapping.File
	if yaml != "" {
		if f, err = mapping.ParseFile("m.yaml", []byte(yaml)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := mapping.Compile(f, src.Header(), mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Workers: 4, Group: 1001,
		Tenant: engage.Tenant{Update: engage.UpdateMerges}}
	if tweak != nil {
		tweak(&cfg)
	}
	sink := &lineSink{}
	sum := &report.Summary{}
	err = importer.Run(context.Background(), cfg, src, sink, sum)
	return groupRun{lines: sink.lines, sum: sum, err: err}
}

type lineSink struct{ lines []report.Line }

func (s *lineSink) Write(l report.Line) error { s.lines = append(s.lines, l); return nil }
func (s *lineSink) Flush() error              { return nil }

// groupMembers reads `sandbox export --group` of the rig's box: email → the export's row by
// column name.
func groupMembers(t *testing.T, rg *rig, group int64) map[string]map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := rg.box.ExportGroup(context.Background(), &buf, group); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		out[row["emailAddress"]] = row
	}
	return out
}

// openState opens a state file in a test directory for the rig's target.
func openState(t *testing.T, path string) *importer.State {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "state.db")
	}
	st, err := importer.OpenState(path, "rig")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// membershipCalls counts the membership requests the box answered (not group/get).
func membershipCalls(rg *rig) int { return rg.box.Stats().MembershipCalls() }

// contactID returns the contactId the sandbox gave email.
func contactID(t *testing.T, rg *rig, email string) int64 {
	t.Helper()
	c, err := rg.client.Get(context.Background(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: email})
	if err != nil {
		t.Fatal(err)
	}
	return c.ContactID
}
