package engage_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

var updateGolden = flag.Bool("update", false, "rewrite the request bodies in testdata/golden")

const (
	contractUser     = "api-user"
	contractPassword = "Pa55-w0rd-never-shown"
)

// contractSandbox serves a fresh sandbox over a socket, seeded with ann (contact 1) and bob
// (contact 2), and returns a client for it. edit may change the client's configuration.
func contractSandbox(t *testing.T, opts sandbox.Options, edit func(*engage.Config)) (*engage.Client, *sandbox.Server) {
	t.Helper()
	opts.User, opts.Password = contractUser, contractPassword
	box, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(box)
	t.Cleanup(func() { ts.Close(); box.Close() })
	seed, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*engage.Contact{
		{Email: "ann@example.org", Mobile: "+4915100000001", Alias: "ann-app", Identifier: "crm-1",
			Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}}},
		{Email: "bob@example.org", Identifier: "crm-2"},
	} {
		if _, err := seed.Create(t.Context(), c); err != nil {
			t.Fatalf("seed the sandbox: %v", err)
		}
	}
	cfg := engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword, HTTP: ts.Client()}
	if edit != nil {
		edit(&cfg)
	}
	c, err := engage.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, box
}

// wantErr is how the client must classify a failed call.
type wantErr struct {
	is     error             // the one sentinel errors.Is matches
	status int               // APIError.Status; 0 for a TransportError
	code   string            // APIError.Code()
	body   *engage.ErrorBody // when set, the whole envelope
	text   string            // substring of APIError.Text (non-JSON answers)
}

var sentinels = []error{engage.ErrNotFound, engage.ErrExists, engage.ErrInvalid, engage.ErrAuth,
	engage.ErrEndpoint, engage.ErrThrottled, engage.ErrTransient}

func checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("call succeeded, want %v", want.is)
	}
	if strings.Contains(err.Error(), contractPassword) {
		t.Errorf("error %q shows the password", err)
	}
	for _, s := range sentinels {
		if got := errors.Is(err, s); got != (s == want.is) {
			t.Errorf("errors.Is(%q, %v) = %v", err, s, got)
		}
	}
	if want.status == 0 {
		var te *engage.TransportError
		if !errors.As(err, &te) {
			t.Errorf("error %q (%T) is not a *TransportError", err, err)
		}
		return
	}
	var ae *engage.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %q (%T) is not an *APIError", err, err)
	}
	if ae.Status != want.status || ae.Code() != want.code {
		t.Errorf("status %d, code %q; want %d, %q", ae.Status, ae.Code(), want.status, want.code)
	}
	if want.body != nil && ae.Body != *want.body {
		t.Errorf("envelope %+v\nwant     %+v", ae.Body, *want.body)
	}
	if !strings.Contains(ae.Text, want.text) {
		t.Errorf("text %q, want it to contain %q", ae.Text, want.text)
	}
}

type contractCall func(ctx context.Context, c *engage.Client) (*engage.Contact, error)

func get(t engage.IdentifierType, v string) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
		return c.Get(ctx, engage.ContactIdentifier{Type: t, Value: v})
	}
}

func create(ct engage.Contact) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) { return c.Create(ctx, &ct) }
}

func update(t engage.IdentifierType, ct engage.Contact) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) { return c.Update(ctx, t, &ct) }
}

func del(t engage.IdentifierType, v string) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
		return nil, c.Delete(ctx, engage.ContactIdentifier{Type: t, Value: v})
	}
}

