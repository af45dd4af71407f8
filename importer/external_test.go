package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// extRig is a sandbox behind an optional fault: when loseCreates > 0, that many contact/create
// calls are carried out and their answers dropped (the connection closes), as when a network
// fails after the server applied the write.
type extRig struct {
	box         *sandbox.Server
	client      *engage.Client
	th          *importer.Throttle
	loseCreates atomic.Int32
	lost        atomic.Int32
	tenant      engage.Tenant // what the run knows of the sandbox: that it merges, unless a test says otherwise
}

func newExtRig(t *testing.T) *extRig {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	rg := &extRig{box: box, tenant: engage.Tenant{Update: engage.UpdateMerges}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/contact/create") && rg.loseCreates.Add(-1) >= 0 {
			box.ServeHTTP(httptest.NewRecorder(), r) // applied; the answer is lost
			rg.lost.Add(1)
			panic(http.ErrAbortHandler)
		}
		box.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); box.Close() })
	rg.th = importer.NewThrottle(importer.ThrottleConfig{Rate: 10000})
	rg.client, err = engage.New(engage.Config{BaseURL: srv.URL + "/api/rest/v19", User: "u", Password: "p", BeforeAttempt: rg.th.Wait})
	if err != nil {
		t.Fatal(err)
	}
	return rg
}

// run imports input matched by external id and returns the report lines.
func (rg *extRig) run(t *testing.T, input string, mode importer.Mode, strategy importer.Strategy) []report.Line {
	t.Helper()
	src, err := source.Open(strings.NewReader(input), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(nil, src.Header(), mapping.Options{Identifier: mapping.External})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := report.NewWriter(&out, src.Header())
	w.WriteHeader()
	cfg := importer.Config{API: rg.client, Throttle: rg.th, Mapper: m, Mode: mode, Strategy: strategy, Tenant: rg.tenant,
		Retry: importer.RetryPolicy{Base: time.Millisecond, Cap: 5 * time.Millisecond}}
	if err := importer.Run(context.Background(), cfg, src, w, &report.Summary{}); err != nil {
		t.Fatal(err)
	}
	rd, err := report.NewReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	var lines []report.Line
	for {
		l, err := rd.Read()
		if err != nil {
			break
		}
		lines = append(lines, l)
	}
	return lines
}

// contacts returns the sandbox's contacts as "identifier email" strings, in contactId order.
func (rg *extRig) contacts(t *testing.T) []string {
	t.Helper()
	cs, err := rg.box.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Identifier+" "+c.Email)
	}
	return out
}

func statuses(lines []report.Line) string {
	var s []string
	for _, l := range lines {
		s = append(s, string(l.Status))
	}
	return strings.Join(s, ",")
}

// TestExternalIDChangedEmail is the reported case: a row with external id X and email a@, then a
// row with X and a changed email b@. The second row updates the contact that has X; Engage (and
// the sandbox) would accept a second contact with X, so creating first would duplicate it.
func TestExternalIDChangedEmail(t *testing.T) {
	for _, strategy := range []importer.Strategy{importer.Guess, importer.Lookup} {
		t.Run("two runs/"+string(strategy), func(t *testing.T) {
			rg := newExtRig(t)
			first := rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", importer.ModeUpsert, strategy)
			second := rg.run(t, "user.Identifier,user.Email\ncrm-1,b@example.org\n", importer.ModeUpsert, strategy)
			if got := statuses(first) + "/" + statuses(second); got != "created/updated" {
				t.Errorf("statuses %s, want created/updated", got)
			}
			if second[0].ContactID != first[0].ContactID || first[0].ContactID == 0 {
				t.Errorf("contactIds %d then %d, want the same one", first[0].ContactID, second[0].ContactID)
			}
			if got := rg.contacts(t); len(got) != 1 || got[0] != "crm-1 b@example.org" {
				t.Errorf("sandbox holds %q, want one contact crm-1 b@example.org", got)
			}
		})
		t.Run("one file/"+string(strategy), func(t *testing.T) {
			rg := newExtRig(t)
			lines := rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\ncrm-1,b@example.org\n", importer.ModeUpsert, strategy)
			if got := statuses(lines); got != "created,updated" {
				t.Errorf("statuses %s, want created,updated", got)
			}
			if got := rg.contacts(t); len(got) != 1 || got[0] != "crm-1 b@example.org" {
				t.Errorf("sandbox holds %q, want one contact crm-1 b@example.org", got)
			}
		})
	}
}

