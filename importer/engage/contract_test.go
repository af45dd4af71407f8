package engage_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

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
	param  string            // envelope's parameterName
}

// kinds pairs every sentinel with the Kind that KindOf must report for it.
var kinds = map[error]engage.Kind{engage.ErrNotFound: engage.KindNotFound, engage.ErrExists: engage.KindExists,
	engage.ErrInvalid: engage.KindInvalid, engage.ErrAuth: engage.KindAuth, engage.ErrEndpoint: engage.KindEndpoint,
	engage.ErrThrottled: engage.KindThrottled, engage.ErrTransient: engage.KindTransient}

func checkErr(t *testing.T, err error, want wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("call succeeded, want %v", want.is)
	}
	if strings.Contains(err.Error(), contractPassword) {
		t.Errorf("error %q shows the password", err)
	}
	for s := range kinds {
		if got := errors.Is(err, s); got != (s == want.is) {
			t.Errorf("errors.Is(%q, %v) = %v", err, s, got)
		}
	}
	if got := engage.KindOf(err); got != kinds[want.is] { // a nil want.is is KindOther
		t.Errorf("KindOf(%q) = %v, want %v", err, got, kinds[want.is])
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
	if ae.Body.ParameterName != want.param {
		t.Errorf("parameterName %q, want %q", ae.Body.ParameterName, want.param)
	}
}

type contractCall func(ctx context.Context, c *engage.Client) (*engage.Contact, error)

func callGet(t engage.IdentifierType, v string) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
		return c.Get(ctx, engage.ContactIdentifier{Type: t, Value: v})
	}
}

func callCreate(ct engage.Contact) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) { return c.Create(ctx, &ct) }
}

func callUpdate(t engage.IdentifierType, ct engage.Contact) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) { return c.Update(ctx, t, &ct) }
}

func callDelete(t engage.IdentifierType, v string) contractCall {
	return func(ctx context.Context, c *engage.Client) (*engage.Contact, error) {
		return nil, c.Delete(ctx, engage.ContactIdentifier{Type: t, Value: v})
	}
}

