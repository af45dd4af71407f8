package engage

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"contactimport/printable"
)

// Engage's errorCode values. The sandbox answers with these and the client classifies by them.
const (
	CodeNoSuchObject     = "NO_SUCH_OBJECT"
	CodeAlreadyExists    = "OBJECT_ALREADY_EXISTS"
	CodeInvalidParameter = "INVALID_PARAMETER"
	CodeMissingParameter = "MISSING_PARAMETER"
	CodeInvalidRequest   = "INVALID_REQUEST"
	CodePermissionDenied = "PERMISSION_DENIED"
	// CodeLimitExceeded is what the sandbox puts in the envelope of a throttle answer. Engage's
	// own code for it is not documented; classification relies on ThrottleMessage instead.
	CodeLimitExceeded = "LIMIT_EXCEEDED"
)

// codeMax caps an errorCode as the client shows it; Engage's codes are a few words long.
const codeMax = 100

// ThrottleMessage is the text of Engage's overload answer, an HTTP 500 without Retry-After.
const ThrottleMessage = "Database Access Limit Exceeded"

// Kind is what an error means to the caller.
type Kind int

// The kinds of failure, by what the caller should do about them.
const (
	KindOther     Kind = iota // unclassified: treat as final for the row
	KindNotFound              // the contact does not exist: create it instead
	KindExists                // the contact exists: update it instead
	KindInvalid               // the API rejected the row's data: final for the row
	KindAuth                  // credentials or permissions: stop the run
	KindEndpoint              // wrong URL or protocol (1xx, 3xx, 404, 405, 406, 415): no row can succeed
	KindThrottled             // overload (Engage's 500, 429, 503): slow everyone down, retry
	KindTransient             // other 5xx, resets, timeouts: retry with backoff
)

var kindNames = [...]string{"other", "not found", "already exists", "invalid", "auth", "endpoint", "throttled", "transient"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Sentinels for errors.Is: every *APIError and *TransportError matches the one of its kind.
var (
	ErrNotFound  = errors.New("contact does not exist")
	ErrExists    = errors.New("contact already exists")
	ErrInvalid   = errors.New("invalid request")
	ErrAuth      = errors.New("not authorised")
	ErrEndpoint  = errors.New("wrong endpoint")
	ErrThrottled = errors.New("throttled")
	ErrTransient = errors.New("transient failure")
	// ErrNotSent wraps the error of Config.BeforeAttempt: the request never went out.
	ErrNotSent = errors.New("not sent")
	// ErrUnreadable matches an *UnreadableError: an answer that does not say what happened to
	// the contact asked for (a 2xx without a contact, or an answer about another contact).
	ErrUnreadable = errors.New("unreadable answer")
)

var kindErrs = map[Kind]error{
	KindNotFound: ErrNotFound, KindExists: ErrExists, KindInvalid: ErrInvalid, KindAuth: ErrAuth,
	KindEndpoint: ErrEndpoint, KindThrottled: ErrThrottled, KindTransient: ErrTransient,
}

// ErrorBody is Engage's error envelope.
type ErrorBody struct {
	ErrorActor    string `json:"errorActor,omitempty"`
	ErrorCode     string `json:"errorCode,omitempty"`
	Message       string `json:"message,omitempty"`
	ObjectType    string `json:"objectType,omitempty"`
	PropertyName  string `json:"propertyName,omitempty"`
	PropertyValue string `json:"propertyValue,omitempty"`
	ParameterName string `json:"parameterName,omitempty"`
	Value         string `json:"value,omitempty"`
}

// APIError is an answer other than 2xx.
type APIError struct {
	Op         string // "get", "create", "update", "delete"
	Status     int
	Body       ErrorBody // zero when the answer was not JSON
	Text       string    // the first bytes of a non-JSON body
	RetryAfter time.Duration
	Kind       Kind
	// Location is where a 3xx answer pointed, as scheme://host/path (no userinfo, no query), or
	// "" when it named no valid place. Redirects are never followed.
	Location string
}

// Error names the operation, the code and Engage's message, with the offending value taken
// out: Engage repeats it ("Contact with identifier=ann@example.org does not exist"), and error
// strings end up in logs, which must not carry personal data. Body keeps the full detail.
func (e *APIError) Error() string {
	msg := e.Body.Message
	if msg == "" {
		msg = e.Text
	}
	for _, v := range []string{e.Body.PropertyValue, e.Body.Value} {
		if v != "" {
			msg = strings.ReplaceAll(msg, v, "…")
		}
	}
	// The server's words reach terminals, logs and reports: escaped and cut there once, here.
	msg = printable.Text(msg, printable.MessageMax)
	code := e.Code()
	if e.Status >= 300 && e.Status <= 399 {
		to := "a redirect without a valid Location"
		if e.Location != "" {
			to = "a redirect to " + e.Location
		}
		return fmt.Sprintf("%s contact: %s, %s, not followed; check --url / ENGAGE_URL", e.Op, code, to)
	}
	if e.Status < 200 {
		return fmt.Sprintf("%s contact: HTTP %d %s instead of an answer; check --url / ENGAGE_URL and any proxy (HTTPS_PROXY)", e.Op, e.Status, http.StatusText(e.Status))
	}
	if msg == "" {
		return fmt.Sprintf("%s contact: %s", e.Op, code)
	}
	return fmt.Sprintf("%s contact: %s: %s", e.Op, code, msg)
}

// Code is the machine code for reports: Engage's errorCode (escaped and cut to codeMax, as the
// server sent it), else "HTTP <status>".
func (e *APIError) Code() string {
	if e.Body.ErrorCode != "" {
		return printable.Text(e.Body.ErrorCode, codeMax)
	}
	return "HTTP " + strconv.Itoa(e.Status)
}

// Is makes errors.Is(err, ErrNotFound) and its siblings work.
func (e *APIError) Is(target error) bool { return kindErrs[e.Kind] == target }

// TransportError is a request that got no HTTP answer: refused, reset, timed out. When it timed out
// after being sent, the write may have been applied; callers must re-check before writing again.
type TransportError struct {
	Op  string
	Err error
}

func (e *TransportError) Error() string { return e.Op + " contact: " + e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrTransient) true for every transport failure.
func (e *TransportError) Is(target error) bool { return target == ErrTransient }

// CodeUnreadable is the report code of an *UnreadableError.
const CodeUnreadable = "unreadable_answer"

// UnreadableError is a 2xx answer that does not carry what the call returns: an empty body,
// null, an object without a contactId, no JSON at all, or a contact other than the one asked
// for. After a write the outcome is unknown
// (the write may have happened), so it is never a success and never a final refusal: it is
// KindTransient, and a retry re-checks (a retried create meets "exists" and becomes an update).
type UnreadableError struct {
	Op     string
	Status int    // the 2xx status; 0 when the answer came from elsewhere than HTTP
	Why    string // what was wrong with it: "empty answer", "no contactId", …
	// Other marks an answer about another contact than the one asked for (answer.go): a
	// contact with a contactId, but not this row's.
	Other bool
}

func (e *UnreadableError) Error() string {
	status := "the answer"
	if e.Status != 0 {
		status = "the HTTP " + strconv.Itoa(e.Status) + " answer"
	}
	if e.Other {
		return fmt.Sprintf("%s contact: %s is about another contact than the one asked for (%s), so whether the call took effect is unknown", e.Op, status, e.Why)
	}
	return fmt.Sprintf("%s contact: %s carries no contactId (%s), so whether the call took effect is unknown", e.Op, status, e.Why)
}

// Code is the report code, CodeUnreadable.
func (e *UnreadableError) Code() string { return CodeUnreadable }

// Is makes errors.Is(err, ErrTransient) and errors.Is(err, ErrUnreadable) true.
func (e *UnreadableError) Is(target error) bool {
	return target == ErrTransient || target == ErrUnreadable
}

// KindOf returns the kind of err: the kind of an *APIError, KindTransient for a *TransportError
// and an *UnreadableError, KindOther otherwise.
func KindOf(err error) Kind {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Kind
	}
	var te *TransportError
	if errors.As(err, &te) {
		return KindTransient
	}
	var ue *UnreadableError
	if errors.As(err, &ue) {
		return KindTransient
	}
	return KindOther
}

