package engage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxVersion caps the length of a version string taken from an answer.
const maxVersion = 40

// APIVersion calls GET system/getApiVersion, Engage's cheapest call without side effects: its
// answer proves that the base URL reaches the API over the configured proxy and TLS settings and
// that the credentials are accepted. It goes through Config.BeforeAttempt like every call. Its
// errors are the *APIError and *TransportError of the contact calls, with Op "getApiVersion"; a
// 2xx answer that is not a JSON string is an *UnreadableError.
func (c *Client) APIVersion(ctx context.Context) (string, error) {
	const op = "getApiVersion"
	data, status, err := c.get(ctx, op, "system/getApiVersion")
	if err != nil {
		return "", err
	}
	var v string
	if json.Unmarshal(bytes.TrimSpace(data), &v) != nil {
		return "", &UnreadableError{Op: op, Status: status, Why: "the answer is not a JSON string"}
	}
	v = strings.TrimSpace(v)
	if v == "" || len(v) > maxVersion {
		return "", &UnreadableError{Op: op, Status: status, Why: "the answer is not a version"}
	}
	return v, nil
}

// UpdateWithUnifiedName is contact/update with the unifiedIdentifierName parameter set to name,
// or left out when name is "". Mapp's current page marks the parameter as required and its own
// example passes the identifier's value; whether a tenant enforces it is one of the things
// `doctor` finds out, which needs an update that can leave it out. Everything else is Update's.
func (c *Client) UpdateWithUnifiedName(ctx context.Context, t IdentifierType, ct *Contact, name string) (*Contact, error) {
	var out Contact
	q := url.Values{"identifierType": {string(t)}}
	if name != "" {
		q.Set("unifiedIdentifierName", name)
	}
	if err := c.call(ctx, "update", "contact/update", q, ct, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// get makes one GET attempt to path under the base URL and returns the body of a 2xx answer.
// It follows the rules of call: BeforeAttempt first, no redirects, errors classified alike.
func (c *Client) get(ctx context.Context, op, path string) ([]byte, int, error) {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + "/" + path
	u.RawQuery = ""
	if c.before != nil {
		if err := c.before(ctx); err != nil {
			return nil, 0, fmt.Errorf("%s: %w: %w", op, ErrNotSent, err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, fmt.Errorf("%s: %w", op, context.Cause(ctx))
		}
		return nil, 0, &TransportError{Op: op, Err: stripURL(err)}
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
			return nil, 0, fmt.Errorf("%s: %w", op, context.Cause(ctx))
		}
		return nil, 0, &TransportError{Op: op, Err: fmt.Errorf("read answer: %w", stripURL(err))}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, resp.StatusCode, newAPIError(op, resp, data)
	}
	return data, resp.StatusCode, nil
}