// TestContractCalls is ENGAGE-API.md "Calls" against the sandbox: each call that succeeds, and
// each refusal with the classification the importer relies on.
func TestContractCalls(t *testing.T) {
	ann := &engage.Contact{ContactID: 1, Email: "ann@example.org", Mobile: "+4915100000001", Alias: "ann-app",
		Identifier: "crm-1", Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}}}
	annAs := func(first string) *engage.Contact {
		c := *ann
		c.Attributes = []engage.Attribute{{Name: "FirstName", Value: first}}
		return &c
	}
	notFound := func(v string) wantErr {
		return wantErr{is: engage.ErrNotFound, status: 400, code: engage.CodeNoSuchObject, body: &engage.ErrorBody{
			ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject, Message: "Contact with identifier=" + v + " does not exist.",
			ObjectType: "Contact", PropertyName: "identifier", PropertyValue: v}}
	}
	exists := func(field, v string) wantErr {
		return wantErr{is: engage.ErrExists, status: 400, code: engage.CodeAlreadyExists, body: &engage.ErrorBody{
			ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
			ObjectType: "Contact", PropertyName: field, PropertyValue: v}}
	}
	invalidParam := wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeInvalidParameter}
	missingParam := wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeMissingParameter}
	renamed := []engage.Attribute{{Name: "user.firstname", Value: "Anne"}}
	tests := []struct {
		name string
		call contractCall
		want *engage.Contact // on success
		err  wantErr         // on failure
	}{
		{name: "get by email", call: get(engage.IdentEmail, "ann@example.org"), want: ann},
		{name: "get by email in another case", call: get(engage.IdentEmail, "ANN@example.org"), want: ann},
		{name: "get by mobile", call: get(engage.IdentMobile, "+4915100000001"), want: ann},
		{name: "get by alias", call: get(engage.IdentAlias, "ann-app"), want: ann},
		{name: "get by external id", call: get(engage.IdentExternal, "crm-1"), want: ann},
		{name: "get by contactId", call: get(engage.IdentID, "1"), want: ann},
		{name: "get missing", call: get(engage.IdentEmail, "nobody@example.com"), err: notFound("nobody@example.com")},
		{name: "get with a lower-case type", call: get("email", "ann@example.org"),
			err: wantErr{is: engage.ErrInvalid, status: 400, code: "HTTP 400", body: &engage.ErrorBody{}, text: "cannot deserialize value"}},
		{name: "create", call: create(engage.Contact{Email: "cid@example.org", Identifier: "crm-1"}),
			want: &engage.Contact{ContactID: 3, Email: "cid@example.org", Identifier: "crm-1"}},
		{name: "create with a taken email", call: create(engage.Contact{Email: "Ann@Example.org"}), err: exists("emailAddress", "Ann@Example.org")},
		{name: "create with a taken mobile", call: create(engage.Contact{Mobile: "+4915100000001"}), err: exists("mobileNumber", "+4915100000001")},
		{name: "create with a taken alias", call: create(engage.Contact{Alias: "ann-app"}), err: exists("applicationAlias", "ann-app")},
		{name: "create from an external id alone", call: create(engage.Contact{Identifier: "crm-9"}), err: missingParam},
		{name: "update by email", call: update(engage.IdentEmail, engage.Contact{Email: "ann@example.org", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by mobile", call: update(engage.IdentMobile, engage.Contact{Mobile: "+4915100000001", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by alias", call: update(engage.IdentAlias, engage.Contact{Alias: "ann-app", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by external id", call: update(engage.IdentExternal, engage.Contact{Identifier: "crm-1", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by contactId", call: update(engage.IdentID, engage.Contact{ContactID: 1, Attributes: renamed}), want: annAs("Anne")},
		{name: "update missing", call: update(engage.IdentEmail, engage.Contact{Email: "nobody@example.com"}), err: notFound("nobody@example.com")},
		{name: "update to a taken email", call: update(engage.IdentExternal, engage.Contact{Identifier: "crm-2", Email: "ann@example.org"}),
			err: exists("emailAddress", "ann@example.org")},
		{name: "update without identifierType", call: update("", engage.Contact{Email: "ann@example.org"}), err: invalidParam},
		{name: "update with a lower-case identifierType", call: update("email", engage.Contact{Email: "ann@example.org"}), err: invalidParam},
		{name: "update without the lookup field", call: update(engage.IdentMobile, engage.Contact{Email: "ann@example.org"}), err: missingParam},
		{name: "delete", call: del(engage.IdentEmail, "bob@example.org")},
		{name: "delete missing", call: del(engage.IdentID, "99"), err: notFound("99")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, box := contractSandbox(t, sandbox.Options{}, nil)
			got, err := tt.call(t.Context(), c)
			if tt.err.is != nil {
				checkErr(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answer %+v\nwant   %+v", got, tt.want)
			}
			if tt.want == nil { // delete: the contact is gone
				_, err := c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: "bob@example.org"})
				checkErr(t, err, notFound("bob@example.org"))
				if n := box.Stats().Contacts; n != 1 {
					t.Errorf("%d contacts after delete, want 1", n)
				}
			}
		})
	}
}

// editTransport changes every request before it goes out, to reach the answers a well-behaved
// client never provokes (405, 406, 415).
type editTransport struct {
	base http.RoundTripper
	edit func(*http.Request)
}

func (e editTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	e.edit(r)
	return e.base.RoundTrip(r)
}

func withTransport(edit func(*http.Request)) func(*engage.Config) {
	return func(cfg *engage.Config) {
		cfg.HTTP = &http.Client{Transport: editTransport{cfg.HTTP.Transport, edit}, Timeout: cfg.HTTP.Timeout}
	}
}

// TestContractErrors is ENGAGE-API.md "Errors" against the sandbox.
func TestContractErrors(t *testing.T) {
	tests := []struct {
		name string
		opts sandbox.Options
		edit func(*engage.Config)
		want wantErr
	}{
		{"no credentials", sandbox.Options{}, func(cfg *engage.Config) { cfg.User, cfg.Password = "", "" },
			wantErr{is: engage.ErrAuth, status: 401, code: "HTTP 401", text: "Unauthorized"}},
		{"wrong password", sandbox.Options{}, func(cfg *engage.Config) { cfg.Password = contractPassword + "x" },
			wantErr{is: engage.ErrAuth, status: 403, code: "HTTP 403", text: "403 Forbidden Forbidden"}},
		{"unknown path", sandbox.Options{}, func(cfg *engage.Config) { cfg.BaseURL = strings.Replace(cfg.BaseURL, "v19", "v20", 1) },
			wantErr{is: engage.ErrEndpoint, status: 404, code: engage.CodeInvalidRequest}},
		{"wrong method", sandbox.Options{}, withTransport(func(r *http.Request) { r.Method = http.MethodPut }),
			wantErr{is: engage.ErrEndpoint, status: 405, code: engage.CodeInvalidRequest}},
		{"JSON not accepted", sandbox.Options{}, withTransport(func(r *http.Request) { r.Header.Set("Accept", "text/html") }),
			wantErr{is: engage.ErrEndpoint, status: 406, code: "HTTP 406", text: "Not Acceptable"}},
		{"body not JSON", sandbox.Options{}, withTransport(func(r *http.Request) { r.Header.Set("Content-Type", "text/csv") }),
			wantErr{is: engage.ErrEndpoint, status: 415, code: engage.CodeInvalidRequest}},
		{"throttled", sandbox.Options{Rate: 1}, nil, // the seeding took the one request of this second
			wantErr{is: engage.ErrThrottled, status: 500, code: engage.CodeLimitExceeded, body: &engage.ErrorBody{
				ErrorActor: "SERVER", ErrorCode: engage.CodeLimitExceeded, Message: engage.ThrottleMessage}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := contractSandbox(t, tt.opts, tt.edit)
			_, err := c.Get(t.Context(), engage.ContactIdentifier{Type: engage.IdentEmail, Value: "ann@example.org"})
			checkErr(t, err, tt.want)
		})
	}
}

// TestContractFaults checks the classification of every fault the sandbox injects.
func TestContractFaults(t *testing.T) {
	box, err := sandbox.New(sandbox.Options{User: contractUser, Password: contractPassword, FailRate: 1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(box)
	defer func() { ts.Close(); box.Close() }()
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i := range 40 {
		_, err := c.Create(t.Context(), &engage.Contact{Email: fmt.Sprintf("c%d@example.org", i)})
		var ae *engage.APIError
		kind := "dropped"
		if errors.As(err, &ae) {
			kind = fmt.Sprint(ae.Status)
		}
		seen[kind]++
		want := map[string]wantErr{
			"500":     {is: engage.ErrTransient, status: 500, code: "HTTP 500"},
			"502":     {is: engage.ErrTransient, status: 502, code: "HTTP 502", text: "502 Bad Gateway"},
			"503":     {is: engage.ErrThrottled, status: 503, code: "HTTP 503", text: "503 Service Unavailable"},
			"dropped": {is: engage.ErrTransient},
		}[kind]
		if want.is == nil {
			t.Fatalf("create %d: unexpected answer %v", i, err)
		}
		checkErr(t, err, want)
	}
	if len(seen) != 4 {
		t.Errorf("faults seen %v, want all of 500, 502, 503 and dropped", seen)
	}
}

// TestContractValidation is ENGAGE-API.md "Validation rules": one value each rule refuses, answered
// as INVALID_PARAMETER naming the parameter, and so classified invalid.
func TestContractValidation(t *testing.T) {
	attr := func(name, value string) engage.Contact {
		return engage.Contact{Email: "new@example.org", Attributes: []engage.Attribute{{Name: name, Value: value}}}
	}
	tests := []struct {
		name    string
		contact engage.Contact
		param   string
	}{
		{"email pattern", engage.Contact{Email: "ann..lee@example.org"}, "emailAddress"},
		{"email length", engage.Contact{Email: strings.Repeat("a", 118) + "@example.org"}, "emailAddress"},
		{"mobile leading zero", engage.Contact{Mobile: "015112345678"}, "mobileNumber"},
		{"country code", attr("user.ISOCountryCode", "XY"), "ISOCountryCode"},
		{"language code", attr("user.ISOLanguageCode", "deu"), "ISOLanguageCode"},
		{"time zone", attr("user.TimeZone", "Berlin"), "TimeZone"},
		{"title", attr("user.Title", "Mr"), "Title"},
		{"date of birth", attr("user.DateOfBirth", "1990-02-30"), "DateOfBirth"},
		{"partner id", attr("user.PartnerId", "123456"), "PartnerId"},
		{"first name length", attr("user.FirstName", strings.Repeat("a", 51)), "FirstName"},
		{"last name length", attr("user.LastName", strings.Repeat("a", 51)), "LastName"},
		{"nickname length", attr("user.Nickname", strings.Repeat("a", 21)), "Nickname"},
		{"zip code length", attr("user.ZipCode", strings.Repeat("1", 11)), "ZipCode"},
		{"custom value length", attr("user.CustomAttribute.Notes", strings.Repeat("a", 2001)), "Notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := contractSandbox(t, sandbox.Options{}, nil)
			_, err := c.Create(t.Context(), &tt.contact)
			checkErr(t, err, wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeInvalidParameter})
			var ae *engage.APIError
			if errors.As(err, &ae) && ae.Body.ParameterName != tt.param {
				t.Errorf("parameterName %q, want %q", ae.Body.ParameterName, tt.param)
			}
		})
	}
}

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
			handler: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			want:    wantErr{is: engage.ErrTransient}},
		{name: "200 that is not JSON", handler: plain(200, "<html>Maintenance</html>"),
			want: wantErr{is: nil, status: 200, code: "HTTP 200", text: "answer is not a contact"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(tt.handler)
			defer ts.Close()
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

// TestRequestBodies pins the exact requests the client sends, bodies in testdata/golden
// (go test -run TestRequestBodies -update rewrites them).
func TestRequestBodies(t *testing.T) {
	ann := engage.Contact{Email: "ann@example.org", Mobile: "+4915100000001", Identifier: "crm-1",
		Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}, {Name: "user.ISOCountryCode", Value: "DE"}}}
	tests := []struct {
		golden string
		call   contractCall
		uri    string
	}{
		{"create.json", create(ann), "/api/rest/v19/contact/create"},
		{"update-email.json", update(engage.IdentEmail, ann), "/api/rest/v19/contact/update?identifierType=EMAIL"},
		{"update-id.json", update(engage.IdentID, engage.Contact{ContactID: 42, Email: "ann@example.org"}),
			"/api/rest/v19/contact/update?identifierType=ID"},
		{"get.json", get(engage.IdentEmail, "ann@example.org"), "/api/rest/v19/contact/get"},
		{"delete.json", del(engage.IdentID, "42"), "/api/rest/v19/contact/delete"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var got *http.Request
			var body []byte
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, body = r, nil
				body, _ = io.ReadAll(r.Body)
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"contactId":42}`)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19/", User: contractUser, Password: contractPassword})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tt.call(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if got.Method != http.MethodPost || got.RequestURI != tt.uri {
				t.Errorf("request %s %s, want POST %s", got.Method, got.RequestURI, tt.uri)
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
			path := filepath.Join("testdata", "golden", tt.golden)
			if *updateGolden {
				if err := os.WriteFile(path, body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != string(want) {
				t.Errorf("body\n%s\nwant (%s)\n%s", body, path, want)
			}
		})
	}
}