// Classify tells what an answer means from its status, errorCode and text. text is everything
// the body says in words (the client passes every string of a JSON body, or a text or HTML body
// without its tags); it is consulted only where Engage gives nothing else to go by:
//   - "contact exists": errorCode OBJECT_ALREADY_EXISTS, or "already exist" anywhere in the text
//     of a 4xx answer, whatever errorCode comes with it (Mapp documents only the text "Such
//     contact already exists"), except NO_SUCH_OBJECT, which says the opposite;
//   - the throttle answer: "Database Access Limit Exceeded" in any case and spacing anywhere in
//     the text of a 5xx answer (JSON message or another field, plain text, an HTML page).
//
// The sandbox's answers are read through this same function by the client; StatusOf is the other
// direction.
func Classify(status int, code, text string) Kind {
	text = foldText(text)
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden, code == CodePermissionDenied:
		return KindAuth
	case status == http.StatusTooManyRequests, status == http.StatusServiceUnavailable:
		return KindThrottled
	case status >= 500:
		if strings.Contains(text, throttleFolded) {
			return KindThrottled
		}
		return KindTransient
	case status == http.StatusRequestTimeout:
		return KindTransient
	case status < 200:
		// An informational answer as the final one (101 Switching Protocols): the server or a
		// proxy in between speaks another protocol on this URL. It answers the connection, not
		// the row, so no row can get past it.
		return KindEndpoint
	case status >= 300 && status <= 399:
		// A redirect: the URL is not the API's, and following it could carry the credentials
		// and the contact to another origin or over plain HTTP.
		return KindEndpoint
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed,
		status == http.StatusNotAcceptable, status == http.StatusUnsupportedMediaType:
		return KindEndpoint
	case code == CodeNoSuchObject:
		return KindNotFound
	case code == CodeAlreadyExists, status >= 400 && strings.Contains(text, "already exist"):
		return KindExists
	case status >= 400:
		return KindInvalid
	}
	return KindOther
}

// throttleFolded is ThrottleMessage as foldText spells it.
var throttleFolded = foldText(ThrottleMessage)

// foldText lower-cases s and turns every run of white space (non-breaking spaces and line
// breaks included) into one space, so that a phrase is found however a page wraps it.
func foldText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// StatusOf is the HTTP status Engage answers with for an errorCode: the other direction of
// Classify, used by the sandbox.
func StatusOf(code string) int {
	switch code {
	case CodePermissionDenied:
		return http.StatusForbidden
	case CodeLimitExceeded:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// answerTime is the time an answer was made by the server's own clock, its Date header, or local
// when it has none that parses. A Retry-After date is a time on the server's clock: read against
// the local clock, a server one hour fast asking for 2 s would be taken to ask for an hour and 2 s
// (RFC 9110 §10.2.3 counts the delay from the answer's Date).
func answerTime(h http.Header, local time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return local
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date, counted from now
// (answerTime).
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
