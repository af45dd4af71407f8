package ui

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"contactimport/importer/engage"
)

// The target and run methods of fakeEngine: a sandbox started with test.db, whose doctor
// prints findings in the CLI's layout and whose import ends at once with exit code 0.
func (e *fakeEngine) DefaultTarget() Target { return Target{Sandbox: true, DB: "test.db"} }
func (e *fakeEngine) Rate() float64         { return 10 }
func (e *fakeEngine) Groups(ctx context.Context, t Target) ([]engage.Group, error) {
	if !t.Sandbox {
		return nil, nil
	}
	return []engage.Group{{ID: 1001, Name: "newsletter"}, {ID: 1003, Name: "archived", Archived: true}}, nil
}
func (e *fakeEngine) Doctor(ctx context.Context, req DoctorRequest) int {
	fmt.Fprintf(req.Output, "target   %s\nok       API version: 19 — the target answers\n", req.Target)
	return 0
}
func (e *fakeEngine) Import(ctx context.Context, req ImportRequest) int { return 0 }

// targetEngine records the doctor and import requests it is given; its doctor blocks on a
// group other than 1001, as the real one does on a group the tenant lacks.
type targetEngine struct {
	fakeEngine
	mu      sync.Mutex
	doctors []DoctorRequest
	imports []ImportRequest
}

func (e *targetEngine) DefaultTarget() Target {
	return Target{DB: "default.db", URL: "https://tenant.example/api/rest/v19", User: "ops", EnvPassword: true}
}

func (e *targetEngine) Doctor(ctx context.Context, req DoctorRequest) int {
	e.mu.Lock()
	e.doctors = append(e.doctors, req)
	e.mu.Unlock()
	fmt.Fprintf(req.Output, "target   %s\n", req.Target)
	if req.Group != 0 && req.Group != 1001 {
		fmt.Fprintf(req.Output, "BLOCKS   group %d: not found — the import stops before its first row\n", req.Group)
		return 1
	}
	fmt.Fprintln(req.Output, "ok       credentials: accepted — the import can log in")
	return 0
}

func (e *targetEngine) Import(ctx context.Context, req ImportRequest) int {
	e.mu.Lock()
	e.imports = append(e.imports, req)
	e.mu.Unlock()
	return 0
}

const list = "/data/contacts.csv"

