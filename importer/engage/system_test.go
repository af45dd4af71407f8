package engage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestAPIVersionSandbox: the sandbox's getApiVersion is read as its version string, through
// BeforeAttempt, and a wrong password is an auth error.
func TestAPIVersionSandbox(t *testing.T) {
	box, err := sandbox.New(sandbox.Options{User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	ts := httptest.NewServer(box)
	defer ts.Close()
	before := 0
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword,
		BeforeAttempt: func(context.Context) error { before++; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.APIVersion(t.Context())
	if err != nil || v != sandbox.APIVersion {
		t.Fatalf("APIVersion = %q, %v; want %q", v, err, sandbox.APIVersion)
	}
	if before != 1 {
		t.Errorf("BeforeAttempt ran %d times, want 1", before)
	}
	wrong, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.APIVersion(t.Context()); !errors.Is(err, engage.ErrAuth) {
		t.Errorf("wrong password: %v, want ErrAuth", err)
	}
}

// TestAPIVersionAnswers: the request is a GET with credentials, and answers that are not a
// version string are errors of the right kind.
func TestAPIVersionAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   string
		is     error
	}{
		{name: "version", status: 200, body: `"0.95"`, want: "0.95"},
		{name: "version with spaces", status: 200, body: " \"1.0\"\n", want: "1.0"},
		{name: "not a string", status: 200, body: `{"version":"0.95"}`, is: engage.ErrUnreadable},
		{name: "empty", status: 200, body: ``, is: engage.ErrUnreadable},
		{name: "empty string", status: 200, body: `""`, is: engage.ErrUnreadable},
		{name: "HTML page", status: 200, body: `<html>login</html>`, is: engage.ErrUnreadable},
		{name: "403", status: 403, body: `Forbidden`, is: engage.ErrAuth},
		{name: "401", status: 401, body: ``, is: engage.ErrAuth},
		{name: "404", status: 404, body: `not here`, is: engage.ErrEndpoint},
		{name: "redirect", status: 302, is: engage.ErrEndpoint},
		{name: "500", status: 500, body: `oops`, is: engage.ErrTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				if tt.status == 302 {
					w.Header().Set("Location", "http://elsewhere.example/login?token=x")
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/prefix/api/rest/v19/", User: contractUser, Password: contractPassword})
			if err != nil {
				t.Fatal(err)
			}
			v, err := c.APIVersion(t.Context())
			if got.Method != http.MethodGet || got.URL.RequestURI() != "/prefix/api/rest/v19/system/getApiVersion" {
				t.Errorf("request %s %s, want GET /prefix/api/rest/v19/system/getApiVersion", got.Method, got.URL.RequestURI())
			}
			if u, p, _ := got.BasicAuth(); u != contractUser || p != contractPassword {
				t.Errorf("credentials not sent")
			}
			if tt.is == nil {
				if err != nil || v != tt.want {
					t.Errorf("APIVersion = %q, %v; want %q", v, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("APIVersion error %v, want %v", err, tt.is)
			}
		})
	}
}

// TestUpdateWithUnifiedName: the parameter is sent with the given name and left out for "", and
// a sandbox that requires it refuses the update without it.
func TestUpdateWithUnifiedName(t *testing.T) {
	var queries []string
	box, err := sandbox.New(sandbox.Options{User: contractUser, Password: contractPassword,
		Behaviour: sandbox.Behaviour{RequireUnifiedIdentifierName: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/rest/v19/contact/update" {
			queries = append(queries, r.URL.RawQuery)
		}
		box.ServeHTTP(w, r)
	}))
	defer ts.Close()
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	ann := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}}}
	if _, err := c.Create(t.Context(), ann); err != nil {
		t.Fatal(err)
	}
	got, err := c.UpdateWithUnifiedName(t.Context(), engage.IdentEmail, ann, "ann@example.org")
	if err != nil || got.ContactID <= 0 {
		t.Fatalf("update with the name: %+v, %v", got, err)
	}
	_, err = c.UpdateWithUnifiedName(t.Context(), engage.IdentEmail, ann, "")
	var ae *engage.APIError
	if !errors.As(err, &ae) || ae.Body.ErrorCode != engage.CodeMissingParameter || ae.Body.ParameterName != "unifiedIdentifierName" {
		t.Errorf("update without the name on a tenant that requires it: %v, want MISSING_PARAMETER unifiedIdentifierName", err)
	}
	want := []string{"identifierType=EMAIL&unifiedIdentifierName=ann%40example.org", "identifierType=EMAIL"}
	if len(queries) != 2 || queries[0] != want[0] || queries[1] != want[1] {
		t.Errorf("queries %q, want %q", queries, want)
	}
}
