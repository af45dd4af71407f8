package engage_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"contactimport/importer/engage"
)

// TestRecognisedInEveryBodyShape sends the answers Engage may give for "contact exists" and for
// its throttle, in every body shape, through the client: each must come back as the kind the
// importer acts on (update instead of create; slow down and retry), whatever the errorCode and
// wherever the words are.
func TestRecognisedInEveryBodyShape(t *testing.T) {
	const throttle = "Database Access Limit Exceeded"
	for _, tt := range []struct {
		name        string
		status      int
		contentType string
		body        string
		want        error
	}{
		{"exists: envelope", 400, "application/json",
			`{"errorActor":"CLIENT","errorCode":"OBJECT_ALREADY_EXISTS","message":"Such contact already exists"}`, engage.ErrExists},
		{"exists: envelope with another code", 400, "application/json",
			`{"errorActor":"CLIENT","errorCode":"INVALID_PARAMETER","message":"Such contact already exists"}`, engage.ErrExists},
		{"exists: envelope with a generic code", 400, "application/json",
			`{"errorCode":"INVALID_REQUEST","message":"Such contact already exists"}`, engage.ErrExists},
		{"exists: text in another JSON field", 400, "application/json",
			`{"errorCode":"INVALID_REQUEST","detail":{"reason":"Such contact already exists"}}`, engage.ErrExists},
		{"exists: JSON field named error", 400, "application/json", `{"error":"Contact already exists."}`, engage.ErrExists},
		{"exists: plain text", 400, "text/plain", "Such contact already exists", engage.ErrExists},
		{"exists: JSON string", 400, "application/json", `"Such contact already exists"`, engage.ErrExists},
		{"exists: HTML", 400, "text/html", "<html><body><p>Such contact <b>already exists</b></p></body></html>", engage.ErrExists},
		{"not found stays not found", 400, "application/json",
			`{"errorCode":"NO_SUCH_OBJECT","message":"Contact with identifier=x does not exist.","hint":"it may already exist elsewhere"}`, engage.ErrNotFound},
		{"a plain 400 stays invalid", 400, "text/plain", "cannot deserialize value", engage.ErrInvalid},
		{"throttle: envelope message", 500, "application/json",
			`{"errorActor":"SERVER","errorCode":"LIMIT_EXCEEDED","message":"` + throttle + `"}`, engage.ErrThrottled},
		{"throttle: envelope without a code", 500, "application/json", `{"message":"database access limit exceeded"}`, engage.ErrThrottled},
		{"throttle: another JSON field", 500, "application/json",
			`{"errorActor":"SERVER","errorCode":"INTERNAL_ERROR","message":"Internal error","cause":"` + throttle + `"}`, engage.ErrThrottled},
		{"throttle: plain text", 500, "text/plain", throttle, engage.ErrThrottled},
		{"throttle: plain text, upper case", 500, "text/plain", "ERROR: DATABASE ACCESS LIMIT EXCEEDED.", engage.ErrThrottled},
		{"throttle: HTML page", 500, "text/html",
			"<!DOCTYPE html><html><head><title>Error 500</title><style>p{margin:0}</style></head><body>\n<h1>HTTP Status 500</h1>\n<p>Database\n   Access&nbsp;Limit <em>Exceeded</em></p></body></html>", engage.ErrThrottled},
		{"throttle: HTML page on a 502", 502, "text/html", "<html><body>" + throttle + "</body></html>", engage.ErrThrottled},
		{"a 500 without the words stays transient", 500, "text/html", "<html><body>Internal Server Error</body></html>", engage.ErrTransient},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Create(t.Context(), &engage.Contact{Email: "ann@example.org"})
			for _, s := range []error{engage.ErrExists, engage.ErrNotFound, engage.ErrInvalid, engage.ErrThrottled, engage.ErrTransient} {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%v, %v) = %v", err, s, got)
				}
			}
		})
	}
}
