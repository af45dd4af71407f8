package importer

import (
	"errors"

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
