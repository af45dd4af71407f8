package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
)

// spellAnswer spells the custom attributes of a contact answer (get, create, update) the way the
// tenant names them on writes: a tenant that takes only user.CustomAttribute.<Name> answers with
// that name, so that a client which sends back what it read is never refused for a spelling the
// tenant itself returned. Under NamingBare and NamingEither the stored spelling stays.
func (s *Server) spellAnswer(ep string, rp reply) reply {
	if s.behaviour.CustomAttributes != NamingPrefixed || rp.status != http.StatusOK ||
		(ep != epGet && ep != epCreate && ep != epUpdate) {
		return rp
	}
	var w wireContact
	if json.Unmarshal(rp.body, &w) != nil {
		return rp
	}
	for i, a := range w.Attributes {
		if p := parseAttribute(a.Name); p.custom && !strings.HasPrefix(a.Name, "user."+customPrefix) {
			w.Attributes[i].Name = "user." + customPrefix + a.Name
		}
	}
	return jsonReply(rp.status, w)
}