// TestExternalIDOnly: a row with nothing but an external id updates the contact that has it, and
// fails with a clear sentence when none has it (Engage cannot create a contact from it).
func TestExternalIDOnly(t *testing.T) {
	for _, strategy := range []importer.Strategy{importer.Guess, importer.Lookup} {
		t.Run(string(strategy), func(t *testing.T) {
			rg := newExtRig(t)
			rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", importer.ModeUpsert, strategy)
			lines := rg.run(t, "user.Identifier,user.FirstName\ncrm-1,Ann\ncrm-2,Bob\n", importer.ModeUpsert, strategy)
			if got := statuses(lines); got != "updated,failed" {
				t.Fatalf("statuses %s, want updated,failed", got)
			}
			l := lines[1]
			if l.Class != report.Rejected || l.Code != "not_found" ||
				!strings.HasPrefix(l.Message, "no contact has this external id, and the row has no email address, mobile number or app alias to create one") {
				t.Errorf("row 2: %s %s %q; want rejected not_found saying no contact has the id and the row cannot create one", l.Class, l.Code, l.Message)
			}
			if strings.Contains(l.Message, "crm-2") || strings.Contains(l.Message, "Bob") {
				t.Errorf("row 2's message %q quotes the row's cells", l.Message)
			}
			cs, err := rg.box.Contacts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].Attributes["FirstName"] != "Ann" || cs[0].Email != "a@example.org" {
				t.Errorf("sandbox holds %+v, want one contact a@example.org with FirstName Ann", cs)
			}
		})
	}
}

// TestExternalIDModeCreate: create-only mode looks the id up first and leaves a contact that has
// it alone (skipped), whatever its email; it creates only for a new id with an email, mobile or
// alias.
func TestExternalIDModeCreate(t *testing.T) {
	rg := newExtRig(t)
	rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", importer.ModeUpsert, importer.Guess)
	lines := rg.run(t, "user.Identifier,user.Email\ncrm-1,b@example.org\ncrm-2,c@example.org\ncrm-3,\n", importer.ModeCreate, importer.Guess)
	if got := statuses(lines); got != "skipped,created,failed" {
		t.Errorf("statuses %s, want skipped,created,failed", got)
	}
	if lines[0].ContactID == 0 {
		t.Errorf("the skipped row has no contactId")
	}
	if l := lines[2]; l.Code != "not_found" {
		t.Errorf("row 3: %s %s %q; want not_found", l.Class, l.Code, l.Message)
	}
	if got := strings.Join(rg.contacts(t), ";"); got != "crm-1 a@example.org;crm-2 c@example.org" {
		t.Errorf("sandbox holds %q, want crm-1 unchanged and crm-2 created", got)
	}
}

// TestExternalIDModeUpdate: update-only mode never creates, even for a row that could.
func TestExternalIDModeUpdate(t *testing.T) {
	rg := newExtRig(t)
	rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", importer.ModeUpsert, importer.Guess)
	lines := rg.run(t, "user.Identifier,user.Email\ncrm-1,b@example.org\ncrm-2,c@example.org\n", importer.ModeUpdate, importer.Guess)
	if got := statuses(lines); got != "updated,skipped" {
		t.Errorf("statuses %s, want updated,skipped", got)
	}
	if got := strings.Join(rg.contacts(t), ";"); got != "crm-1 b@example.org" {
		t.Errorf("sandbox holds %q, want crm-1 b@example.org only", got)
	}
}

