package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Once the server's context has ended (Ctrl-C), Wait may be waiting already: a request that
// would start a check, an import or a retry starts nothing and says why, so that no goroutine
// is added to those Wait waits for after it has begun.
func TestNothingStartsOnceTheServerStops(t *testing.T) {
	eng := &targetEngine{}
	_, s, do := fixServer(t, eng)
	do("POST", "/target", targetForm("kind", "sandbox", "db", "x.db"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s.cfg.Context = ctx
	s.Wait()

	resp := do("POST", "/map/check", url.Values{"path": {abs(t, contactsCSV)}, "yaml": {"columns: {}\n"}})
	if page := body(t, resp); !strings.Contains(page, text.stopping) {
		t.Errorf("a check asked for once the server stops: %d %s", resp.StatusCode, page)
	}
	resp = do("POST", "/import", targetForm())
	if page := body(t, resp); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, text.stopping) {
		t.Errorf("an import asked for once the server stops: %d %s", resp.StatusCode, excerpt(page, "error"))
	}
	resp = do("POST", "/fix/retry", row23("amelia.thomas@example.com"))
	if page := body(t, resp); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, text.stopping) {
		t.Errorf("a retry asked for once the server stops: %d %s", resp.StatusCode, excerpt(page, "error"))
	}
	s.Wait()
	eng.mu.Lock()
	defer eng.mu.Unlock()
	if len(eng.imports) != 0 || len(s.imports) != 0 || len(s.jobs) != 0 || len(s.lists.checks) != 0 {
		t.Errorf("started once the server stopped: %d imports, %d retries, %d checks", len(s.imports), len(s.jobs), len(s.lists.checks))
	}
}
