package sandbox

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

// TestRequireUnifiedIdentifierName sends the same update with and without unifiedIdentifierName
// to a tenant that needs it and to one that does not.
func TestRequireUnifiedIdentifierName(t *testing.T) {
	documented := engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeMissingParameter,
		Message:       "Parameter unifiedIdentifierName and identifierType are mandatory, but are missing or incorrect.",
		ParameterName: "unifiedIdentifierName"}
	tests := []struct {
		name    string
		require bool
		query   string
		ok      bool
	}{
		{"not required, not sent", false, "identifierType=EMAIL", true},
		{"not required, sent", false, "identifierType=EMAIL&unifiedIdentifierName=ann%40example.org", true},
		{"required, sent", true, "identifierType=EMAIL&unifiedIdentifierName=ann%40example.org", true},
		{"required, not sent", true, "identifierType=EMAIL", false},
		{"required, sent empty", true, "identifierType=EMAIL&unifiedIdentifierName=", false},
		{"required, by id", true, "identifierType=ID", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: Behaviour{RequireUnifiedIdentifierName: tt.require}})
			mustCall(t, s, "create", map[string]string{"emailAddress": "ann@example.org"})
			rec := call(t, s, "update?"+tt.query, map[string]any{"contactId": 1, "emailAddress": "ann@example.org",
				"attributes": []wireAttribute{{"FirstName", "Ann"}}})
			if tt.ok {
				if rec.Code != http.StatusOK {
					t.Errorf("status %d, want 200 (body %s)", rec.Code, rec.Body)
				}
				return
			}
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400 (body %s)", rec.Code, rec.Body)
			}
			if got := envelope(t, rec); got != documented {
				t.Errorf("answer = %+v\nwant     %+v", got, documented)
			}
			if got := mustCall(t, s, "get", map[string]string{"type": "ID", "value": "1"}); len(got.Attributes) != 0 {
				t.Errorf("a refused update changed the contact: %s", show(got))
			}
		})
	}
}

// TestUnifiedIdentifier: identifierType=UNIFIED_IDENTIFIER finds the contact by the value of
// unifiedIdentifierName as an email address, then a mobile number, then an app alias.
func TestUnifiedIdentifier(t *testing.T) {
	tests := []struct {
		name    string
		unified string
		want    int64 // contactId changed; 0 for NO_SUCH_OBJECT
	}{
		{"by email", "BOB@example.org", 2},
		{"by mobile", "4915100000003", 3},
		{"by alias", "dan-app", 4},
		{"email before alias", "ann@example.org", 1}, // contact 2's alias is contact 1's address
		{"mobile before alias", "4915100000001", 1},  // contact 3's alias is contact 1's number
		{"nobody", "nobody@example.org", 0},
		{"not an external id", "crm-1", 0},
	}
	for _, tt := range tests {
		for _, require := range []bool{false, true} {
			t.Run(tt.name+"/required="+strconv.FormatBool(require), func(t *testing.T) {
				s := newTestServer(t, Options{Behaviour: Behaviour{RequireUnifiedIdentifierName: require}})
				for _, c := range []map[string]string{
					{"emailAddress": "ann@example.org", "mobileNumber": "4915100000001", "identifier": "crm-1"},
					{"emailAddress": "bob@example.org", "applicationAlias": "ann@example.org"},
					{"mobileNumber": "4915100000003", "applicationAlias": "4915100000001"},
					{"applicationAlias": "dan-app"},
				} {
					mustCall(t, s, "create", c)
				}
				q := "update?identifierType=UNIFIED_IDENTIFIER&unifiedIdentifierName=" + strings.ReplaceAll(tt.unified, "@", "%40")
				rec := call(t, s, q, map[string]any{"attributes": []wireAttribute{{"Nickname", "found"}}})
				if tt.want == 0 {
					want := noSuchObject(tt.unified)
					want.ErrorActor = "CLIENT"
					if got := envelope(t, rec); rec.Code != http.StatusBadRequest || got != *want {
						t.Errorf("status %d, answer %+v; want 400 %+v", rec.Code, got, *want)
					}
					return
				}
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d, body %s", rec.Code, rec.Body)
				}
				for id := int64(1); id <= 4; id++ {
					c := mustCall(t, s, "get", map[string]any{"type": "ID", "value": strconv.FormatInt(id, 10)})
					if found := len(c.Attributes) > 0; found != (id == tt.want) {
						t.Errorf("contact %d updated = %v, want only contact %d updated", id, found, tt.want)
					}
				}
			})
		}
	}
	s := newTestServer(t, Options{})
	rec := call(t, s, "update?identifierType=UNIFIED_IDENTIFIER", map[string]string{"emailAddress": "ann@example.org"})
	if got := envelope(t, rec); got.ErrorCode != engage.CodeMissingParameter || got.ParameterName != "unifiedIdentifierName" {
		t.Errorf("UNIFIED_IDENTIFIER without unifiedIdentifierName: %+v, want MISSING_PARAMETER unifiedIdentifierName", got)
	}
}

