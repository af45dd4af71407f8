package engage_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"contactimport/importer/engage"
)

// TestAwkwardAnswers covers answers the sandbox does not give but Engage or the network in front
// of it may, each from a tiny handler.
func TestAwkwardAnswers(t *testing.T) {
	plain := func(status int, body string, header ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			w.WriteHeader(status)
			io.WriteString(w, body)
		}
	}
	hangUp := func(reset bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				panic(err)
			}
			if tcp, ok := conn.(*net.TCPConn); ok && reset {
				tcp.SetLinger(0) // close with RST instead of FIN
			}
			conn.Close()
		}
	}
	inTwoMinutes := time.Now().Add(2 * time.Minute).UTC().Format(http.TimeFormat)
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		timeout    time.Duration
		want       wantErr
		retryAfter [2]time.Duration // range of APIError.RetryAfter
	}{
		{name: "HTML 403 page", handler: plain(403, "<html><body><h1>Access denied</h1></body></html>", "Content-Type", "text/html"),
			want: wantErr{is: engage.ErrAuth, status: 403, code: "HTTP 403", text: "Access denied"}},
		{name: "plain-text 400", handler: plain(400, "Unrecognized field \"emial\""),
			want: wantErr{is: engage.ErrInvalid, status: 400, code: "HTTP 400", text: "Unrecognized field"}},
		{name: "400 INVALID_REQUEST", handler: plain(400, `{"errorActor":"CLIENT","errorCode":"INVALID_REQUEST","message":"Bad request"}`),
			want: wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeInvalidRequest}},
		{name: "PERMISSION_DENIED", handler: plain(403, `{"errorActor":"CLIENT","errorCode":"PERMISSION_DENIED","message":"User type"}`),
			want: wantErr{is: engage.ErrAuth, status: 403, code: engage.CodePermissionDenied}},
		{name: "already exists without a code", handler: plain(400, `{"errorActor":"CLIENT","message":"Contact already exists"}`),
			want: wantErr{is: engage.ErrExists, status: 400, code: "HTTP 400"}},
		{name: "throttle 500 as JSON", handler: plain(500, `{"errorActor":"SERVER","message":"Database Access Limit Exceeded"}`),
			want: wantErr{is: engage.ErrThrottled, status: 500, code: "HTTP 500"}},
		{name: "throttle 500 as text", handler: plain(500, "Database Access Limit Exceeded"),
			want: wantErr{is: engage.ErrThrottled, status: 500, code: "HTTP 500", text: engage.ThrottleMessage}},
		{name: "other 500", handler: plain(500, `{"errorActor":"SERVER","message":"NullPointerException"}`),
			want: wantErr{is: engage.ErrTransient, status: 500, code: "HTTP 500"}},
		{name: "429 with Retry-After seconds", handler: plain(429, "slow down", "Retry-After", "7"),
			want: wantErr{is: engage.ErrThrottled, status: 429, code: "HTTP 429"}, retryAfter: [2]time.Duration{7 * time.Second, 7 * time.Second}},
		{name: "429 with Retry-After date", handler: plain(429, "", "Retry-After", inTwoMinutes),
			want: wantErr{is: engage.ErrThrottled, status: 429, code: "HTTP 429"}, retryAfter: [2]time.Duration{time.Minute, 2 * time.Minute}},
		{name: "503", handler: plain(503, "<html>Service Unavailable</html>"),
			want: wantErr{is: engage.ErrThrottled, status: 503, code: "HTTP 503", text: "Service Unavailable"}},
		{name: "connection closed", handler: hangUp(false), want: wantErr{is: engage.ErrTransient}},
		{name: "connection reset", handler: hangUp(true), want: wantErr{is: engage.ErrTransient}},
		{name: "slower than the client timeout", timeout: 50 * time.Millisecond,
			handler: func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body) // once the body is read, the server notices the client leave
				<-r.Context().Done()
			},
			want: wantErr{is: engage.ErrTransient}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(tt.handler)
			defer ts.Close()
			defer ts.CloseClientConnections() // ends a handler still waiting for its client
			hc := ts.Client()
			if tt.timeout > 0 {
				hc.Timeout = tt.timeout
			}
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword, HTTP: hc})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: "ann@example.org"})
			checkErr(t, err, tt.want)
			var ae *engage.APIError
			if errors.As(err, &ae) && (ae.RetryAfter < tt.retryAfter[0] || ae.RetryAfter > tt.retryAfter[1]) {
				t.Errorf("RetryAfter %v, want %v to %v", ae.RetryAfter, tt.retryAfter[0], tt.retryAfter[1])
			}
		})
	}
}

// TestRequestBodies pins the exact requests the client sends: the request line in
// testdata/golden/<name>.request, the body in testdata/golden/<name>.json
// (go test -run TestRequestBodies -update rewrites them). Every contact/update names its
// contact in unifiedIdentifierName too, as Mapp's current page requires.
func TestRequestBodies(t *testing.T) {
	ann := engage.Contact{Email: "ann@example.org", Mobile: "+4915100000001", Identifier: "crm-1",
		Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}, {Name: "user.ISOCountryCode", Value: "DE"}}}
	tests := []struct {
		golden string
		call   contractCall
	}{
		{"create", callCreate(ann)},
		{"update-email", callUpdate(engage.IdentEmail, ann)},
		{"update-mobile", callUpdate(engage.IdentMobile, ann)},
		{"update-external", callUpdate(engage.IdentExternal, ann)},
		{"update-id", callUpdate(engage.IdentID, engage.Contact{ContactID: 42, Email: "ann@example.org"})},
		{"get", callGet(engage.IdentEmail, "ann@example.org")},
		{"delete", callDelete(engage.IdentID, "42")},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var got *http.Request
			var body []byte
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, body = r, nil
				body, _ = io.ReadAll(r.Body)
				w.Header().Set("Content-Type", "application/json")
				// Ann, as every call asks for her: the answer must name the contact asked for.
				io.WriteString(w, `{"contactId":42,"emailAddress":"ann@example.org","mobileNumber":"+4915100000001","identifier":"crm-1"}`)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19/", User: contractUser, Password: contractPassword})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tt.call(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			user, password, _ := got.BasicAuth()
			header := [][2]string{{got.Header.Get("Content-Type"), "application/json"},
				{got.Header.Get("Accept"), "application/json"}, {got.Header.Get("User-Agent"), "contactimport"},
				{user + ":" + password, contractUser + ":" + contractPassword}}
			for _, h := range header {
				if h[0] != h[1] {
					t.Errorf("header value %q, want %q", h[0], h[1])
				}
			}
			line := got.Method + " " + got.RequestURI + "\n"
			for _, g := range []struct{ ext, got string }{{".request", line}, {".json", string(body)}} {
				path := filepath.Join("testdata", "golden", tt.golden+g.ext)
				if *updateGolden {
					if err := os.WriteFile(path, []byte(g.got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if g.got != string(want) {
					t.Errorf("request\n%s\nwant (%s)\n%s", g.got, path, want)
				}
			}
		})
	}
}
