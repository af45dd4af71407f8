package engage_test

import (
	"errors"
	"net/http"
	"testing"

	"contactimport/importer/engage"
)

// TestCheckUpdateVersionRequest: the call is a GET of contact/checkUpdateVersion with the
// contactId in the query, and the sandbox's answer shape is read.
func TestCheckUpdateVersionRequest(t *testing.T) {
	var seen http.Request
	c := definitionsServer(t, 200, `{"contactId":42,"saved":false}`, &seen)
	saved, err := c.CheckUpdateVersion(t.Context(), 42)
	if err != nil || saved {
		t.Fatalf("saved %t, err %v; want not saved", saved, err)
	}
	if seen.Method != http.MethodGet || seen.URL.Path != "/api/rest/v19/contact/checkUpdateVersion" ||
		seen.URL.Query().Get("contactId") != "42" || seen.Header.Get("Authorization") == "" {
		t.Errorf("request %s %s", seen.Method, seen.URL)
	}
}

// TestCheckUpdateVersionShapes: each answer shape the client's reading allows says what it
// says; one that says nothing certain is unreadable.
func TestCheckUpdateVersionShapes(t *testing.T) {
	for _, tt := range []struct {
		body        string
		saved, read bool
	}{
		{`true`, true, true},
		{`false`, false, true},
		{`{"saved":true}`, true, true},
		{`{"savedInDataStore":false,"contactId":1}`, false, true},
		{`{"status":"SAVED"}`, true, true},
		{`{"status":"pending"}`, false, true},
		{`{"saved":true,"status":"DONE"}`, true, true},
		{`{"saved":true,"status":"PENDING"}`, false, false},
		{`{"status":"MAYBE"}`, false, false},
		{`{"saved":"yes"}`, false, false},
		{`{"status":3}`, false, false},
		{`{"contactId":1}`, false, false},
		{`{}`, false, false},
		{`null`, false, false},
		{``, false, false},
		{`"saved"`, false, false},
		{`[true]`, false, false},
	} {
		var seen http.Request
		c := definitionsServer(t, 200, tt.body, &seen)
		saved, err := c.CheckUpdateVersion(t.Context(), 1)
		if !tt.read {
			if !errors.Is(err, engage.ErrUnreadable) {
				t.Errorf("%s: saved %t, err %v; want unreadable", tt.body, saved, err)
			}
			continue
		}
		if err != nil || saved != tt.saved {
			t.Errorf("%s: saved %t, err %v; want %t", tt.body, saved, err, tt.saved)
		}
	}
}

// TestCheckUpdateVersionAbsent: a 404 without Engage's "no such contact" or a 403 says the
// tenant does not have the call; a "no such contact" and a server failure stay what they are.
func TestCheckUpdateVersionAbsent(t *testing.T) {
	for _, tt := range []struct {
		status int
		body   string
		absent bool
	}{
		{404, `{"errorActor":"CLIENT","errorCode":"INVALID_REQUEST","message":"No such endpoint"}`, true},
		{404, `<html>Not Found</html>`, true},
		{403, `{"errorCode":"ACCESS_DENIED","message":"forbidden"}`, true},
		{400, `{"errorActor":"CLIENT","errorCode":"NO_SUCH_OBJECT","message":"Contact with identifier=1 does not exist."}`, false},
		{404, `{"errorActor":"CLIENT","errorCode":"NO_SUCH_OBJECT","message":"Contact with identifier=1 does not exist."}`, false},
		{500, `{"errorActor":"SERVER","errorCode":"GENERAL_ERROR"}`, false},
	} {
		var seen http.Request
		c := definitionsServer(t, tt.status, tt.body, &seen)
		_, err := c.CheckUpdateVersion(t.Context(), 1)
		var ne *engage.NoUpdateVersionError
		if got := errors.As(err, &ne); got != tt.absent || err == nil {
			t.Errorf("HTTP %d %s: err %v; want absent %t", tt.status, tt.body, err, tt.absent)
			continue
		}
		if tt.absent && (ne.Status != tt.status || !errors.Is(err, engage.ErrNoUpdateVersion)) {
			t.Errorf("HTTP %d: %+v", tt.status, ne)
		}
	}
}
