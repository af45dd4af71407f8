package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

const (
	testUser     = "api-user"
	testPassword = "pa55-w0rd"
)

// newTestServer returns a Server on an in-memory store with the test credentials, closed at the
// end of the test.
func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.User == "" && opts.Password == "" {
		opts.User, opts.Password = testUser, testPassword
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// request is a request with the headers the client sends, which a test may change.
func request(ctx context.Context, method, target, body string) *http.Request {
	r := httptest.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	r.SetBasicAuth(testUser, testPassword)
	return r
}

// call posts body (a string, or a value to encode) to endpoint of API version 19 and returns the answer.
func call(t *testing.T, s *Server, endpoint string, body any) *httptest.ResponseRecorder {
	t.Helper()
	text, ok := body.(string)
	if !ok {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		text = string(data)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request(t.Context(), http.MethodPost, "/api/rest/v19/contact/"+endpoint, text))
	return rec
}

// mustCall is call for a request that must succeed; it returns the answer's contact.
func mustCall(t *testing.T, s *Server, endpoint string, body any) wireContact {
	t.Helper()
	rec := call(t, s, endpoint, body)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d, body %s", endpoint, rec.Code, rec.Body)
	}
	var c wireContact
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatalf("%s: answer %q: %v", endpoint, rec.Body, err)
		}
	}
	return c
}

// envelope decodes an error answer, failing the test unless it is JSON.
func envelope(t *testing.T, rec *httptest.ResponseRecorder) engage.ErrorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json (body %s)", ct, rec.Body)
	}
	var body engage.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error answer %q: %v", rec.Body, err)
	}
	return body
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"update mode", Options{Behaviour: Behaviour{Update: "upsert"}}, `update mode "upsert"`},
		{"custom attribute naming", Options{Behaviour: Behaviour{CustomAttributes: "user."}}, `custom attribute naming "user."`},
		{"exists answer", Options{Behaviour: Behaviour{ExistsAnswer: "html"}}, `exists answer "html"`},
		{"known attribute without a name", Options{Behaviour: Behaviour{KnownCustomAttributes: []string{"Tier", "user.CustomAttribute."}}},
			`known custom attribute "user.CustomAttribute." has no name`},
		{"negative rate", Options{Rate: -1}, "rate -1 is negative"},
		{"negative latency", Options{Latency: -1}, "latency -1ns is negative"},
		{"fail rate above 1", Options{FailRate: 1.5}, "fail rate 1.5"},
		{"negative fail rate", Options{FailRate: -0.1}, "fail rate -0.1"},
		{"database in a missing folder", Options{DB: t.TempDir() + "/no/such/dir/x.db"}, "open sandbox database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.opts)
			if err == nil {
				s.Close()
				t.Fatalf("New(%+v) succeeded, want an error", tt.opts)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestStatsEndpoint(t *testing.T) {
	s := newTestServer(t, Options{})
	mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org"})
	call(t, s, "get", map[string]any{"type": "EMAIL", "value": "bob@example.org"})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/rest/v19/nothing", nil))

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, StatsPath, nil)) // no credentials
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", StatsPath, rec.Code)
	}
	var got Stats
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("stats answer %q: %v", rec.Body, err)
	}
	want := map[string]map[string]int{"create": {"200": 1}, "get": {"400": 1}, "other": {"404": 1}}
	if !equalCounts(got.Requests, want) {
		t.Errorf("requests = %v, want %v", got.Requests, want)
	}
	if got.Total != 3 || got.Calls() != 2 || got.Contacts != 1 {
		t.Errorf("total, calls, contacts = %d, %d, %d; want 3, 2, 1", got.Total, got.Calls(), got.Contacts)
	}
	if st := s.Stats(); st.Total != 3 {
		t.Errorf("after reading stats, total = %d, want 3: reading stats must not count", st.Total)
	}

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, StatsPath, nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST %s: status %d, want 405", StatsPath, rec.Code)
	}
}

func equalCounts(got, want map[string]map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for ep, byStatus := range want {
		if len(got[ep]) != len(byStatus) {
			return false
		}
		for status, n := range byStatus {
			if got[ep][status] != n {
				return false
			}
		}
	}
	return true
}

func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
