package importer

import (
	"errors"
	"fmt"

	"contactimport/importer/engage"
	"contactimport/report"
)

// rowFailure is failure with one more case: a row whose answers never said what happened (a 2xx
// without a contactId, after every retry) is transient with its own code, not a refusal: the
// write may have been applied, and a retry of the row re-checks (create meets "exists").
func rowFailure(err error) (report.Class, string, string) {
	var ue *engage.UnreadableError
	if errors.As(err, &ue) {
		return report.Transient, engage.CodeUnreadable, "gave up after retries: " + ue.Error() +
			"; retrying the row is safe (a create that did happen becomes an update)"
	}
	return failure(err)
}

// distrust returns the StopError for an answer that no row can get past: a redirect (the URL is
// not the API's; it is never followed) or a Retry-After beyond the bound. It returns nil for
// any other error.
func distrust(err error) *StopError {
	var long *waitTooLong
	if errors.As(err, &long) {
		return &StopError{Reason: long.Error(), Err: ErrUnreachable}
	}
	var ae *engage.APIError
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