// TestReplaceKeepsTheFieldFoundBy: a replacing update removes every identifier field the body
// leaves out except the one the contact was found by.
func TestReplaceKeepsTheFieldFoundBy(t *testing.T) {
	stored := map[string]string{"emailAddress": "ann@example.org", "mobileNumber": "4915100000001",
		"applicationAlias": "ann", "identifier": "crm-1"}
	tests := []struct {
		query string
		body  map[string]any
		want  Contact
	}{
		{"identifierType=MOBILE", map[string]any{"mobileNumber": "4915100000001", "identifier": "crm-2"},
			Contact{ID: 1, Mobile: "4915100000001", Identifier: "crm-2", Attributes: map[string]string{}}},
		{"identifierType=EXTERNAL", map[string]any{"identifier": "crm-1", "applicationAlias": "ann2"},
			Contact{ID: 1, Alias: "ann2", Identifier: "crm-1", Attributes: map[string]string{}}},
		{"identifierType=UNIFIED_IDENTIFIER&unifiedIdentifierName=ann", map[string]any{"mobileNumber": "4915100000009"},
			Contact{ID: 1, Mobile: "4915100000009", Alias: "ann", Attributes: map[string]string{}}},
		{"identifierType=UNIFIED_IDENTIFIER&unifiedIdentifierName=ann", map[string]any{"applicationAlias": "", "emailAddress": "a@example.org"},
			Contact{ID: 1, Email: "a@example.org", Alias: "ann", Attributes: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: Behaviour{Update: UpdateReplace}})
			mustCall(t, s, "create", stored)
			mustCall(t, s, "update?"+tt.query, tt.body)
			if got, _ := s.Contacts(t.Context()); len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("stored %+v\nwant   [%+v]", got, tt.want)
			}
		})
	}
}

// TestExistsAnswer: a write that would take another contact's address is refused, as the envelope
// or as the bare documented text, and changes nothing.
func TestExistsAnswer(t *testing.T) {
	writes := []struct{ endpoint, body string }{
		{"create", `{"emailAddress":"ANN@example.org"}`},
		{"update?identifierType=EMAIL", `{"emailAddress":"bob@example.org","mobileNumber":"4915100000001"}`},
	}
	for _, w := range writes {
		for _, answer := range []ExistsAnswer{"", ExistsEnvelope, ExistsText} {
			t.Run(w.endpoint+"/"+string(answer), func(t *testing.T) {
				s := newTestServer(t, Options{Behaviour: Behaviour{ExistsAnswer: answer}})
				mustCall(t, s, "create", map[string]string{"emailAddress": "ann@example.org", "mobileNumber": "4915100000001"})
				mustCall(t, s, "create", map[string]string{"emailAddress": "bob@example.org"})
				rec := call(t, s, w.endpoint, w.body)
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("status %d, want 400 (body %s)", rec.Code, rec.Body)
				}
				if answer == ExistsText {
					if ct, body := rec.Header().Get("Content-Type"), rec.Body.String(); ct != "text/plain; charset=utf-8" || body != "Such contact already exists" {
						t.Errorf("answer %q %q, want text/plain \"Such contact already exists\"", ct, body)
					}
				} else if got := envelope(t, rec); got.ErrorCode != engage.CodeAlreadyExists || got.Message != "Such contact already exists" {
					t.Errorf("answer %+v, want OBJECT_ALREADY_EXISTS \"Such contact already exists\"", got)
				}
				if n := s.Stats().Contacts; n != 2 {
					t.Errorf("%d contacts, want 2", n)
				}
			})
		}
	}
}

// TestAPIVersion: GET system/getApiVersion answers the version as a JSON string, versioned or not,
// needs credentials, and counts in the stats but not among the contact calls.
func TestAPIVersion(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, path := range []string{"/api/rest/v19/system/getApiVersion", "/api/rest/system/getApiVersion"} {
		r := request(t.Context(), http.MethodGet, path, "")
		r.Header.Del("Content-Type")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || rec.Body.String() != `"0.95"` {
			t.Errorf("GET %s: %d %q %q, want 200 application/json \"0.95\"", path, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
	}
	r := request(t.Context(), http.MethodGet, "/api/rest/v19/system/getApiVersion", "")
	r.Header.Del("Authorization")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("without credentials: status %d, want 401", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request(t.Context(), http.MethodPost, "/api/rest/v19/system/getApiVersion", "{}"))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodGet {
		t.Errorf("POST: status %d, Allow %q; want 405, GET", rec.Code, rec.Header().Get("Allow"))
	}
	st := s.Stats()
	if want := map[string]map[string]int{"getApiVersion": {"200": 2, "401": 1, "405": 1}}; !equalCounts(st.Requests, want) {
		t.Errorf("requests = %v, want %v", st.Requests, want)
	}
	if st.Calls() != 0 {
		t.Errorf("contact calls = %d, want 0", st.Calls())
	}
}
