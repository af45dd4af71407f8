package engage

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// groupClient is a client for a handler, with the limiter hook counting attempts.
func groupClient(t *testing.T, h http.HandlerFunc) (*Client, *atomic.Int32) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	var attempts atomic.Int32
	c, err := New(Config{BaseURL: ts.URL + "/api/rest/v19", User: "u", Password: "secret-pw", UserAgent: "ci-test",
		BeforeAttempt: func(context.Context) error { attempts.Add(1); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return c, &attempts
}

// TestGroupRequests checks what each group call puts on the wire: method, path, query, headers,
// body, and that the limiter hook runs before it.
func TestGroupRequests(t *testing.T) {
	tests := []struct {
		name, method, target, body string
		call                       func(ctx context.Context, c *Client) error
		answer                     string
	}{
		{"group", "GET", "/api/rest/v19/group/get?groupId=1001", "",
			func(ctx context.Context, c *Client) error { _, err := c.Group(ctx, 1001); return err },
			`{"id":1001,"name":"newsletter"}`},
		{"subscribe", "POST", "/api/rest/v19/membership/subscribe?groupId=1001&subscriptionMode=DOUBLE_OPT_IN&userId=7", "",
			func(ctx context.Context, c *Client) error { return c.Subscribe(ctx, 7, 1001, DoubleOptIn) }, ""},
		{"unsubscribe", "POST", "/api/rest/v19/membership/unsubscribe?groupId=1001&unsubscriptionMode=OPT_IN&userId=7", "",
			func(ctx context.Context, c *Client) error { return c.Unsubscribe(ctx, 7, 1001) }, ""},
		{"membership", "GET", "/api/rest/v19/membership/get?groupId=1001&userId=7", "",
			func(ctx context.Context, c *Client) error { _, err := c.Membership(ctx, 7, 1001); return err },
			`{"userId":7,"groupId":1001,"attributes":[]}`},
		{"delete", "DELETE", "/api/rest/v19/membership/delete?groupId=1001&userId=7", "",
			func(ctx context.Context, c *Client) error { return c.DeleteMembership(ctx, 7, 1001) }, ""},
		{"attributes", "POST", "/api/rest/v19/membership/updateAttributes?groupId=1001&userId=7", `[{"name":"car","value":"red"}]`,
			func(ctx context.Context, c *Client) error {
				return c.UpdateMemberAttributes(ctx, 7, 1001, []Attribute{{Name: "car", Value: "red"}})
			}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			var body []byte
			c, attempts := groupClient(t, func(w http.ResponseWriter, r *http.Request) {
				got, body = r, must(io.ReadAll(r.Body))
				if tt.answer == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, tt.answer)
			})
			if err := tt.call(t.Context(), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if got.Method != tt.method || got.URL.RequestURI() != tt.target || string(body) != tt.body {
				t.Errorf("request %s %s %q, want %s %s %q", got.Method, got.URL.RequestURI(), body, tt.method, tt.target, tt.body)
			}
			user, pw, ok := got.BasicAuth()
			if !ok || user != "u" || pw != "secret-pw" || got.Header.Get("User-Agent") != "ci-test" ||
				got.Header.Get("Accept") != "application/json" {
				t.Errorf("headers %v: want the credentials, User-Agent and Accept of the contact calls", got.Header)
			}
			if ct := got.Header.Get("Content-Type"); (tt.body != "") != (ct == "application/json") {
				t.Errorf("Content-Type %q with body %q", ct, tt.body)
			}
			if attempts.Load() != 1 {
				t.Errorf("BeforeAttempt ran %d times, want 1", attempts.Load())
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestGroupAnswers is every answer that is not a plain refusal: the client never follows a
// redirect, classifies overload and gateway pages, and trusts a 2xx answer only when it makes
// sense.
func TestGroupAnswers(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(ctx context.Context, c *Client) error
		kind    Kind
		code    string
		want    string // in the error
	}{
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/login?token=abc", http.StatusFound)
		}, subscribeOne, KindEndpoint, "HTTP 302", "subscribe to group 1001: HTTP 302, a redirect to https://elsewhere.example/login, not followed"},
		{"throttled", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "<html><body>Database Access\nLimit Exceeded</body></html>", http.StatusInternalServerError)
		}, subscribeOne, KindThrottled, "HTTP 500", "subscribe to group 1001: HTTP 500"},
		{"bad gateway", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "<h1>502 Bad Gateway</h1>", http.StatusBadGateway)
		}, subscribeOne, KindTransient, "HTTP 502", "502 Bad Gateway"},
		{"group answer empty", ok200(""), checkOne, KindTransient, CodeUnreadable, "check group 1001: the HTTP 200 answer cannot be used (empty answer)"},
		{"group answer of another group", ok200(`{"id":1002,"name":"customers"}`), checkOne, KindTransient, CodeUnreadable, "it names group 1002"},
		{"membership answer a list", ok200(`[]`), membershipOne, KindTransient, CodeUnreadable, "not a JSON object"},
		{"membership of another contact", ok200(`{"userId":8,"groupId":1001,"attributes":[]}`), membershipOne, KindTransient,
			CodeUnreadable, "about another contact or group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := groupClient(t, tt.handler)
			err := tt.call(t.Context(), c)
			var ge *GroupError
			if !errors.As(err, &ge) {
				t.Fatalf("error %v (%T), want a *GroupError", err, err)
			}
			if KindOf(err) != tt.kind || ge.Code() != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q: kind %v, code %q; want %v, %q, containing %q", err, KindOf(err), ge.Code(), tt.kind, tt.code, tt.want)
			}
			if strings.Contains(err.Error(), "secret-pw") || strings.Contains(err.Error(), "token=abc") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

func subscribeOne(ctx context.Context, c *Client) error { return c.Subscribe(ctx, 7, 1001, OptIn) }
func checkOne(ctx context.Context, c *Client) error     { _, err := c.Group(ctx, 1001); return err }
func membershipOne(ctx context.Context, c *Client) error {
	_, err := c.Membership(ctx, 7, 1001)
	return err
}

func ok200(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }
}

