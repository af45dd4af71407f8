package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"contactimport/importer/engage"
)

// distrust returns the StopError for an answer that no row can get past: a redirect (the URL is
// not the API's; it is never followed), a Retry-After beyond the bound, or a 1xx as the final
// answer. It returns nil for any other error.
//
// A 1xx other than 100 Continue (in practice 101 Switching Protocols: a WebSocket or h2c
// endpoint, a proxy that upgrades) stops the run rather than failing the row: it answers the
// connection and the URL, not the row's data, so every row would meet it, and each would wait
// out the timeout on a connection that no longer speaks HTTP.
func distrust(err error) *StopError {
	var long *waitTooLong
	if errors.As(err, &long) {
		return &StopError{Reason: long.Error(), Err: ErrUnreachable}
	}
	var ae *engage.APIError
	if errors.As(err, &ae) && ae.Kind == engage.KindEndpoint && ae.Status > 0 && ae.Status < 200 {
		return &StopError{Err: err, Reason: fmt.Sprintf(
			"the server answered HTTP %d %s instead of an API answer: the URL or a proxy in between speaks another protocol; check --url or ENGAGE_URL and HTTPS_PROXY", ae.Status, http.StatusText(ae.Status))}
	}
	if errors.As(err, &ae) && ae.Kind == engage.KindEndpoint && ae.Status >= 300 && ae.Status <= 399 {
		to := "a redirect without a valid Location"
		if ae.Location != "" {
			to = "a redirect to " + ae.Location
		}
		return &StopError{Err: err, Reason: fmt.Sprintf(
			"the API URL looks wrong (HTTP %d, %s; redirects are never followed); check --url or ENGAGE_URL", ae.Status, to)}
	}
	return nil
}

// sameContact holds an update to the contact a get of the same row just returned (stored; nil
// when there was none): an answer with another contactId is about another contact, an unknown
// outcome like any unreadable answer (engage's answer.go holds the answer to the identifier
// sent; this holds it to the contact found). The ledger's contactId is not held against it: the
// contact may have been deleted and created anew since.
func sameContact(stored *engage.Contact, update func(context.Context) (*engage.Contact, error)) func(context.Context) (*engage.Contact, error) {
	if stored == nil || stored.ContactID <= 0 {
		return update
	}
	want := stored.ContactID
	return func(ctx context.Context) (*engage.Contact, error) {
		got, err := update(ctx)
		if err == nil && got != nil && got.ContactID > 0 && got.ContactID != want {
			return nil, &engage.UnreadableError{Op: "update", Other: true,
				Why: "its contactId " + strconv.FormatInt(got.ContactID, 10) + " is not the " +
					strconv.FormatInt(want, 10) + " the get before it found"}
		}
		return got, err
	}
}
