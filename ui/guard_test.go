package ui

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const addr = "127.0.0.1:4711"

// guarded is a Guard in front of a handler that answers 200 "ok".
func guarded(t *testing.T, listenAny bool) (*Guard, http.Handler) {
	t.Helper()
	g, err := NewGuard(addr, listenAny)
	if err != nil {
		t.Fatal(err)
	}
	return g, g.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
}

// request makes a request to the guarded server as a browser would, with the session cookie
// when cookie is not "".
func request(method, target, cookie string, body url.Values) *http.Request {
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(body.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.Host = addr
	if cookie != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: cookie})
	}
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestGuardRefusesWithoutToken(t *testing.T) {
	g, h := guarded(t, false)
	for _, tc := range []struct {
		name string
		r    *http.Request
	}{
		{"no cookie", request("GET", "/", "", nil)},
		{"wrong cookie", request("GET", "/", strings.Repeat("0", 64), nil)},
		{"wrong token in the URL", request("GET", "/?t="+strings.Repeat("1", 64), "", nil)},
		{"token of the URL on a POST", request("POST", "/?t="+g.Token(), "", url.Values{csrfField: {g.CSRF()}})},
		{"static file", request("GET", "/static/app.css", "", nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(h, tc.r)
			if w.Code != http.StatusForbidden || w.Body.String() == "ok\n" || w.Body.String() == "ok" {
				t.Errorf("got %d %q, want 403", w.Code, w.Body.String())
			}
			if len(w.Result().Cookies()) != 0 {
				t.Errorf("a cookie was set: %v", w.Result().Cookies())
			}
		})
	}
}

func TestGuardTokenSetsCookie(t *testing.T) {
	g, h := guarded(t, false)
	w := serve(h, request("GET", "/fix?report=a.csv&t="+g.Token(), "", nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `content="0;url=/fix?report=a.csv"`) || strings.Contains(w.Body.String(), g.Token()) {
		t.Fatalf("got %d %q, want a page of this origin that leads on to the same page without the token", w.Code, w.Body.String())
	}
	cs := w.Result().Cookies()
	if len(cs) != 1 {
		t.Fatalf("cookies: %v, want one", cs)
	}
	c := cs[0]
	if c.Name != cookieName || c.Value != g.Token() || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
		t.Errorf("cookie %+v: want the token, HttpOnly, SameSite=Strict, Path=/", c)
	}
	if w := serve(h, request("GET", "/", c.Value, nil)); w.Code != http.StatusOK {
		t.Errorf("with the cookie: %d, want 200", w.Code)
	}
}

func TestGuardRefusesOtherHost(t *testing.T) {
	g, h := guarded(t, false)
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:4711", true},
		{"localhost:4711", true},
		{"LOCALHOST:4711", true},
		{"127.0.0.2:4711", true}, // loopback all the same
		{"evil.example:4711", false},
		{"localhost.evil.example:4711", false},
		{"127.0.0.1:80", false},
		{"127.0.0.1", false},
		{"192.168.1.5:4711", false},
		{"", false},
	} {
		t.Run(tc.host, func(t *testing.T) {
			r := request("GET", "/", g.Token(), nil)
			r.Host = tc.host
			w := serve(h, r)
			if got := w.Code == http.StatusOK; got != tc.ok {
				t.Errorf("Host %q: %d, want allowed=%v", tc.host, w.Code, tc.ok)
			}
		})
	}
}

func TestGuardListenAnyTakesIPLiteralsOnly(t *testing.T) {
	g, err := NewGuard("0.0.0.0:4711", true)
	if err != nil {
		t.Fatal(err)
	}
	h := g.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for host, ok := range map[string]bool{"192.168.1.5:4711": true, "[fe80::1]:4711": true, "evil.example:4711": false, "192.168.1.5:80": false} {
		r := request("GET", "/", g.Token(), nil)
		r.Host = host
		if got := serve(h, r).Code == http.StatusOK; got != ok {
			t.Errorf("Host %q: allowed=%v, want %v", host, got, ok)
		}
	}
}

func TestGuardRefusesCrossSitePost(t *testing.T) {
	g, h := guarded(t, false)
	form := url.Values{"report": {"a.csv"}}
	withCSRF := url.Values{"report": {"a.csv"}, csrfField: {g.CSRF()}}
	for _, tc := range []struct {
		name   string
		body   url.Values
		header map[string]string
		ok     bool
	}{
		{"no CSRF token", form, nil, false},
		{"wrong CSRF token", url.Values{csrfField: {strings.Repeat("2", 64)}}, nil, false},
		{"session token as CSRF token", url.Values{csrfField: {g.Token()}}, nil, false},
		{"from another origin", withCSRF, map[string]string{"Origin": "http://evil.example"}, false},
		{"opaque origin", withCSRF, map[string]string{"Origin": "null"}, false},
		{"marked cross-site", withCSRF, map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
		{"marked same-site", withCSRF, map[string]string{"Sec-Fetch-Site": "same-site"}, false},
		{"form field", withCSRF, map[string]string{"Origin": "http://" + addr, "Sec-Fetch-Site": "same-origin"}, true},
		{"htmx header", form, map[string]string{csrfHeader: g.CSRF()}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request("POST", "/fix/retry", g.Token(), tc.body)
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			if got := serve(h, r).Code == http.StatusOK; got != tc.ok {
				t.Errorf("allowed=%v, want %v", got, tc.ok)
			}
		})
	}
}

func TestGuardNoCORS(t *testing.T) {
	g, h := guarded(t, false)
	r := request("OPTIONS", "/fix/retry", g.Token(), nil)
	r.Header.Set("Origin", "http://evil.example")
	r.Header.Set("Access-Control-Request-Method", "POST")
	w := serve(h, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("preflight: %d, want 405", w.Code)
	}
	r = request("GET", "/", g.Token(), nil)
	r.Header.Set("Origin", "http://evil.example")
	w = serve(h, r)
	for k := range w.Header() {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("CORS header %s sent", k)
		}
	}
	if got := w.Header().Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options %q, want DENY", got)
	}
}

func TestGuardTokensAreRandom(t *testing.T) {
	a, _ := guarded(t, false)
	b, _ := guarded(t, false)
	if len(a.Token()) != 64 || a.Token() == b.Token() || a.CSRF() == b.CSRF() || a.Token() == a.CSRF() {
		t.Errorf("tokens %q %q, csrf %q %q: want 64 hex digits, each different", a.Token(), b.Token(), a.CSRF(), b.CSRF())
	}
}
