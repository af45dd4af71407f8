package engage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrNoUpdateVersion matches a *NoUpdateVersionError: the tenant does not answer
// contact/checkUpdateVersion to this user.
var ErrNoUpdateVersion = errors.New("the tenant does not answer contact/checkUpdateVersion")

// NoUpdateVersionError is the answer 404 (other than "no such contact") or 403 to
// contact/checkUpdateVersion: a tenant older than v13, or a user without the right to call it.
type NoUpdateVersionError struct {
	Status int
}

func (e *NoUpdateVersionError) Error() string {
	return fmt.Sprintf("contact/checkUpdateVersion: HTTP %d %s: the tenant does not answer it to this user", e.Status, http.StatusText(e.Status))
}

// Is makes errors.Is(err, ErrNoUpdateVersion) true.
func (e *NoUpdateVersionError) Is(target error) bool { return target == ErrNoUpdateVersion }

// savedFields are the boolean fields of an answer object that say whether the last update is
// saved, and savedStatus the words of a status field, upper-cased, with what each says.
var (
	savedFields = []string{"saved", "savedInDataStore", "isSaved", "updateSaved"}
	savedStatus = map[string]bool{
		"SAVED": true, "DONE": true, "COMPLETED": true, "COMPLETE": true, "SUCCESS": true, "FINISHED": true,
		"PENDING": false, "NOT_SAVED": false, "IN_PROGRESS": false, "QUEUED": false, "PROCESSING": false, "RUNNING": false,
	}
)

// CheckUpdateVersion asks whether the last update of the contact with contactID is saved (Mapp:
// contact/checkUpdateVersion, v13+, tells whether an update is "saved in Data Store"; updates may
// be saved asynchronously, so that a read right after one returns the old values).
//
// The call is reported, not documented: neither its request nor its answer is settled. This
// client sends GET contact/checkUpdateVersion?contactId=<contactID>, the form of the other
// contact reads by ID, and reads leniently an answer that is a JSON boolean, or an object with a
// boolean field saved, savedInDataStore, isSaved or updateSaved, or with a status field whose
// word says saved (SAVED, DONE, COMPLETED, …) or not yet (PENDING, IN_PROGRESS, QUEUED, …). The
// sandbox plays {"contactId":…,"saved":true|false}. Any other 2xx answer wraps ErrUnreadable: a
// caller treats the call as not available then, never guesses.
//
// A 404 that is not Engage's "no such contact", or a 403, is a *NoUpdateVersionError; other
// failures are the client's usual errors.
func (c *Client) CheckUpdateVersion(ctx context.Context, contactID int64) (saved bool, err error) {
	const op = "contact/checkUpdateVersion"
	data, status, err := c.exchange(ctx, op, http.MethodGet, op, url.Values{"contactId": {formatInt(contactID)}}, nil)
	var ae *APIError
	if errors.As(err, &ae) && ((ae.Status == http.StatusNotFound && ae.Body.ErrorCode != CodeNoSuchObject) || ae.Status == http.StatusForbidden) {
		return false, &NoUpdateVersionError{Status: ae.Status}
	}
	if err != nil {
		return false, opError(op, err)
	}
	saved, ok := readSaved(bytes.TrimSpace(data))
	if !ok {
		return false, fmt.Errorf("%s: the HTTP %d answer does not say whether the update is saved: %w", op, status, ErrUnreadable)
	}
	return saved, nil
}

// readSaved reads an answer of contact/checkUpdateVersion as CheckUpdateVersion describes; ok is
// false when it does not say one way or the other, or says both.
func readSaved(data []byte) (saved, ok bool) {
	if string(data) == "null" {
		return false, false
	}
	if json.Unmarshal(data, &saved) == nil {
		return saved, true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return false, false
	}
	var says []bool
	for name, raw := range obj {
		var b bool
		switch {
		case isOneOf(name, savedFields) && json.Unmarshal(raw, &b) == nil:
			says = append(says, b)
		case strings.EqualFold(name, "status"):
			var word string
			if json.Unmarshal(raw, &word) != nil {
				return false, false
			}
			v, known := savedStatus[strings.ToUpper(strings.TrimSpace(word))]
			if !known {
				return false, false
			}
			says = append(says, v)
		case isOneOf(name, savedFields):
			return false, false // a saved field that is not a boolean
		}
	}
	if len(says) == 0 {
		return false, false
	}
	for _, v := range says[1:] {
		if v != says[0] {
			return false, false
		}
	}
	return says[0], true
}

func isOneOf(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}
