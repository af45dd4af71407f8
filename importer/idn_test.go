package importer_test

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// keyLedger is an in-memory ledger that shows its keys.
type keyLedger struct {
	mu sync.Mutex
	m  map[string]importer.Entry
}

func (l *keyLedger) Lookup(key string) (importer.Entry, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[key]
	return e, ok, nil
}

func (l *keyLedger) Record(key string, e importer.Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[key] = e
	return nil
}

// TestInternationalDomainOneContact: jorg@müller.de is imported (Engage stores
// jorg@xn--mller-kva.de), then JORG@xn--mller-kva.de with another first name: one contact,
// updated, found through the ledger in one call. A local part with an umlaut fails its row
// without a call.
func TestInternationalDomainOneContact(t *testing.T) {
	rg := newRig(t, sandbox.Options{}, 50000, "p")
	ledger := &keyLedger{m: map[string]importer.Entry{}}
	run := func(input string) (*report.Summary, string, int) {
		t.Helper()
		src, err := source.Open(strings.NewReader(input), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := mapping.Compile(nil, src.Header(), mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		sum := &report.Summary{}
		before := rg.box.Stats().Calls()
		cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Workers: 2, Ledger: ledger,
			Tenant: engage.Tenant{Update: engage.UpdateMerges}}
		if err := importer.Run(context.Background(), cfg, src, report.NewWriter(&out, src.Header()), sum); err != nil {
			t.Fatal(err)
		}
		return sum, out.String(), rg.box.Stats().Calls() - before
	}

	sum, out, _ := run("user.Email,user.FirstName\njorg@müller.de,Jörg\njörg@müller.de,Jörg\n")
	if sum.Counts[report.Created] != 1 || sum.Counts[report.Failed] != 1 {
		t.Fatalf("first file: %v, want 1 created and 1 failed:\n%s", sum.Counts, out)
	}
	if !strings.Contains(out, "invalid_email") || !strings.Contains(out, "the part before @ must be ASCII") {
		t.Errorf("the umlaut before @ is not reported as such:\n%s", out)
	}

	sum, out, calls := run("user.Email,user.FirstName\nJORG@xn--mller-kva.de,Georg\n")
	if sum.Counts[report.Updated] != 1 || calls != 1 {
		t.Errorf("second file: %v in %d calls, want 1 updated in 1 call:\n%s", sum.Counts, calls, out)
	}
	if keys := slices.Sorted(maps.Keys(ledger.m)); !slices.Equal(keys, []string{"EMAIL:jorg@xn--mller-kva.de"}) {
		t.Errorf("ledger keys %q, want one, the address with its domain in Punycode", keys)
	}

	// Rows of one contact in one file, spelled both ways, are applied in file order.
	sum, out, _ = run("user.Email,user.FirstName\nJorg@MÜLLER.de,Erster\njorg@XN--MLLER-KVA.DE,Zweiter\n")
	if sum.Counts[report.Updated] != 2 {
		t.Errorf("third file: %v, want 2 updated:\n%s", sum.Counts, out)
	}
	all, err := rg.box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Attributes["FirstName"] != "Zweiter" {
		t.Errorf("sandbox holds %+v, want one contact named Zweiter", all)
	}
}
