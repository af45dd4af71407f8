package sandbox

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"contactimport/importer/engage"
)

// The endpoint names used in Stats.
const (
	epGet     = "get"
	epCreate  = "create"
	epUpdate  = "update"
	epDelete  = "delete"
	epVersion = "getApiVersion"
	epOther   = "other"

	// The group and membership calls, named by their path so that they never mix with the
	// contact calls' names (Stats.Calls counts those only).
	epGroupGet         = "group/get"
	epSubscribe        = "membership/subscribe"
	epUnsubscribe      = "membership/unsubscribe"
	epMembershipGet    = "membership/get"
	epMembershipDelete = "membership/delete"
	epMemberAttributes = "membership/updateAttributes"
)

// groupEndpoints are the group and membership calls the sandbox serves, with their HTTP method.
var groupEndpoints = map[string]string{
	epGroupGet:         http.MethodGet,
	epSubscribe:        http.MethodPost,
	epUnsubscribe:      http.MethodPost,
	epMembershipGet:    http.MethodGet,
	epMembershipDelete: http.MethodDelete,
	epMemberAttributes: http.MethodPost,
}

// methodOf is the HTTP method endpoint ep answers to.
func methodOf(ep string) string {
	if m, ok := groupEndpoints[ep]; ok {
		return m
	}
	if ep == epVersion || readRoute(ep) != "" {
		return http.MethodGet
	}
	return http.MethodPost
}

// hasBody reports whether requests to ep carry a JSON body (and must say so in Content-Type).
// The membership calls take their arguments in the query; only updateAttributes has a body.
func hasBody(ep string) bool {
	if _, ok := groupEndpoints[ep]; ok {
		return ep == epMemberAttributes
	}
	return ep != epVersion && readRoute(ep) == ""
}

// APIVersion is what GET system/getApiVersion answers, the value of Mapp's documentation.
const APIVersion = "0.95"

// route returns the endpoint that path names: /api/rest/vN/contact/{create,get,update,delete},
// /api/rest/vN/system/getApiVersion, group/get or one of the membership calls, with N in 1..19 or without the vN/ part, as Engage also
// serves its current version unversioned. Anything else is epOther.
func route(path string) string {
	rest, ok := strings.CutPrefix(path, "/api/rest/")
	if !ok {
		return epOther
	}
	if version, after, ok := strings.Cut(rest, "/"); ok && strings.HasPrefix(version, "v") {
		digits := version[1:]
		if n, err := strconv.Atoi(digits); err != nil || n < 1 || n > 19 || digits != strconv.Itoa(n) {
			return epOther
		}
		rest = after
	}
	if rest == "system/getApiVersion" {
		return epVersion
	}
	if _, ok := groupEndpoints[rest]; ok {
		return rest
	}
	if ep := readRoute(rest); ep != "" {
		return ep
	}
	switch call, ok := strings.CutPrefix(rest, "contact/"); call {
	case epGet, epCreate, epUpdate, epDelete:
		if ok {
			return call
		}
	}
	return epOther
}

// reply is an answer, built before it is written so that latency and injected faults can be applied
// to every answer alike.
type reply struct {
	status      int
	contentType string
	body        []byte
	header      http.Header
	drop        bool // close the connection without an answer
}

func textReply(status int, text string) reply {
	return reply{status: status, contentType: "text/plain; charset=utf-8", body: []byte(text + "\n")}
}

func jsonReply(status int, v any) reply {
	body, err := json.Marshal(v)
	if err != nil {
		return textReply(http.StatusInternalServerError, "encode answer: "+err.Error())
	}
	return reply{status: status, contentType: "application/json", body: body}
}

// errorReply answers with Engage's error envelope, at the status that goes with its errorCode.
func errorReply(body *engage.ErrorBody) reply {
	status := engage.StatusOf(body.ErrorCode)
	if body.ErrorActor == "" {
		body.ErrorActor = "CLIENT"
		if status >= 500 {
			body.ErrorActor = "SERVER"
		}
	}
	return jsonReply(status, body)
}

// envelopeReply answers with the envelope at a status the errorCode does not imply (404, 405, 415).
func envelopeReply(status int, code, message string) reply {
	return jsonReply(status, engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: code, Message: message})
}

func internalError() reply {
	return jsonReply(http.StatusInternalServerError, engage.ErrorBody{ErrorActor: "SERVER", Message: "Internal server error"})
}

