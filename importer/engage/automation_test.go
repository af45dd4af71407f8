package engage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestAutomationCallsSandbox: runOnce starts the sandbox's automation through BeforeAttempt with
// the credentials, and getDetails reads the process it names until it has finished.
func TestAutomationCallsSandbox(t *testing.T) {
	box, err := sandbox.New(sandbox.Options{User: contractUser, Password: contractPassword})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	files, err := sandbox.NewSFTP(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer files.Close()
	dir := filepath.Join(files.Files(), "upload")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("\"user.Email\"\r\n\"ann@example.org\"\r\n"), 0o600)
	autos := sandbox.NewAutomations(box, files, sandbox.DefaultAutomations())
	defer autos.Close()
	ts := httptest.NewServer(autos)
	defer ts.Close()
	before := 0
	c, _ := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword,
		BeforeAttempt: func(context.Context) error { before++; return nil }})
	id, err := c.RunAutomationOnce(t.Context(), sandbox.DefaultAutomations()[0].ID)
	if err != nil || id <= 0 {
		t.Fatalf("RunAutomationOnce = %d, %v", id, err)
	}
	autos.Wait()
	p, err := c.ProcessDetails(t.Context(), id)
	if err != nil || p.Status != engage.ProcessFinished || p.ProcessedCount != 1 || p.TotalCount != 1 || !p.Ended() {
		t.Fatalf("ProcessDetails = %+v, %v", p, err)
	}
	if before != 2 {
		t.Errorf("BeforeAttempt ran %d times, want 2", before)
	}
	if _, err := c.RunAutomationOnce(t.Context(), 99); !errors.Is(err, engage.ErrNotFound) {
		t.Errorf("unknown automation: %v, want ErrNotFound", err)
	}
}

// TestAutomationAnswers: runOnce's undocumented answer is read as a number or an object naming
// the process; anything else is unreadable. A getDetails answer without status is unreadable.
func TestAutomationAnswers(t *testing.T) {
	tests := []struct {
		body string
		want int64
	}{
		{`42`, 42}, {`{"processId":43}`, 43}, {`{"id":44}`, 44}, {``, 0}, {`{"status":"PROCESSING"}`, 0}, {`"x"`, 0},
	}
	for _, tc := range tests {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/automation/runOnce" || r.URL.Query().Get("automationId") != "7" {
				t.Errorf("request %s %s", r.Method, r.URL)
			}
			w.Write([]byte(tc.body))
		}))
		c, _ := engage.New(engage.Config{BaseURL: ts.URL})
		got, err := c.RunAutomationOnce(t.Context(), 7)
		if tc.want != 0 && (err != nil || got != tc.want) {
			t.Errorf("%q: %d, %v; want %d", tc.body, got, err, tc.want)
		}
		if tc.want == 0 && !errors.Is(err, engage.ErrUnreadable) {
			t.Errorf("%q: %d, %v; want ErrUnreadable", tc.body, got, err)
		}
		ts.Close()
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"processId":5}`))
	}))
	defer ts.Close()
	c, _ := engage.New(engage.Config{BaseURL: ts.URL})
	if _, err := c.ProcessDetails(t.Context(), 5); !errors.Is(err, engage.ErrUnreadable) {
		t.Errorf("getDetails without status: %v, want ErrUnreadable", err)
	}
}