// TestContractCalls is ENGAGE-API.md "Calls" and "Validation rules" against the sandbox: each call
// that succeeds, and each refusal with the classification the importer relies on.
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
	invalid := func(param string) wantErr {
		return wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeInvalidParameter, param: param}
	}
	missing := func(param string) wantErr {
		return wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeMissingParameter, param: param}
	}
	newWith := func(name, value string) contractCall {
		return callCreate(engage.Contact{Email: "new@example.org", Attributes: []engage.Attribute{{Name: name, Value: value}}})
	}
	renamed := []engage.Attribute{{Name: "user.firstname", Value: "Anne"}}
	tests := []struct {
		name string
		call contractCall
		want *engage.Contact // on success
		err  wantErr         // on failure
	}{
		{name: "get by email", call: callGet(engage.IdentEmail, "ann@example.org"), want: ann},
		{name: "get by email in another case", call: callGet(engage.IdentEmail, "ANN@example.org"), want: ann},
		{name: "get by mobile", call: callGet(engage.IdentMobile, "+4915100000001"), want: ann},
		{name: "get by alias", call: callGet(engage.IdentAlias, "ann-app"), want: ann},
		{name: "get by external id", call: callGet(engage.IdentExternal, "crm-1"), want: ann},
		{name: "get by contactId", call: callGet(engage.IdentID, "1"), want: ann},
		{name: "get missing", call: callGet(engage.IdentEmail, "nobody@example.com"), err: notFound("nobody@example.com")},
		{name: "get with a lower-case type", call: callGet("email", "ann@example.org"),
			err: wantErr{is: engage.ErrInvalid, status: 400, code: "HTTP 400", body: &engage.ErrorBody{}, text: "cannot deserialize value"}},
		{name: "create", call: callCreate(engage.Contact{Email: "cid@example.org", Identifier: "crm-1"}),
			want: &engage.Contact{ContactID: 3, Email: "cid@example.org", Identifier: "crm-1", Attributes: []engage.Attribute{}}},
		{name: "create with a taken email", call: callCreate(engage.Contact{Email: "Ann@Example.org"}), err: exists("emailAddress", "Ann@Example.org")},
		{name: "create with a taken mobile", call: callCreate(engage.Contact{Mobile: "+4915100000001"}), err: exists("mobileNumber", "+4915100000001")},
		{name: "create with a taken alias", call: callCreate(engage.Contact{Alias: "ann-app"}), err: exists("applicationAlias", "ann-app")},
		{name: "create from an external id alone", call: callCreate(engage.Contact{Identifier: "crm-9"}), err: missing("emailAddress")},
		{name: "update by email", call: callUpdate(engage.IdentEmail, engage.Contact{Email: "ann@example.org", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by mobile", call: callUpdate(engage.IdentMobile, engage.Contact{Mobile: "+4915100000001", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by alias", call: callUpdate(engage.IdentAlias, engage.Contact{Alias: "ann-app", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by external id", call: callUpdate(engage.IdentExternal, engage.Contact{Identifier: "crm-1", Attributes: renamed}), want: annAs("Anne")},
		{name: "update by contactId", call: callUpdate(engage.IdentID, engage.Contact{ContactID: 1, Attributes: renamed}), want: annAs("Anne")},
		{name: "update missing", call: callUpdate(engage.IdentEmail, engage.Contact{Email: "nobody@example.com"}), err: notFound("nobody@example.com")},
		{name: "update to a taken email", call: callUpdate(engage.IdentExternal, engage.Contact{Identifier: "crm-2", Email: "ann@example.org"}),
			err: exists("emailAddress", "ann@example.org")},
		{name: "update without identifierType", call: callUpdate("", engage.Contact{Email: "ann@example.org"}), err: invalid("identifierType")},
		{name: "update with a lower-case identifierType", call: callUpdate("email", engage.Contact{Email: "ann@example.org"}), err: invalid("identifierType")},
		{name: "update without the lookup field", call: callUpdate(engage.IdentMobile, engage.Contact{Email: "ann@example.org"}), err: missing("mobileNumber")},
		{name: "delete", call: callDelete(engage.IdentEmail, "bob@example.org")},
		{name: "delete missing", call: callDelete(engage.IdentID, "99"), err: notFound("99")},
		{name: "email pattern", call: callCreate(engage.Contact{Email: "ann..lee@example.org"}), err: invalid("emailAddress")},
		{name: "email length", call: callCreate(engage.Contact{Email: strings.Repeat("a", 118) + "@example.org"}), err: invalid("emailAddress")},
		{name: "mobile leading zero", call: callCreate(engage.Contact{Mobile: "015112345678"}), err: invalid("mobileNumber")},
		{name: "country code", call: newWith("user.ISOCountryCode", "XY"), err: invalid("ISOCountryCode")},
		{name: "language code", call: newWith("user.ISOLanguageCode", "deu"), err: invalid("ISOLanguageCode")},
		{name: "time zone", call: newWith("user.TimeZone", "Berlin"), err: invalid("TimeZone")},
		{name: "title", call: newWith("user.Title", "Mr"), err: invalid("Title")},
		{name: "date of birth", call: newWith("user.DateOfBirth", "1990-02-30"), err: invalid("DateOfBirth")},
		{name: "partner id", call: newWith("user.PartnerId", "123456"), err: invalid("PartnerId")},
		{name: "first name length", call: newWith("user.FirstName", strings.Repeat("a", 51)), err: invalid("FirstName")},
		{name: "last name length", call: newWith("user.LastName", strings.Repeat("a", 51)), err: invalid("LastName")},
		{name: "nickname length", call: newWith("user.Nickname", strings.Repeat("a", 21)), err: invalid("Nickname")},
		{name: "zip code length", call: newWith("user.ZipCode", strings.Repeat("1", 11)), err: invalid("ZipCode")},
		{name: "custom value length", call: newWith("user.CustomAttribute.Notes", strings.Repeat("a", 2001)), err: invalid("Notes")},
		{name: "valid attributes", call: callCreate(engage.Contact{Mobile: "4915112345678", Attributes: []engage.Attribute{
			{Name: "user.ISOCountryCode", Value: "DEU"}, {Name: "TimeZone", Value: "Europe/Berlin"}, {Name: "DateOfBirth", Value: "1990-02-28T08:00:00+01:00"}}}),
			want: &engage.Contact{ContactID: 3, Mobile: "4915112345678", Attributes: []engage.Attribute{
				{Name: "DateOfBirth", Value: "1990-02-28T08:00:00+01:00"}, {Name: "ISOCountryCode", Value: "DEU"}, {Name: "TimeZone", Value: "Europe/Berlin"}}}},
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
		{"throttled", sandbox.Options{Rate: 2}, nil, // seeding took the two requests of this second
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
