package importer

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/report"
)

// miniEngage is an Engage keyed by email over HTTP. answer, when set, may replace the answer to
// a create or update after the call was applied (applied false: the call was dropped before it
// took effect).
type miniEngage struct {
	mu     sync.Mutex
	ids    map[string]int64
	next   int64
	calls  map[string]int
	answer func(op string, n int) (body string, applied bool, ok bool)
}

func (m *miniEngage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var c engage.Contact
	json.NewDecoder(r.Body).Decode(&c)
	op := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls[op]++
	w.Header().Set("Content-Type", "application/json")
	if m.answer != nil {
		if body, applied, ok := m.answer(op, m.calls[op]); ok {
			if applied {
				m.apply(op, c.Email)
			}
			io.WriteString(w, body)
			return
		}
	}
	id, code := m.apply(op, c.Email)
	switch code {
	case "":
		json.NewEncoder(w).Encode(engage.Contact{ContactID: id, Email: c.Email})
	default:
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: code})
	}
}

func (m *miniEngage) apply(op, email string) (int64, string) {
	id, ok := m.ids[email]
	switch {
	case op == "create" && ok:
		return 0, engage.CodeAlreadyExists
	case op == "create":
		m.next++
		m.ids[email] = m.next
		return m.next, ""
	case !ok:
		return 0, engage.CodeNoSuchObject
	}
	return id, ""
}

// runHTTP imports input through a real client against h.
func runHTTP(t *testing.T, h http.Handler, input string) (*memSink, error) {
	t.Helper()
	ts := httptest.NewServer(h)
	defer ts.Close()
	client, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	sink, _, err := runFake(t, client, input, func(c *Config) {
		c.Retry = RetryPolicy{Base: time.Millisecond, Cap: time.Millisecond} // quick retries over a real socket
	})
	return sink, err
}

// TestRunUnreadableAnswer: a 2xx without a contactId is an unknown outcome, retried: a create
// that did happen becomes an update with the contactId, one that did not is created again; a
// server that never says leaves the rows failed as transient, never created without an id.
func TestRunUnreadableAnswer(t *testing.T) {
	input := csvOf([2]string{"ann@example.org", "Ann"})
	for _, tc := range []struct {
		name, body string
		applied    bool
		want       report.Status
		calls      string // create, update calls
	}{
		{"empty object, applied", "{}", true, report.Updated, "2 1"},
		{"null, applied", "null", true, report.Updated, "2 1"},
		{"not JSON, applied", "<html>OK</html>", true, report.Updated, "2 1"},
		{"no contactId, applied", `{"emailAddress":"ann@example.org"}`, true, report.Updated, "2 1"},
		{"empty, not applied", "", false, report.Created, "2 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &miniEngage{ids: map[string]int64{}, calls: map[string]int{}}
			m.answer = func(op string, n int) (string, bool, bool) {
				return tc.body, tc.applied, op == "create" && n == 1
			}
			sink, err := runHTTP(t, m, input)
			if err != nil {
				t.Fatal(err)
			}
			l := sink.lines[0]
			if l.Status != tc.want || l.ContactID != 1 {
				t.Errorf("row %s with contact %d, want %s with contact 1", l.Status, l.ContactID, tc.want)
			}
			if got := strings.Join([]string{strconv.Itoa(m.calls["create"]), strconv.Itoa(m.calls["update"])}, " "); got != tc.calls {
				t.Errorf("create, update calls %s, want %s", got, tc.calls)
			}
			if len(m.ids) != 1 {
				t.Errorf("%d contacts stored, want 1", len(m.ids))
			}
		})
	}
	t.Run("never readable", func(t *testing.T) {
		m := &miniEngage{ids: map[string]int64{}, calls: map[string]int{}}
		m.answer = func(op string, n int) (string, bool, bool) { return "{}", true, true }
		sink, err := runHTTP(t, m, csvOf(numbered(3, "c")...))
		if err != nil {
			t.Fatal(err)
		}
		if len(sink.lines) != 3 {
			t.Fatalf("%d rows reported, want 3", len(sink.lines))
		}
		for _, l := range sink.lines {
			if l.Status != report.Failed || l.Class != report.Transient || l.Code != engage.CodeUnreadable || l.ContactID != 0 {
				t.Errorf("row %d: %s/%s/%s contact %d, want failed/transient/%s", l.Row, l.Status, l.Class, l.Code, l.ContactID, engage.CodeUnreadable)
			}
			if !strings.Contains(l.Message, "no contactId") || !strings.Contains(l.Message, "unknown") {
				t.Errorf("row %d: message %q does not say the outcome is unknown", l.Row, l.Message)
			}
		}
	})
}

// TestRunRedirectStopsTheRun: a redirect is a wrong URL: the run stops naming where it pointed,
// the place it pointed to gets nothing, and the row is left for --resume.
func TestRunRedirectStopsTheRun(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		io.WriteString(w, `{"contactId":1}`)
	}))
	defer other.Close()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/login?session=abc", http.StatusFound)
	})
	sink, err := runHTTP(t, h, csvOf(numbered(5, "c")...))
	var stop *StopError
	if !errors.As(err, &stop) || !errors.Is(err, engage.ErrEndpoint) {
		t.Fatalf("err = %v, want a StopError for a wrong endpoint", err)
	}
	for _, s := range []string{"HTTP 302", "a redirect to " + other.URL + "/login", "check --url or ENGAGE_URL"} {
		if !strings.Contains(stop.Reason, s) {
			t.Errorf("reason %q does not say %q", stop.Reason, s)
		}
	}
	if strings.Contains(stop.Reason, "session") {
		t.Errorf("reason %q shows the query string", stop.Reason)
	}
	if elsewhere.Load() != 0 {
		t.Errorf("the redirect target got %d requests", elsewhere.Load())
	}
	if len(sink.lines) != 0 {
		t.Errorf("%d rows reported; rows stopped by a wrong URL are left for --resume", len(sink.lines))
	}
}

// noIDAPI answers the first create or update (applied) with a contact without an id: an API
// other than the HTTP client is held to the same rule.
type noIDAPI struct {
	*fakeAPI
	empty func(op string) bool
}

func (n *noIDAPI) Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error) {
	out, err := n.fakeAPI.Create(ctx, c)
	if err == nil && n.empty("create") {
		return &engage.Contact{}, nil
	}
	return out, err
}

func (n *noIDAPI) Update(ctx context.Context, t engage.IdentifierType, c *engage.Contact) (*engage.Contact, error) {
	out, err := n.fakeAPI.Update(ctx, t, c)
	if err == nil && n.empty("update") {
		return nil, nil
	}
	return out, err
}

func TestRunCountsDoneOnlyWithContactID(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var first atomic.Bool
		api := &noIDAPI{fakeAPI: newFakeAPI(), empty: func(string) bool { return first.CompareAndSwap(false, true) }}
		sink, _, err := runFake(t, api, csvOf([2]string{"ann@example.org", "Ann"}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if l := sink.lines[0]; l.Status != report.Updated || l.ContactID != 1 {
			t.Errorf("row %s with contact %d, want updated with contact 1 (create → no id → exists → update)", l.Status, l.ContactID)
		}
		always := &noIDAPI{fakeAPI: newFakeAPI(), empty: func(string) bool { return true }}
		sink, _, err = runFake(t, always, csvOf(numbered(4, "c")...), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range sink.lines {
			if l.Status != report.Failed || l.Code != engage.CodeUnreadable {
				t.Errorf("row %d: %s %s, want failed %s", l.Row, l.Status, l.Code, engage.CodeUnreadable)
			}
		}
	})
}
