package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"contactimport/importer/engage"
)

// epCheckUpdateVersion is the call that tells whether a contact's last update is saved (Mapp:
// contact/checkUpdateVersion, v13+, reported but not documented).
const epCheckUpdateVersion = "contact/checkUpdateVersion"

// readRoute returns the GET-only endpoint without a body that rest names, or "": the definition
// lists and contact/checkUpdateVersion.
func readRoute(rest string) string {
	if rest == epCheckUpdateVersion {
		return rest
	}
	return definitionRoute(rest)
}

// savedAnswer is what the sandbox answers to contact/checkUpdateVersion. Mapp documents no
// shape; the sandbox plays the reading engage.Client.CheckUpdateVersion takes first.
type savedAnswer struct {
	ContactID int64 `json:"contactId"`
	Saved     bool  `json:"saved"`
}

// checkUpdateVersion answers GET contact/checkUpdateVersion?contactId=N: saved false while the
// contact's last update is not yet visible to contact/get (Definitions.VisibleAfter), true
// otherwise. A tenant played as old (Definitions.Unlisted) does not have the call: 404.
func (s *Server) checkUpdateVersion(ctx context.Context, q url.Values) reply {
	if s.behaviour.Definitions.Unlisted {
		return envelopeReply(http.StatusNotFound, engage.CodeInvalidRequest, "No such endpoint: "+epCheckUpdateVersion)
	}
	raw := q.Get("contactId")
	if raw == "" {
		return errorReply(missing("contactId", "Parameter 'contactId' is mandatory."))
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return errorReply(invalid("contactId", raw, "not a contactId"))
	}
	return s.run(ctx, func(tx *sql.Tx) (reply, error) {
		_, ok, err := findID(ctx, tx, "ID", id)
		if err != nil {
			return reply{}, err
		}
		if !ok {
			return reply{}, &refusal{noSuchObject(raw)}
		}
		return jsonReply(http.StatusOK, savedAnswer{ContactID: id, Saved: !s.lag.pending(id)}), nil
	})
}

// pending reports whether the last update of contact id is not yet visible to contact/get.
func (l *lag) pending(id int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.before[id]
	return ok && time.Now().Before(p.until)
}
