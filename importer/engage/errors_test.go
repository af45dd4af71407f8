package engage

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		code    string
		message string
		want    Kind
	}{
		{"missing contact", 400, CodeNoSuchObject, "Contact with identifier=x does not exist.", KindNotFound},
		{"existing contact", 400, CodeAlreadyExists, "Such contact already exists", KindExists},
		{"existing contact, text only", 400, "", "Contact already exists", KindExists},
		{"another code with the exists text", 400, CodeInvalidParameter, "Such contact already exists", KindExists},
		{"no code, exists text in another case", 400, "", "SUCH CONTACT ALREADY EXISTS", KindExists},
		{"exists text on a 409", 409, "CONFLICT", "contact already exists", KindExists},
		{"no such object mentioning already exists", 400, CodeNoSuchObject, "Contact does not exist; it was already exported", KindNotFound},
		{"exists text on a 5xx is not an answer about the row", 500, "", "already exists", KindTransient},
		{"engage throttle, wrapped over lines", 500, "", "Error:\n Database   Access\nLimit Exceeded\u00a0", KindThrottled},
		{"engage throttle on a 502", 502, "", "database access limit exceeded", KindThrottled},
		{"invalid parameter", 400, CodeInvalidParameter, "too long", KindInvalid},
		{"plain-text 400", 400, "", "cannot deserialize value", KindInvalid},
		{"401", 401, "", "", KindAuth},
		{"403 html", 403, "", "<html>Forbidden</html>", KindAuth},
		{"permission denied code", 400, CodePermissionDenied, "", KindAuth},
		{"engage throttle", 500, "", "Database Access Limit Exceeded", KindThrottled},
		{"engage throttle, other case", 500, "X", "database access limit exceeded.", KindThrottled},
		{"429", 429, "", "", KindThrottled},
		{"503", 503, "", "", KindThrottled},
		{"500", 500, "", "NullPointerException", KindTransient},
		{"502", 502, "", "", KindTransient},
		{"408", 408, "", "", KindTransient},
		{"404", 404, CodeInvalidRequest, "", KindEndpoint},
		{"415", 415, "", "", KindEndpoint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Classify(tc.status, tc.code, tc.message); got != tc.want {
				t.Errorf("Classify(%d, %q, %q) = %v, want %v", tc.status, tc.code, tc.message, got, tc.want)
			}
		})
	}
}

func TestAPIErrorOmitsValues(t *testing.T) {
	e := &APIError{Op: "get", Status: 400, Kind: KindNotFound, Body: ErrorBody{ErrorCode: CodeNoSuchObject,
		Message: "Contact with identifier=ann@example.org does not exist.", PropertyValue: "ann@example.org"}}
	if s := e.Error(); strings.Contains(s, "ann@example.org") || !strings.Contains(s, CodeNoSuchObject) {
		t.Errorf("Error() = %q: want the code without the email address", s)
	}
	if !errors.Is(e, ErrNotFound) || errors.Is(e, ErrExists) {
		t.Error("errors.Is must match the kind's sentinel only")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		"-3":                            0,
		"soon":                          0,
		"Thu, 26 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Thu, 26 Nov 2026 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestEmptyAnswerIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/api/rest/v19"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(t.Context(), ContactIdentifier{Type: IdentEmail, Value: "a@example.org"}); err == nil {
		t.Error("an empty 200 to get must not pass as a contact")
	}
}

func TestNewRejectsCredentialsInURL(t *testing.T) {
	if _, err := New(Config{BaseURL: "https://u:secret@host/api/rest/v19"}); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v, want a refusal that does not repeat the password", err)
	}
	if _, err := New(Config{BaseURL: "host/api"}); err == nil {
		t.Error("a URL without scheme must be refused")
	}
}

// TestRetryAfterDateOnTheServersClock: a Retry-After date is counted from the answer's Date, so
// a server clock one hour fast asking for its now + 2 s means 2 s; without a Date it is counted
// from the local clock.
func TestRetryAfterDateOnTheServersClock(t *testing.T) {
	server := time.Now().Add(time.Hour).Truncate(time.Second) // a clock one hour fast
	for _, tc := range []struct {
		name     string
		date     string
		after    time.Time
		min, max time.Duration
	}{
		{"server clock one hour fast", server.Format(http.TimeFormat), server.Add(2 * time.Second), 2 * time.Second, 2 * time.Second},
		{"no Date", "", time.Now().Add(2 * time.Minute), time.Minute, 2 * time.Minute},
		{"Date not a date", "yesterday", time.Now().Add(2 * time.Minute), time.Minute, 2 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", tc.after.UTC().Format(http.TimeFormat))
				if tc.date == "" {
					w.Header()["Date"] = nil // the server adds none
				} else {
					w.Header().Set("Date", tc.date)
				}
				w.WriteHeader(http.StatusTooManyRequests)
			}))
			defer ts.Close()
			c, err := New(Config{BaseURL: ts.URL + "/api/rest/v19"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Create(t.Context(), &Contact{Email: "ann@example.org"})
			var ae *APIError
			if !errors.As(err, &ae) || ae.Kind != KindThrottled {
				t.Fatalf("err = %v, want a throttle answer", err)
			}
			if ae.RetryAfter < tc.min || ae.RetryAfter > tc.max {
				t.Errorf("RetryAfter = %v, want %v to %v", ae.RetryAfter, tc.min, tc.max)
			}
		})
	}
}

// TestAPIErrorShowsServerTextSafely: a message of hundreds of KB and an errorCode with terminal escapes are
// shown escaped and cut: the error text stays about a kilobyte and acts on no terminal.
func TestAPIErrorShowsServerTextSafely(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		msg := strings.Repeat(`bad value \u001b]0;pwned\u0007\u202e `, 900_000/40) // about 850 KB on the wire
		io.WriteString(w, `{"errorActor":"CLIENT","errorCode":"\u001b[31mINVALID_PARAMETER","message":"`+msg+`"}`)
	}))
	defer ts.Close()
	c, err := New(Config{BaseURL: ts.URL + "/api/rest/v19"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(t.Context(), &Contact{Email: "ann@example.org"})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Kind != KindInvalid {
		t.Fatalf("err = %v, want a refusal", err)
	}
	msg := err.Error()
	if len(msg) > 1200 || strings.ContainsAny(msg, "\x1b\a\u202e") || !strings.Contains(msg, "…") {
		t.Errorf("error text of %d bytes, starting %q: want about 1 KB, escaped, cut with …", len(msg), msg[:60])
	}
	if code := ae.Code(); code != `\x1b[31mINVALID_PARAMETER` {
		t.Errorf("Code() = %q, want the escape shown", code)
	}
}
