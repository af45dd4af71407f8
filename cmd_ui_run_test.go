package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"contactimport/ui"
)

// TestUIEngineRunTargetKeepsThePasswordOutOfTheArgs: a typed password reaches the command as
// ENGAGE_PASSWORD through getenv (ENGAGE_PASSWORD_FILE then ignored), never in its arguments.
func TestUIEngineRunTargetKeepsThePasswordOutOfTheArgs(t *testing.T) {
	env := map[string]string{"ENGAGE_USER": "env-user", "ENGAGE_PASSWORD_FILE": "/run/secret"}
	e := &uiEngine{o: &uiOptions{rate: 10}, getenv: func(k string) string { return env[k] }}
	args, getenv := e.runTarget(ui.Target{URL: "https://tenant.example/api/rest/v19", User: "typed", Password: "hunter2-typed"})
	if !slices.Equal(args, []string{"--url", "https://tenant.example/api/rest/v19"}) {
		t.Errorf("args %q", args)
	}
	if getenv("ENGAGE_PASSWORD") != "hunter2-typed" || getenv("ENGAGE_PASSWORD_FILE") != "" || getenv("ENGAGE_USER") != "typed" {
		t.Error("the typed user and password are not what the command reads from its environment")
	}
	_, getenv = e.runTarget(ui.Target{URL: "https://tenant.example/api/rest/v19"})
	if getenv("ENGAGE_PASSWORD_FILE") != "/run/secret" || getenv("ENGAGE_USER") != "env-user" {
		t.Error("without a typed password, the environment's is not used")
	}
	args, _ = e.runTarget(ui.Target{Sandbox: true, DB: "x.db", Password: "unused"})
	if !slices.Equal(args, []string{"--sandbox", "--sandbox-db", "x.db"}) {
		t.Errorf("sandbox args %q", args)
	}
}

// TestUIEngineTargetHidesURLCredentials: a user and password written into ENGAGE_URL or --url are
// never in the target's name, which every page's header shows.
func TestUIEngineTargetHidesURLCredentials(t *testing.T) {
	env := map[string]string{"ENGAGE_URL": "https://bob:hunter2@tenant.example/api/rest/v19"}
	e := &uiEngine{o: &uiOptions{rate: 10}, getenv: func(k string) string { return env[k] }}
	if got := e.Target(); strings.Contains(got, "hunter2") || strings.Contains(got, "bob") || !strings.Contains(got, "tenant.example/api/rest/v19") {
		t.Errorf("Target() = %q, want the URL without its user and password", got)
	}
	e.o.url = "https://alice:s3cret@other.example/api/rest/v19"
	if got := e.Target(); strings.Contains(got, "s3cret") || !strings.Contains(got, "other.example") {
		t.Errorf("Target() with --url = %q", got)
	}
	e.o.url, env = "", nil
	if got := e.Target(); !strings.HasPrefix(got, "none set") {
		t.Errorf("Target() without one = %q", got)
	}
}

// TestUIEngineDoctorOnTheSandbox runs doctor through the engine: its findings in the CLI's
// words, exit 0 for a group the sandbox has, 1 (BLOCKS) for one it lacks.
func TestUIEngineDoctorOnTheSandbox(t *testing.T) {
	list := sampleCopy(t)
	e := &uiEngine{o: &uiOptions{rate: 100}, getenv: noEnv}
	for _, tc := range []struct {
		group int64
		code  int
		want  string
	}{
		{1001, exitOK, `ok       group: group 1001 "newsletter" exists`},
		{4242, exitStopped, "BLOCKS   group: "},
	} {
		var out syncBuffer
		code := e.Doctor(t.Context(), ui.DoctorRequest{Target: ui.Target{Sandbox: true, DB: "sandbox.db"}, List: list, Group: tc.group, Output: &out})
		if code != tc.code || !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "target   sandbox (sandbox.db)") {
			t.Errorf("doctor --group %d: exit %d, want %d; output lacks %q:\n%s", tc.group, code, tc.code, tc.want, out.String())
		}
	}
	groups, err := e.Groups(t.Context(), ui.Target{Sandbox: true, DB: "sandbox.db"})
	if err != nil || len(groups) != 3 || groups[0].ID != 1001 || groups[0].Name != "newsletter" || !groups[2].Archived {
		t.Errorf("sandbox groups: %+v, %v", groups, err)
	}
}

