package engage

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultTimeout bounds one attempt. Some Engage calls take over 30 s; 60 s leaves room.
const DefaultTimeout = 60 * time.Second

// maxBody caps how much of an answer is read; contact answers are a few KiB.
const maxBody = 1 << 20

// Config configures a Client.
type Config struct {
	BaseURL   string // e.g. https://host/api/rest/v19; any path prefix
	User      string
	Password  string
	UserAgent string // defaults to "contactimport"
	// HTTP defaults to NewHTTPClient(TLSOptions{}). The client uses a copy that never follows a
	// redirect, whatever HTTP.CheckRedirect says.
	HTTP *http.Client
	// BeforeAttempt, when set, runs before every HTTP attempt (the place for a rate limiter).
	// An error from it aborts the call and is returned as is.
	BeforeAttempt func(ctx context.Context) error
}

// Client calls the Engage contact API, one attempt per call. Safe for concurrent use.
type Client struct {
	base   *url.URL
	auth   string
	ua     string
	http   *http.Client
	before func(ctx context.Context) error
	// noReuse is set once an answer came out of step on a keep-alive connection (answer.go):
	// from then on each request has a connection of its own.
	noReuse atomic.Bool
	// omitUnified leaves unifiedIdentifierName out of Update (OmitUnifiedIdentifierName).
	omitUnified atomic.Bool
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, errors.New("engage: the base URL is not an absolute http(s) URL, like https://host/api/rest/v19")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("engage: base URL scheme %q is not http or https", u.Scheme)
	}
	if u.User != nil {
		return nil, errors.New("engage: base URL must not carry credentials; use ENGAGE_USER and ENGAGE_PASSWORD")
	}
	c := &Client{base: u, ua: cfg.UserAgent, before: cfg.BeforeAttempt}
	if c.ua == "" {
		c.ua = "contactimport"
	}
	hc := cfg.HTTP
	if hc == nil {
		hc, _ = NewHTTPClient(TLSOptions{})
	}
	c.http = noRedirects(hc)
	if cfg.User != "" || cfg.Password != "" {
		req := &http.Request{Header: http.Header{}}
		req.SetBasicAuth(cfg.User, cfg.Password)
		c.auth = req.Header.Get("Authorization")
	}
	return c, nil
}

// BaseURL is the API base the client calls, without credentials.
func (c *Client) BaseURL() string { return c.base.String() }

// TLSOptions adjust certificate checking.
type TLSOptions struct {
	CACertPEM          []byte // extra CA certificates, added to the system pool
	InsecureSkipVerify bool
}

// NewHTTPClient returns an http.Client with DefaultTimeout, connection reuse sized for a worker
// pool, proxies from HTTPS_PROXY/NO_PROXY, and the system CA pool plus opts.CACertPEM.
func NewHTTPClient(opts TLSOptions) (*http.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	tr.MaxIdleConns = 100
	tr.MaxIdleConnsPerHost = 64
	tr.IdleConnTimeout = 90 * time.Second
	tr.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: opts.InsecureSkipVerify}
	if len(opts.CACertPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(opts.CACertPEM) {
			return nil, errors.New("engage: no PEM certificate found in the CA file")
		}
		tlsCfg.RootCAs = pool
	}
	tr.TLSClientConfig = tlsCfg
	return &http.Client{Transport: tr, Timeout: DefaultTimeout}, nil
}

// noRedirects returns a copy of hc that hands every 3xx answer back to the caller. Following a
// redirect would send the credentials and the contact to wherever the server points, another
// origin or plain HTTP included, and turn a POST into a GET without a body.
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// Get looks a contact up. An answer about another contact than id names is an
// *UnreadableError (answer.go), as for Create and Update.
func (c *Client) Get(ctx context.Context, id ContactIdentifier) (*Contact, error) {
	return c.contactCall(ctx, "get", "contact/get", nil, id, identified(id), id.Type)
}

// Create creates a contact. It fails with ErrExists when the email, mobile or alias is taken.
func (c *Client) Create(ctx context.Context, ct *Contact) (*Contact, error) {
	return c.contactCall(ctx, "create", "contact/create", nil, ct, ct, "")
}

// Update changes the contact found by the body field that matches t. It fails with ErrNotFound
// when there is no such contact.
//
// The query carries unifiedIdentifierName, the value of that body field, as Mapp's current
// contact/update page requires and its own example sends
// (?identifierType=EMAIL&unifiedIdentifierName=j.mcexample%40example.com). A tenant that does
// not need it ignores it; one that does refuses every update without it.
//
// What the update does with what ct leaves out depends on the tenant (Tenant.Update): on a
// replacing tenant an omitted attribute or identifier field is removed. Callers that must not
// remove data send the whole contact.
func (c *Client) Update(ctx context.Context, t IdentifierType, ct *Contact) (*Contact, error) {
	if c.omitUnified.Load() {
		return c.UpdateWithUnifiedName(ctx, t, ct, "")
	}
	return c.UpdateWithUnifiedName(ctx, t, ct, IdentifierOf(ct, t).Value)
}

// Delete removes a contact.
func (c *Client) Delete(ctx context.Context, id ContactIdentifier) error {
	return c.call(ctx, "delete", "contact/delete", nil, id)
}

func (c *Client) call(ctx context.Context, op, path string, q url.Values, in any) error {
	_, _, err := c.exchange(ctx, op, http.MethodPost, path, q, in)
	if err != nil {
		return opError(op+" contact", err)
	}
	return nil
}

