package engage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"contactimport/importer/engage"
)

// TestRedirectsAreNeverFollowed: a 3xx answer, from http or https, to another origin or to plain
// http, is a wrong endpoint naming where it pointed; the place it points to receives nothing, so
// neither the credentials nor the contact leave, whatever the caller's http.Client would do.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		io.WriteString(w, `{"contactId":1}`)
	})
	otherTLS := httptest.NewTLSServer(count) // another origin, https
	defer otherTLS.Close()
	otherPlain := httptest.NewServer(count) // plain http
	defer otherPlain.Close()

	follow := func(hc *http.Client) *http.Client {
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil } // follow everything
		return hc
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, from := range []string{"https", "http"} {
			for _, to := range []*httptest.Server{otherTLS, otherPlain} {
				loc := strings.Replace(to.URL, "://", "://user:secret@", 1) + "/api/rest/v19/contact/create?token=secret#frag"
				want := to.URL + "/api/rest/v19/contact/create"
				name := from + " " + http.StatusText(status) + " to " + to.URL
				t.Run(name, func(t *testing.T) {
					var asked atomic.Int64
					h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						asked.Add(1)
						http.Redirect(w, r, loc, status)
					})
					var ts *httptest.Server
					if from == "https" {
						ts = httptest.NewTLSServer(h)
					} else {
						ts = httptest.NewServer(h)
					}
					defer ts.Close()
					before := elsewhere.Load()
					c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser,
						Password: contractPassword, HTTP: follow(ts.Client())})
					if err != nil {
						t.Fatal(err)
					}
					_, err = c.Create(t.Context(), &engage.Contact{Email: "ann@example.org"})
					if n := elsewhere.Load() - before; n != 0 {
						t.Fatalf("the redirect target received %d requests; it must receive none", n)
					}
					if asked.Load() != 1 {
						t.Errorf("the API was asked %d times, want 1", asked.Load())
					}
					if !errors.Is(err, engage.ErrEndpoint) || engage.KindOf(err) != engage.KindEndpoint {
						t.Fatalf("err = %v (kind %v), want a wrong endpoint", err, engage.KindOf(err))
					}
					var ae *engage.APIError
					if !errors.As(err, &ae) || ae.Status != status || ae.Location != want {
						t.Fatalf("err = %#v, want status %d and location %s", err, status, want)
					}
					msg := err.Error()
					for _, s := range []string{want, "HTTP " + strconv.Itoa(status), "check --url / ENGAGE_URL"} {
						if !strings.Contains(msg, s) {
							t.Errorf("error %q does not say %q", msg, s)
						}
					}
					for _, s := range []string{"secret", "user", "token", "frag", contractPassword} {
						if strings.Contains(msg, s) {
							t.Errorf("error %q shows %q", msg, s)
						}
					}
				})
			}
		}
	}
}

// TestRedirectWithoutLocation: a 3xx that names no place is still a wrong endpoint.
func TestRedirectWithoutLocation(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusFound)
	}))
	defer ts.Close()
	c, err := engage.New(engage.Config{BaseURL: ts.URL, User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Update(t.Context(), engage.IdentEmail, &engage.Contact{Email: "ann@example.org"})
	if !errors.Is(err, engage.ErrEndpoint) || !strings.Contains(err.Error(), "HTTP 302, a redirect without a valid Location") {
		t.Fatalf("err = %v, want a wrong endpoint for a redirect without Location", err)
	}
}

// TestUnreadableSuccess: a 2xx answer to get, create or update without a contactId is an unknown
// outcome: a transient failure (retried, re-checked), never a success and never a refusal.
func TestUnreadableSuccess(t *testing.T) {
	calls := map[string]func(context.Context, *engage.Client) (*engage.Contact, error){
		"get": func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
			return c.Get(ctx, engage.ContactIdentifier{Type: engage.IdentEmail, Value: "ann@example.org"})
		},
		"create": func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
			return c.Create(ctx, &engage.Contact{Email: "ann@example.org"})
		},
		"update": func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
			return c.Update(ctx, engage.IdentEmail, &engage.Contact{Email: "ann@example.org"})
		},
	}
	for _, body := range []struct{ name, body string }{
		{"empty", ""},
		{"blank", " \n"},
		{"null", "null"},
		{"empty object", "{}"},
		{"no contactId", `{"emailAddress":"ann@example.org"}`},
		{"contactId 0", `{"contactId":0,"emailAddress":"ann@example.org"}`},
		{"contactId as text", `{"contactId":"x-ann@example.org"}`},
		{"not JSON", "<html>Maintenance for ann@example.org</html>"},
		{"cut short", `{"contactId":12,"emailAddress":"ann@exa`},
		{"array", `[{"contactId":12}]`},
	} {
		for op, call := range calls {
			t.Run(op+" "+body.name, func(t *testing.T) {
				ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, body.body)
				}))
				defer ts.Close()
				c, err := engage.New(engage.Config{BaseURL: ts.URL, User: contractUser, Password: contractPassword})
				if err != nil {
					t.Fatal(err)
				}
				got, err := call(t.Context(), c)
				if err == nil {
					t.Fatalf("answer %q counted as done (%+v); want an unknown outcome", body.body, got)
				}
				var ue *engage.UnreadableError
				if !errors.As(err, &ue) || ue.Op != op || ue.Status != 200 || ue.Code() != engage.CodeUnreadable {
					t.Fatalf("err = %#v, want an *UnreadableError of %s with status 200", err, op)
				}
				if !errors.Is(err, engage.ErrTransient) || !errors.Is(err, engage.ErrUnreadable) || engage.KindOf(err) != engage.KindTransient {
					t.Errorf("err %v is not transient", err)
				}
				for _, s := range []error{engage.ErrInvalid, engage.ErrNotFound, engage.ErrExists, engage.ErrEndpoint} {
					if errors.Is(err, s) {
						t.Errorf("err %v matches %v", err, s)
					}
				}
				if strings.Contains(err.Error(), "ann@") {
					t.Errorf("error %q quotes the answer", err)
				}
			})
		}
	}
}

// TestReadableSuccess: a 2xx with a contactId is done; delete, documented without a body, needs none.
func TestReadableSuccess(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/delete") {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		io.WriteString(w, `{"contactId":12,"emailAddress":"ann@example.org"}`)
	}))
	defer ts.Close()
	c, err := engage.New(engage.Config{BaseURL: ts.URL, User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Create(t.Context(), &engage.Contact{Email: "ann@example.org"})
	if err != nil || got.ContactID != 12 {
		t.Fatalf("create = %+v, %v; want contact 12", got, err)
	}
	if err := c.Delete(t.Context(), engage.ContactIdentifier{Type: engage.IdentID, Value: "12"}); err != nil {
		t.Fatalf("delete answered 204: %v", err)
	}
}