func targetForm(kv ...string) url.Values {
	f := url.Values{"list": {list}, "mapping": {""}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

func TestTargetScreenOffersTheStartedTargetAndItsGroups(t *testing.T) {
	_, _, do := fixServer(t, &fakeEngine{})
	resp := do("GET", "/target?list="+url.QueryEscape(list), nil)
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /target: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{`value="sandbox" checked`, `value="test.db"`, `<option value="1001">1001 — newsletter</option>`, `value="1003" disabled`, list, "automatic, from the column names"} {
		if !strings.Contains(page, want) {
			t.Errorf("target page lacks %q", want)
		}
	}
	if strings.Contains(page, `action="/import"`) {
		t.Error("the import can be started before the target was checked")
	}
}

func TestTargetRefusesARelativeList(t *testing.T) {
	_, _, do := fixServer(t, &fakeEngine{})
	resp := do("GET", "/target?list=contacts.csv", nil)
	if page := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "full path") {
		t.Errorf("relative list: %d %s, want 400 asking for the full path", resp.StatusCode, page)
	}
}

func TestTargetChoiceRunsDoctorAndShowsItsFindings(t *testing.T) {
	eng := &targetEngine{}
	_, s, do := fixServer(t, eng)
	resp := do("POST", "/target", targetForm("kind", "sandbox", "db", "/tmp/rehearsal.db", "group", "1001", "mode", "create"))
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /target: %d %s", resp.StatusCode, page)
	}
	if len(eng.doctors) != 1 {
		t.Fatalf("doctor ran %d times, want once", len(eng.doctors))
	}
	d := eng.doctors[0]
	if !d.Target.Sandbox || d.Target.DB != "/tmp/rehearsal.db" || d.Group != 1001 || d.List != list {
		t.Errorf("doctor asked for %+v (target %s), want the sandbox /tmp/rehearsal.db, group 1001, the list", d, d.Target)
	}
	for _, want := range []string{"ok       credentials: accepted — the import can log in", "An import can run as configured.", `action="/import"`, "Import into sandbox (/tmp/rehearsal.db)", `name="mode" value="create"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page after the check lacks %q", want)
		}
	}
	if got := s.targetName(); got != "sandbox (/tmp/rehearsal.db)" {
		t.Errorf("the target named in every page is %q, want the one chosen", got)
	}
}

func TestTargetDoctorBlockingHidesTheImport(t *testing.T) {
	_, _, do := fixServer(t, &targetEngine{})
	page := body(t, do("POST", "/target", targetForm("kind", "sandbox", "group", "77")))
	if !strings.Contains(page, "BLOCKS   group 77: not found") || !strings.Contains(page, "exit code 1") {
		t.Errorf("the blocking finding is not shown:\n%s", page)
	}
	if strings.Contains(page, `action="/import"`) {
		t.Error("the import can be started although doctor says it cannot run")
	}
}

// TestTargetTypedPasswordNeverShown types a password for a tenant: the engine gets it, no page
// and no log line shows it, and an empty field later keeps it for the same tenant and user.
func TestTargetTypedPasswordNeverShown(t *testing.T) {
	const secret = "s3cr3t-Pa55word"
	eng := &targetEngine{}
	dir, _, _ := fixServer(t, eng)
	var logs bytes.Buffer
	g, _ := NewGuard(addr, false)
	s, err := New(Config{Engine: eng, Guard: g, Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	do := func(method, target string, form url.Values) string {
		r := request(method, target, g.Token(), form)
		r.Header.Set(csrfHeader, g.CSRF())
		return serve(h, r).Body.String()
	}
	tenant := targetForm("kind", "tenant", "url", "https://tenant.example/api/rest/v19", "user", "ops", "password", secret)
	pages := do("POST", "/target", tenant)
	tenant.Set("password", "")
	pages += do("POST", "/target", tenant)
	pages += do("GET", "/target?list="+url.QueryEscape(list), nil)
	pages += do("POST", "/import", targetForm())
	pages += do("GET", "/", nil)
	s.Wait()
	if strings.Contains(pages, secret) || strings.Contains(logs.String(), secret) {
		t.Fatal("the typed password appears in a page or in the log")
	}
	if !strings.Contains(pages, "A password you typed is held") {
		t.Error("the page does not say that a typed password is held")
	}
	if len(eng.doctors) != 2 || eng.doctors[0].Target.Password != secret || eng.doctors[1].Target.Password != secret {
		t.Fatalf("doctor was not given the typed password both times (%d runs)", len(eng.doctors))
	}
	if len(eng.imports) != 1 || eng.imports[0].Target.Password != secret {
		t.Fatal("the import was not given the typed password")
	}
	if got := fmt.Sprintf("%v %+v %#v %s", eng.imports[0].Target, eng.imports[0].Target, eng.imports[0].Target, eng.imports[0].Target); strings.Contains(got, secret) {
		t.Errorf("formatting a Target shows its password: %s", got)
	}
	tenant.Set("user", "someone-else")
	do("POST", "/target", tenant)
	if p := eng.doctors[2].Target.Password; p != "" {
		t.Error("the typed password was kept for another user")
	}
}

// TestTargetNewPostsNeedCSRF: every POST route of the target and run screens refuses a request
// without the CSRF token.
func TestTargetNewPostsNeedCSRF(t *testing.T) {
	eng := &targetEngine{}
	dir, _, _ := fixServer(t, eng)
	g, _ := NewGuard(addr, false)
	s, err := New(Config{Engine: eng, Guard: g, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	for _, path := range []string{"/target", "/import", "/import/1/stop", "/import/1/resume"} {
		r := request("POST", path, g.Token(), targetForm("kind", "sandbox"))
		if w := serve(h, r); w.Code != http.StatusForbidden {
			t.Errorf("POST %s without CSRF: %d, want 403", path, w.Code)
		}
	}
	if len(eng.doctors)+len(eng.imports) != 0 {
		t.Error("a refused request reached the engine")
	}
}

// A sandbox database typed on the target screen that is a directory or a named pipe is refused
// before doctor or the group list opens it (the driver's open of a pipe never returns), and the
// target stays as it was; a relative one names a file of the working directory.
func TestTargetSandboxDBMustBeAFile(t *testing.T) {
	eng := &targetEngine{}
	dir, s, do := fixServer(t, eng)
	fifo := filepath.Join(dir, "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for db, want := range map[string]string{dir: "a directory", fifo: "a named pipe"} {
		resp := do("POST", "/target", targetForm("kind", "sandbox", "db", db))
		if page := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "sandbox database "+db+": it is "+want) {
			t.Errorf("sandbox database %s: %d %s", db, resp.StatusCode, excerpt(page, "error"))
		}
	}
	if len(eng.doctors) != 0 || s.chosen() != nil {
		t.Errorf("doctor ran %d times, target %v: want neither for a refused database", len(eng.doctors), s.chosen())
	}
	do("POST", "/target", targetForm("kind", "sandbox", "db", "rehearsal.db"))
	if len(eng.doctors) != 1 || eng.doctors[0].Target.DB != filepath.Join(dir, "rehearsal.db") {
		t.Errorf("doctor asked for %v, want the sandbox %s", eng.doctors, filepath.Join(dir, "rehearsal.db"))
	}
}

// A tenant URL typed with a user and password in it is refused before it is kept, logged or
// shown, and a Target never names one with its credentials.
func TestTargetURLWithCredentialsIsRefused(t *testing.T) {
	const secret = "s3cr3t-In-URL"
	eng := &targetEngine{}
	dir, _, _ := fixServer(t, eng)
	var logs bytes.Buffer
	g, _ := NewGuard(addr, false)
	s, err := New(Config{Engine: eng, Guard: g, Dir: dir, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	r := request("POST", "/target", g.Token(), targetForm("kind", "tenant", "url", "https://ops:"+secret+"@tenant.example/api/rest/v19"))
	r.Header.Set(csrfHeader, g.CSRF())
	w := serve(s.Handler(), r)
	page := w.Body.String() + body(t, serve(s.Handler(), request("GET", "/", g.Token(), nil)).Result())
	if w.Code != http.StatusBadRequest || !strings.Contains(page, "must not hold a user or password") {
		t.Errorf("status %d: %s", w.Code, excerpt(page, "error"))
	}
	if strings.Contains(page, secret) || strings.Contains(logs.String(), secret) || s.chosen() != nil || len(eng.doctors) != 0 {
		t.Errorf("the URL's password is in a page or the log, or the target was kept (%v, %d doctor runs)", s.chosen(), len(eng.doctors))
	}
	if got := (Target{URL: "https://ops:" + secret + "@tenant.example/x"}).String(); got != "https://tenant.example/x" {
		t.Errorf("Target.String() = %q, want the URL without its user and password", got)
	}
}
