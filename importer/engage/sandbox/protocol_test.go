package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

func TestRoute(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"/api/rest/v19/contact/create", epCreate},
		{"/api/rest/v1/contact/get", epGet},
		{"/api/rest/v7/contact/update", epUpdate},
		{"/api/rest/v10/contact/delete", epDelete},
		{"/api/rest/v20/contact/get", epOther},
		{"/api/rest/v0/contact/get", epOther},
		{"/api/rest/v07/contact/get", epOther},
		{"/api/rest/v+9/contact/get", epOther},
		{"/api/rest/v19/contact/upsert", epOther},
		{"/api/rest/v19/contact/get/", epOther},
		{"/api/rest/v19/user/create", epOther},
		{"/tenant/api/rest/v19/contact/get", epOther},
		{"/api/rest/contact/get", epGet},
		{"/api/rest/contact/update", epUpdate},
		{"/api/rest/get", epOther},
		{"/api/rest/v19/v19/contact/get", epOther},
		{"/api/rest/vx/contact/get", epOther},
		{"/api/rest/v19/system/getApiVersion", epVersion},
		{"/api/rest/system/getApiVersion", epVersion},
		{"/api/rest/v20/system/getApiVersion", epOther},
		{"/api/rest/v19/contact/getApiVersion", epOther},
		{"/", epOther},
	}
	for _, tt := range tests {
		if got := route(tt.path); got != tt.want {
			t.Errorf("route(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestAcceptsJSON(t *testing.T) {
	tests := []struct {
		accept []string
		want   bool
	}{
		{nil, true},
		{[]string{""}, true},
		{[]string{"application/json"}, true},
		{[]string{"application/json; charset=utf-8"}, true},
		{[]string{"text/html, application/*;q=0.5"}, true},
		{[]string{"*/*"}, true},
		{[]string{"text/html", "application/json"}, true},
		{[]string{"text/html"}, false},
		{[]string{"application/xml, text/plain"}, false},
		{[]string{"application/json;q=0, text/html"}, false},
		{[]string{"garbage;;"}, false},
	}
	for _, tt := range tests {
		if got := acceptsJSON(tt.accept); got != tt.want {
			t.Errorf("acceptsJSON(%q) = %v, want %v", tt.accept, got, tt.want)
		}
	}
}

// TestProtocol checks the answers that come before any contact is looked at.
func TestProtocol(t *testing.T) {
	const getBody = `{"type":"EMAIL","value":"ann@example.org"}`
	tests := []struct {
		name     string
		method   string
		path     string
		body     string
		edit     func(r *http.Request)
		status   int
		wantType string // Content-Type prefix
		code     string // errorCode of a JSON answer
		text     string // substring of a non-JSON answer
	}{
		{name: "known call", path: "/api/rest/v19/contact/get", body: getBody,
			status: 400, wantType: "application/json", code: engage.CodeNoSuchObject},
		{name: "old API version", path: "/api/rest/v7/contact/get", body: getBody,
			status: 400, wantType: "application/json", code: engage.CodeNoSuchObject},
		{name: "no API version", path: "/api/rest/contact/get", body: getBody,
			status: 400, wantType: "application/json", code: engage.CodeNoSuchObject},
		{name: "unknown call", path: "/api/rest/v19/contact/upsert", body: getBody,
			status: 404, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "version 20", path: "/api/rest/v20/contact/get", body: getBody,
			status: 404, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "path prefix", path: "/tenant/api/rest/v19/contact/get", body: getBody,
			status: 404, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "GET", method: http.MethodGet, path: "/api/rest/v19/contact/get",
			status: 405, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "no credentials", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Del("Authorization") },
			status: 401, wantType: "text/plain", text: "Unauthorized"},
		{name: "wrong password", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.SetBasicAuth(testUser, "guess") },
			status: 403, wantType: "text/html", text: "<h1>Forbidden</h1>"},
		{name: "wrong user", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.SetBasicAuth("someone", testPassword) },
			status: 403, wantType: "text/html", text: "Forbidden"},
		{name: "not basic auth", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Set("Authorization", "Bearer abc") },
			status: 403, wantType: "text/html", text: "Forbidden"},
		{name: "text body", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") },
			status: 415, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "no content type", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Del("Content-Type") },
			status: 415, wantType: "application/json", code: engage.CodeInvalidRequest},
		{name: "JSON with charset", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Set("Content-Type", "application/json; charset=UTF-8") },
			status: 400, wantType: "application/json", code: engage.CodeNoSuchObject},
		{name: "accepts HTML only", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Set("Accept", "text/html") },
			status: 406, wantType: "text/plain", text: "Not Acceptable"},
		{name: "no accept header", path: "/api/rest/v19/contact/get", body: getBody,
			edit:   func(r *http.Request) { r.Header.Del("Accept") },
			status: 400, wantType: "application/json", code: engage.CodeNoSuchObject},
		{name: "malformed JSON", path: "/api/rest/v19/contact/get", body: `{"type":"EMAIL",`,
			status: 400, wantType: "text/plain", text: "JSON parse error"},
		{name: "wrong JSON type", path: "/api/rest/v19/contact/create", body: `{"contactId":"seven"}`,
			status: 400, wantType: "text/plain", text: "JSON parse error"},
		{name: "lower-case identifier type", path: "/api/rest/v19/contact/get", body: `{"type":"email","value":"a@b.io"}`,
			status: 400, wantType: "text/plain", text: "cannot deserialize value"},
		{name: "unknown identifier type", path: "/api/rest/v19/contact/delete", body: `{"type":"PHONE","value":"1"}`,
			status: 400, wantType: "text/plain", text: "cannot deserialize value"},
		{name: "no identifier type", path: "/api/rest/v19/contact/get", body: `{"value":"a@b.io"}`,
			status: 400, wantType: "application/json", code: engage.CodeMissingParameter},
		{name: "no identifier value", path: "/api/rest/v19/contact/get", body: `{"type":"EMAIL"}`,
			status: 400, wantType: "application/json", code: engage.CodeMissingParameter},
		{name: "contactId not a number", path: "/api/rest/v19/contact/get", body: `{"type":"ID","value":"x1"}`,
			status: 400, wantType: "application/json", code: engage.CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			r := request(t.Context(), method, tt.path, tt.body)
			if tt.edit != nil {
				tt.edit(r)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d (body %s)", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.wantType) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.wantType)
			}
			if tt.code != "" {
				body := envelope(t, rec)
				if body.ErrorCode != tt.code || body.ErrorActor != "CLIENT" {
					t.Errorf("errorActor, errorCode = %q, %q; want CLIENT, %q", body.ErrorActor, body.ErrorCode, tt.code)
				}
			}
			if !strings.Contains(rec.Body.String(), tt.text) {
				t.Errorf("body = %q, want it to contain %q", rec.Body, tt.text)
			}
			if strings.Contains(rec.Body.String(), testPassword) {
				t.Errorf("answer shows the password: %q", rec.Body)
			}
			got := s.Stats().Requests[route(tt.path)][strconv.Itoa(tt.status)]
			if got != 1 {
				t.Errorf("stats count the answer %d times, want once", got)
			}
		})
	}
}

func TestAuthOffWithoutCredentials(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := request(t.Context(), http.MethodPost, "/api/rest/v19/contact/create", `{"emailAddress":"ann@example.org"}`)
	r.Header.Del("Authorization")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Errorf("status = %d, want 200 from a server without credentials (body %s)", rec.Code, rec.Body)
	}
}