// TestGroupNotSent: a limiter that refuses stops the call before it goes out.
func TestGroupNotSent(t *testing.T) {
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer ts.Close()
	c, err := New(Config{BaseURL: ts.URL, BeforeAttempt: func(ctx context.Context) error { return context.Canceled }})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Subscribe(t.Context(), 7, 1001, OptIn)
	if !errors.Is(err, ErrNotSent) || !errors.Is(err, context.Canceled) || hits.Load() != 0 {
		t.Errorf("error %v, %d requests; want ErrNotSent and context.Canceled, none sent", err, hits.Load())
	}
	ts.Close()
	c, _ = New(Config{BaseURL: ts.URL})
	err = c.Unsubscribe(t.Context(), 7, 1001)
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, ErrTransient) || !strings.HasPrefix(err.Error(), "unsubscribe from group 1001: ") {
		t.Errorf("to a closed server: %v (%T), want a transient *TransportError inside", err, err)
	}
}

func TestMembershipStatus(t *testing.T) {
	tests := []struct {
		attrs []Attribute
		want  MemberStatus
	}{
		{nil, MemberActive},
		{[]Attribute{{Name: "member.Status", Value: "ACTIVE"}}, MemberActive},
		{[]Attribute{{Name: "MEMBER.status", Value: " pending "}}, MemberInvited},
		{[]Attribute{{Name: "member.Status", Value: "WAITING"}}, MemberInvited},
		{[]Attribute{{Name: "Status", Value: "PENDING"}}, MemberActive}, // a member attribute, not the system one
	}
	for _, tt := range tests {
		m := &Membership{Attributes: tt.attrs}
		if got := m.Status(); got != tt.want {
			t.Errorf("Status of %v = %v, want %v", tt.attrs, got, tt.want)
		}
	}
	m := &Membership{Attributes: []Attribute{{Name: "member.Status", Value: "ACTIVE"}, {Name: "car", Value: "red"}, {Name: "Member.Created", Value: "x"}}}
	if got := m.MemberAttributes(); len(got) != 1 || got[0].Name != "car" {
		t.Errorf("MemberAttributes = %v, want car alone", got)
	}
}
