package engage

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
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
	UserAgent string       // defaults to "contactimport"
	HTTP      *http.Client // defaults to NewHTTPClient(TLSOptions{})
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
	c := &Client{base: u, ua: cfg.UserAgent, http: cfg.HTTP, before: cfg.BeforeAttempt}
	if c.ua == "" {
		c.ua = "contactimport"
	}
	if c.http == nil {
		c.http, _ = NewHTTPClient(TLSOptions{})
	}
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

// Get looks a contact up.
func (c *Client) Get(ctx context.Context, id ContactIdentifier) (*Contact, error) {
	var out Contact
	if err := c.call(ctx, "get", "contact/get", nil, id, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Create creates a contact. It fails with ErrExists when the email, mobile or alias is taken.
func (c *Client) Create(ctx context.Context, ct *Contact) (*Contact, error) {
	var out Contact
	if err := c.call(ctx, "create", "contact/create", nil, ct, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes the contact found by the body field that matches t. It fails with ErrNotFound
// when there is no such contact.
func (c *Client) Update(ctx context.Context, t IdentifierType, ct *Contact) (*Contact, error) {
	var out Contact
	q := url.Values{"identifierType": {string(t)}}
	if err := c.call(ctx, "update", "contact/update", q, ct, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a contact.
func (c *Client) Delete(ctx context.Context, id ContactIdentifier) error {
	return c.call(ctx, "delete", "contact/delete", nil, id, nil)
}

func (c *Client) call(ctx context.Context, op, path string, q url.Values, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s contact: encode request: %w", op, err)
	}
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + "/" + path
	u.RawQuery = q.Encode()
	if c.before != nil {
		if err := c.before(ctx); err != nil {
			return fmt.Errorf("%s contact: %w: %w", op, ErrNotSent, err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s contact: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s contact: %w", op, context.Cause(ctx))
		}
		return &TransportError{Op: op, Err: stripURL(err)}
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s contact: %w", op, context.Cause(ctx))
		}
		return &TransportError{Op: op, Err: fmt.Errorf("read answer: %w", stripURL(err))}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(op, resp, data)
	}
	if out == nil {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &APIError{Op: op, Status: resp.StatusCode, Text: "empty answer where a contact was expected", Kind: KindOther}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &APIError{Op: op, Status: resp.StatusCode, Text: "answer is not a contact: " + err.Error(), Kind: KindOther}
	}
	return nil
}

func newAPIError(op string, resp *http.Response, data []byte) *APIError {
	e := &APIError{Op: op, Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &e.Body) == nil {
		// decoded
	} else {
		e.Body = ErrorBody{}
		e.Text = shortText(trimmed)
	}
	msg := e.Body.Message
	if msg == "" {
		msg = e.Text
	}
	e.Kind = Classify(e.Status, e.Body.ErrorCode, msg)
	return e
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