const forbiddenPage = `<!DOCTYPE html>
<html><head><title>403 Forbidden</title></head>
<body><h1>Forbidden</h1><p>You don't have permission to access this resource.</p></body></html>
`

// checkAuth answers 401 without credentials and 403 with wrong ones (an HTML page, as the gateway in
// front of Engage sends). It returns false when the request may go on.
func (s *Server) checkAuth(r *http.Request) (reply, bool) {
	if s.opts.User == "" && s.opts.Password == "" {
		return reply{}, false
	}
	if r.Header.Get("Authorization") == "" {
		rp := textReply(http.StatusUnauthorized, "Unauthorized")
		rp.header = http.Header{"Www-Authenticate": {`Basic realm="Engage API"`}}
		return rp, true
	}
	user, password, ok := r.BasicAuth()
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.User)) == 1
	passOK := subtle.ConstantTimeCompare([]byte(password), []byte(s.opts.Password)) == 1
	if !ok || !userOK || !passOK {
		return reply{status: http.StatusForbidden, contentType: "text/html; charset=utf-8", body: []byte(forbiddenPage)}, true
	}
	return reply{}, false
}

// checkMedia answers 415 unless a request with a body declares it JSON and 406 when the Accept
// header leaves JSON out. It returns false when the request may go on.
func checkMedia(r *http.Request, hasBody bool) (reply, bool) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); hasBody && (err != nil || mt != "application/json") {
		return envelopeReply(http.StatusUnsupportedMediaType, engage.CodeInvalidRequest,
			"Content-Type must be application/json"), true
	}
	if !acceptsJSON(r.Header.Values("Accept")) {
		return textReply(http.StatusNotAcceptable, "Not Acceptable"), true
	}
	return reply{}, false
}

// acceptsJSON reports whether Accept headers admit application/json; no header admits anything.
func acceptsJSON(accept []string) bool {
	ranges := strings.Join(accept, ",")
	if strings.TrimSpace(ranges) == "" {
		return true
	}
	for part := range strings.SplitSeq(ranges, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, err := strconv.ParseFloat(params["q"], 64); err == nil && q <= 0 {
			continue
		}
		switch mt {
		case "application/json", "application/*", "*/*":
			return true
		}
	}
	return false
}

// wireAttribute and wireContact are the request and answer bodies. Pointers tell an omitted field
// from an empty one, which update treats differently.
type wireAttribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type wireContact struct {
	ContactID  *int64          `json:"contactId,omitempty"`
	Email      *string         `json:"emailAddress,omitempty"`
	Mobile     *string         `json:"mobileNumber,omitempty"`
	Alias      *string         `json:"applicationAlias,omitempty"`
	Identifier *string         `json:"identifier,omitempty"`
	Attributes []wireAttribute `json:"attributes"`
}

type wireIdentifier struct {
	Type  *string `json:"type"`
	Value *string `json:"value"`
}

// validIdentifierType reports whether t is one of Engage's ContactIdentifierType values, which are
// matched case-sensitively.
func validIdentifierType(t string) bool {
	switch t {
	case "EMAIL", "MOBILE", "APP_ALIAS", "EXTERNAL", "ID":
		return true
	}
	return false
}

// enumError is the plain-text 400 Engage's JSON layer gives for an identifier type it does not know.
func enumError(t string) reply {
	return textReply(http.StatusBadRequest, "JSON parse error: cannot deserialize value of type `ContactIdentifierType` from String "+
		strconv.Quote(t)+": not one of the values accepted for Enum class: [APP_ALIAS, EMAIL, EXTERNAL, ID, MOBILE]")
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// contactAnswer is the body of a 200 answer to get, create and update.
func contactAnswer(c *Contact) reply {
	w := wireContact{ContactID: &c.ID, Email: optional(c.Email), Mobile: optional(c.Mobile),
		Alias: optional(c.Alias), Identifier: optional(c.Identifier), Attributes: []wireAttribute{}}
	for name, value := range c.Attributes {
		w.Attributes = append(w.Attributes, wireAttribute{Name: name, Value: value})
	}
	sort.Slice(w.Attributes, func(i, j int) bool { return w.Attributes[i].Name < w.Attributes[j].Name })
	return jsonReply(http.StatusOK, w)
}
