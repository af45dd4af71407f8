package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestUIAddrLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		addr      string
		listenAny bool
		ok        bool
	}{
		{"127.0.0.1:0", false, true},
		{"[::1]:8080", false, true},
		{"localhost:0", false, true},
		{"0.0.0.0:8080", false, false},
		{":8080", false, false},
		{"192.168.1.5:8080", false, false},
		{"example.com:8080", false, false},
		{"0.0.0.0:8080", true, true},
		{":8080", true, true},
		{"example.com:8080", true, false},
		{"127.0.0.1", false, false},
	} {
		err := checkAddr(tc.addr, tc.listenAny)
		if (err == nil) != tc.ok {
			t.Errorf("checkAddr(%q, listenAny=%v) = %v, want ok=%v", tc.addr, tc.listenAny, err, tc.ok)
		}
	}
}

func TestUIRefusesNonLoopbackAddr(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"ui", "--addr", "0.0.0.0:0"}, noEnv, nil, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "--listen-any") || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q: want exit 2 naming --listen-any, and no URL", code, stdout.String(), stderr.String())
	}
}

// TestUIRetryOverHTTP takes the fix-and-retry path over plain HTTP, without a browser: the
// printed URL's token sets the cookie, the page's CSRF token allows the POST, and the retry
// runs the retry command against the sandbox.
func TestUIRetryOverHTTP(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join("samples", "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var stdout, stderr syncBuffer
	if code := run(t.Context(), []string{"import", "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "1000", "--progress", "none", "--report", "contacts.report.csv", sample}, noEnv, nil, &stdout, &stderr); code != exitRowsFailed {
		t.Fatalf("import: exit %d; stderr: %s", code, stderr.String())
	}
	link, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "1000", "contacts.report.csv")
	defer stop()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(u string) string {
		r, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", u, r.StatusCode, b)
		}
		return string(b)
	}
	get(link)                       // sets the session cookie, and leads on to
	page := get(withoutToken(link)) // the report's failed rows
	if !strings.Contains(page, `<tr id="row-23">`) {
		t.Fatalf("the printed URL does not open the report's failed rows:\n%s", page)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token in the page")
	}
	base, _, _ := strings.Cut(link, "/fix?")
	form := url.Values{"csrf": {csrf[1]}, "report": {"contacts.report.csv"}, "row": {"23"},
		"c23": {"ameliathomas@example.com", "Amelia", "Thomas", "+447400123023", "GB", "en", "1976-06-27", "2", "B33 8TH", "Bronze", "true"}}
	r, err := c.PostForm(base+"/fix/retry", form)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Request.URL.Path, "/run/") {
		t.Fatalf("retry: %d at %s", r.StatusCode, r.Request.URL)
	}
	// The run's progress streams as server-sent events until "done".
	ev, err := c.Get(r.Request.URL.String() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	stream, _ := io.ReadAll(ev.Body) // ends when the retry has ended
	ev.Body.Close()
	if ct := ev.Header.Get("Content-Type"); ct != "text/event-stream" || !strings.HasSuffix(string(stream), "event: done\ndata: \n\n") || !strings.Contains(string(stream), "1 created") {
		t.Errorf("events (%s):\n%s", ct, stream)
	}
	if code := stop(); code != exitOK {
		t.Errorf("ui: exit %d", code)
	}
	checkRetryReport(t, "contacts.report.fixed.retry.csv", 23)
	if _, err := os.Stat("contacts.report.fixed.csv"); err != nil {
		t.Error(err)
	}
}

// withoutToken is the printed URL without its token: the page the token's page leads the browser
// on to, once it has set the session cookie.
func withoutToken(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Del("t")
	u.RawQuery = q.Encode()
	return u.String()
}
