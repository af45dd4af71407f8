package engage

import (
	"bytes"
	"context"
	"encoding/json"
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
	q := url.Values{"identifierType": {string(t)}}
	if name != "" {
		q.Set("unifiedIdentifierName", name)
	}
	return c.contactCall(ctx, "update", "contact/update", q, ct, ct, t)
}

// get makes one GET attempt to path under the base URL and returns the body of a 2xx answer,
// through exchange like every other call.
func (c *Client) get(ctx context.Context, op, path string) ([]byte, int, error) {
	data, status, err := c.exchange(ctx, op, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, status, opError(op, err)
	}
	return data, status, nil
}