// sampleCopy copies samples/contacts.csv into a fresh working directory (reports are written
// beside the list) and returns its absolute path.
func sampleCopy(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("samples", "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	dir, _ := os.Getwd()
	list := filepath.Join(dir, "contacts.csv")
	if err := os.WriteFile(list, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return list
}

// formClient is a browser without a browser and without htmx: the session cookie, and the CSRF
// token of the pages sent as a form field.
type formClient struct {
	t    *testing.T
	c    *http.Client
	base string
	csrf string
}

func newFormClient(t *testing.T, link string) *formClient {
	jar, _ := cookiejar.New(nil)
	u := &formClient{t: t, c: &http.Client{Jar: jar}}
	u.base, _, _ = strings.Cut(link, "/?")
	u.get(link) // sets the session cookie
	u.get(withoutToken(link))
	return u
}

func (u *formClient) read(r *http.Response, err error) (string, string) {
	u.t.Helper()
	if err != nil {
		u.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		u.t.Fatalf("%s: %d %s", r.Request.URL, r.StatusCode, b)
	}
	if m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindSubmatch(b); m != nil {
		u.csrf = string(m[1])
	}
	return string(b), r.Request.URL.Path
}

func (u *formClient) get(path string) (string, string) {
	if !strings.HasPrefix(path, "http") {
		path = u.base + path
	}
	return u.read(u.c.Get(path))
}

func (u *formClient) post(path string, form url.Values) (string, string) {
	form.Set("csrf", u.csrf)
	return u.read(u.c.PostForm(u.base+path, form))
}

// waitDone reads an import's events until "done": the stream ends when the import has ended.
func (u *formClient) waitDone(path string) string {
	u.t.Helper()
	stream, _ := u.get(path + "/events")
	if !strings.HasSuffix(stream, "event: done\ndata: \n\n") {
		u.t.Fatalf("%s/events did not end with done:\n%s", path, stream)
	}
	page, _ := u.get(path)
	return page
}

// TestUIImportStopResume starts an import from the target screen, refuses a second run on its
// report with the lock's message while it runs, stops it (exit 130, report kept), resumes it
// with --resume to the end, and reads the report on disk: every row of the list exactly once.
func TestUIImportStopResume(t *testing.T) {
	list := sampleCopy(t)
	link, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "40")
	defer stop()
	u := newFormClient(t, link)
	q := "list=" + url.QueryEscape(list)
	page, _ := u.get("/target?" + q)
	if !strings.Contains(page, `<option value="1001">1001 — newsletter</option>`) {
		t.Fatalf("the target screen does not offer the sandbox's groups:\n%s", page)
	}
	form := url.Values{"list": {list}, "kind": {"sandbox"}, "db": {"sandbox.db"}, "group": {"1001"}, "mode": {"upsert"}}
	page, _ = u.post("/target", form)
	if !strings.Contains(page, "result   an import can run as configured") {
		t.Fatalf("doctor's findings are not shown:\n%s", page)
	}
	page, first := u.post("/import", form)
	if !strings.HasPrefix(first, "/import/") || !strings.Contains(page, `sse-connect="`+first+`/events"`) {
		t.Fatalf("the import did not start (at %s):\n%s", first, page)
	}
	rows := regexp.MustCompile(`Rows done</dt><dd>(\d+)`)
	for tick := time.Tick(20 * time.Millisecond); ; <-tick { // until the report holds a row
		if p, _ := u.get(first); rows.FindStringSubmatch(p)[1] != "0" {
			break
		}
	}
	_, second := u.post(first+"/resume", url.Values{})
	page = u.waitDone(second)
	if !strings.Contains(page, "exit code 1") || !strings.Contains(page, "another contactimport run is using the report") {
		t.Errorf("a second run on the same report was not refused with the lock's message:\n%s", page)
	}
	u.post(first+"/stop", url.Values{})
	page = u.waitDone(first)
	if !strings.Contains(page, "Stopped (exit code 130)") || !strings.Contains(page, `action="`+first+`/resume"`) {
		t.Fatalf("stop did not end the import with 130 and a Resume button:\n%s", page)
	}
	reportPath := regexp.MustCompile(`<code>([^<]+\.report\.csv)</code>`).FindStringSubmatch(page)[1]
	if n := len(readReport(t, reportPath)); n == 0 || n >= 300 {
		t.Fatalf("the stopped run's report holds %d rows, want some of the 300", n)
	}
	_, third := u.post(first+"/resume", url.Values{})
	page = u.waitDone(third)
	if !strings.Contains(page, "Finished") || !strings.Contains(page, "294 created") || !strings.Contains(page, "6 failed") || !strings.Contains(page, "6 validation") {
		t.Errorf("the resumed import did not finish with the sample's counts:\n%s", page)
	}
	if !strings.Contains(page, `href="/fix?report=`+url.QueryEscape(reportPath)) && !strings.Contains(page, `href="/fix?report=`+reportPath) {
		t.Errorf("no link to fix the report's failed rows:\n%s", page)
	}
	got := readReport(t, reportPath)
	if len(got) != 300 {
		t.Errorf("the report holds %d rows, want each of the 300 once", len(got))
	}
	home, _ := u.get("/")
	for _, id := range []string{first, second, third} {
		if !strings.Contains(home, `href="`+id+`"`) {
			t.Errorf("the first page does not list the import %s", id)
		}
	}
}