// TestExternalIDLostCreateAnswer: the first create is carried out but its answer is lost; the
// retried create meets the taken email and becomes an update by the id: still one contact.
func TestExternalIDLostCreateAnswer(t *testing.T) {
	tests := []struct {
		name     string
		mode     importer.Mode
		strategy importer.Strategy
		want     report.Status
	}{
		{"upsert guess", importer.ModeUpsert, importer.Guess, report.Updated},
		{"upsert lookup", importer.ModeUpsert, importer.Lookup, report.Updated},
		{"create", importer.ModeCreate, importer.Guess, report.Skipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rg := newExtRig(t)
			rg.run(t, "user.Identifier,user.Email\ncrm-0,z@example.org\n", importer.ModeUpsert, importer.Guess)
			rg.loseCreates.Store(1)
			lines := rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", tt.mode, tt.strategy)
			if rg.lost.Load() != 1 {
				t.Fatalf("%d create answers lost, want 1", rg.lost.Load())
			}
			if lines[0].Status != tt.want || lines[0].ContactID == 0 {
				t.Errorf("row: %s (contactId %d), want %s with a contactId", lines[0].Status, lines[0].ContactID, tt.want)
			}
			if got := strings.Join(rg.contacts(t), ";"); got != "crm-0 z@example.org;crm-1 a@example.org" {
				t.Errorf("sandbox holds %q, want crm-1 once", got)
			}
		})
	}
}

// TestExternalIDTakenEmail: no contact has the id, but another contact has the row's email.
// The row fails and names the conflict; neither contact changes.
func TestExternalIDTakenEmail(t *testing.T) {
	for _, mode := range []importer.Mode{importer.ModeUpsert, importer.ModeCreate} {
		t.Run(string(mode), func(t *testing.T) {
			rg := newExtRig(t)
			rg.run(t, "user.Identifier,user.Email\ncrm-0,a@example.org\n", importer.ModeUpsert, importer.Guess)
			lines := rg.run(t, "user.Identifier,user.Email\ncrm-1,a@example.org\n", mode, importer.Guess)
			if l := lines[0]; l.Status != report.Failed || l.Code != engage.CodeAlreadyExists ||
				!strings.Contains(l.Message, "another contact already has this row's email address") {
				t.Errorf("row: %s %s %q; want failed %s naming the taken field", l.Status, l.Code, l.Message, engage.CodeAlreadyExists)
			}
			if got := strings.Join(rg.contacts(t), ";"); got != "crm-0 a@example.org" {
				t.Errorf("sandbox holds %q, want crm-0 a@example.org only", got)
			}
		})
	}
}

// TestCallsPerRowExternal: matched by external id, an all-new file costs at most 2 calls per row
// (an update that finds nothing, then the create), an all-existing one at most 1.05 on a tenant
// known to merge, at most 2.05 (a get, then the update) where it is not known.
func TestCallsPerRowExternal(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tenant   engage.Tenant
		existing float64
	}{
		{"merges", engage.Tenant{Update: engage.UpdateMerges}, 1.05},
		{"not known", engage.Tenant{}, 2.05},
	} {
		t.Run(tc.name, func(t *testing.T) { callsPerRowExternal(t, tc.tenant, tc.existing) })
	}
}

func callsPerRowExternal(t *testing.T, tenant engage.Tenant, existing float64) {
	const rows = 500
	rg := newExtRig(t)
	rg.tenant = tenant
	var in strings.Builder
	in.WriteString("user.Identifier,user.Email\n")
	for i := range rows {
		fmt.Fprintf(&in, "crm-%04d,r%d@example.org\n", i, i)
	}
	perRow := func() float64 {
		before := rg.box.Stats().Calls()
		rg.run(t, in.String(), importer.ModeUpsert, importer.Guess)
		return float64(rg.box.Stats().Calls()-before) / rows
	}
	if got := perRow(); got > 2 {
		t.Errorf("all-new file: %.3f calls per row, want at most 2", got)
	}
	if got := perRow(); got > existing {
		t.Errorf("all-existing file: %.3f calls per row, want at most %.2f", got, existing)
	}
	if n := rg.box.Stats().Contacts; n != rows {
		t.Errorf("%d contacts after two runs of %d rows, want %d", n, rows, rows)
	}
}