// exchange makes one attempt at a call: BeforeAttempt first, then the request with the client's
// credentials and User-Agent (in, when not nil, as the JSON body), no redirect followed (a 3xx
// is a wrong endpoint naming where it pointed, and so is a 1xx as the final answer), at most
// maxBody of the answer read. It returns
// the body and status of the answer; a non-2xx answer comes with its body and an *APIError, no
// answer is a *TransportError, a refusal of BeforeAttempt wraps ErrNotSent. Other errors (an
// encoding failure, the context's cause) carry no operation: the caller names it, see opError.
// Every call of the client goes through here, so each follows the same rules.
func (c *Client) exchange(ctx context.Context, op, method, path string, q url.Values, in any) ([]byte, int, error) {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, 0, fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(data)
	}
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + "/" + path
	u.RawQuery = q.Encode()
	if c.before != nil {
		if err := c.before(ctx); err != nil {
			return nil, 0, fmt.Errorf("%w: %w", ErrNotSent, err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, 0, stripURL(err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Close = c.noReuse.Load()
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, context.Cause(ctx)
		}
		return nil, 0, &TransportError{Op: op, Err: stripURL(err)}
	}
	if resp.StatusCode < 200 {
		// Go hands back only 101 Switching Protocols of the 1xx answers (it reads past 100 and
		// the other informational ones): the body is then the raw connection, which a drain
		// would wait on until the timeout. Closing it drops the connection.
		resp.Body.Close()
		return nil, resp.StatusCode, &APIError{Op: op, Status: resp.StatusCode, Kind: KindEndpoint}
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}()
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return nil, resp.StatusCode, &APIError{Op: op, Status: resp.StatusCode, Kind: KindEndpoint, Location: redirectTarget(resp)}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, context.Cause(ctx)
		}
		return nil, 0, &TransportError{Op: op, Err: fmt.Errorf("read answer: %w", stripURL(err))}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return data, resp.StatusCode, newAPIError(op, resp, data)
	}
	return data, resp.StatusCode, nil
}

// opError puts what prefix names the operation in front of an error of exchange that does not
// name it itself (*APIError and *TransportError do).
func opError(prefix string, err error) error {
	var ae *APIError
	var te *TransportError
	if errors.As(err, &ae) || errors.As(err, &te) {
		return err
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// decodeContact reads a 2xx answer that must be a contact. Anything else (empty, null, {}, a
// contact without contactId, not JSON) is an *UnreadableError: the call may have taken effect.
func decodeContact(op string, status int, data []byte, out *Contact) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return &UnreadableError{Op: op, Status: status, Why: "empty answer"}
	case string(data) == "null":
		return &UnreadableError{Op: op, Status: status, Why: "the answer is null"}
	case json.Unmarshal(data, out) != nil:
		// The decoder's message is left out: it may quote the answer, which holds personal data.
		return &UnreadableError{Op: op, Status: status, Why: "the answer is not a JSON contact"}
	case out.ContactID <= 0:
		return &UnreadableError{Op: op, Status: status, Why: "a contact object without it"}
	}
	return nil
}

// redirectTarget is where a 3xx answer points, as scheme://host/path: no userinfo, query or
// fragment, which may hold secrets. It is "" without a valid Location.
func redirectTarget(resp *http.Response) string {
	loc, err := resp.Location()
	if err != nil || loc.Host == "" {
		return ""
	}
	s := (&url.URL{Scheme: loc.Scheme, Host: loc.Host, Path: loc.Path}).String()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func newAPIError(op string, resp *http.Response, data []byte) *APIError {
	e := &APIError{Op: op, Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), answerTime(resp.Header, time.Now()))}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &e.Body) == nil {
		// decoded
	} else {
		e.Body = ErrorBody{}
		e.Text = shortText(trimmed)
	}
	e.Kind = Classify(e.Status, e.Body.ErrorCode, bodyText(trimmed))
	return e
}

// bodyText is everything an error answer says in words, for Classify: every string of a JSON
// body (message or any other field, at any depth), else the body as text with HTML tags
// removed and entities decoded.
func bodyText(b []byte) string {
	var v any
	if len(b) > 0 && (b[0] == '{' || b[0] == '[' || b[0] == '"') && json.Unmarshal(b, &v) == nil {
		var sb strings.Builder
		jsonStrings(v, &sb)
		return sb.String()
	}
	var sb strings.Builder
	inTag := false
	for _, r := range string(b) {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
			sb.WriteByte(' ')
		case !inTag:
			sb.WriteRune(r)
		}
	}
	return html.UnescapeString(sb.String())
}

// jsonStrings writes every string in v, keys excluded, each followed by a space.
func jsonStrings(v any, sb *strings.Builder) {
	switch v := v.(type) {
	case string:
		sb.WriteString(v)
		sb.WriteByte(' ')
	case []any:
		for _, x := range v {
			jsonStrings(x, sb)
		}
	case map[string]any:
		for _, x := range v {
			jsonStrings(x, sb)
		}
	}
}

// shortText keeps the start of a non-JSON body, with HTML tags and runs of space removed, so that
// an HTML error page reads as one line.
func shortText(b []byte) string {
	var sb strings.Builder
	inTag := false
	space := false
	for _, r := range string(b) {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
			space = true
		case inTag:
		case r == ' ' || r == '\n' || r == '\r' || r == '\t':
			space = true
		default:
			if space && sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			space = false
			sb.WriteRune(r)
		}
		if sb.Len() >= 200 {
			break
		}
	}
	return sb.String()
}

// stripURL drops the URL from a *url.Error: the error stays readable and carries no query values.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
