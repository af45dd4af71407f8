package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"html/template"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
)

// cookieName is the session cookie set from the token in the printed URL.
const cookieName = "contactimport_session"

// csrfHeader carries the CSRF token on requests htmx makes; forms carry it as csrfField.
const (
	csrfHeader = "X-CSRF-Token"
	csrfField  = "csrf"
)

// Guard refuses every request that does not come from the person who started the server:
// one without the session cookie (set only from the random token of the printed URL), one
// addressed to another Host (a DNS-rebinding page names its own domain), and a state-changing
// request that is not a POST carrying the CSRF token, or that a browser marks as cross-site.
type Guard struct {
	token     string // the session token, in the printed URL and the cookie
	csrf      string // the CSRF token, in every page the server renders
	port      string // the port listened on
	host      net.IP // the address listened on
	listenAny bool   // --listen-any: any IP-literal Host with our port is ours
}

// NewGuard makes a guard with fresh random tokens for a server listening on addr (host:port,
// as net.Listener.Addr gives it).
func NewGuard(addr string, listenAny bool) (*Guard, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	g := &Guard{port: port, host: net.ParseIP(host), listenAny: listenAny}
	if g.token, err = randomToken(); err != nil {
		return nil, err
	}
	if g.csrf, err = randomToken(); err != nil {
		return nil, err
	}
	return g, nil
}

// randomToken is 32 random bytes in hex.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Token returns the session token, for the URL the command prints.
func (g *Guard) Token() string { return g.token }

// CSRF returns the CSRF token the pages carry.
func (g *Guard) CSRF() string { return g.csrf }

// hostAllowed reports whether a Host header names this server: the address listened on, or
// "localhost" and any loopback address for a loopback listener, with the same port. A domain
// name other than localhost is never ours: that is what a DNS-rebinding page sends. With
// --listen-any, any IP literal with our port is accepted (a rebinding page cannot send one).
func (g *Guard) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != g.port {
		return false
	}
	loopback := g.host != nil && g.host.IsLoopback()
	if strings.EqualFold(host, "localhost") {
		return loopback
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return false
	case g.listenAny:
		return true
	case loopback:
		return ip.IsLoopback()
	}
	return ip.Equal(g.host)
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Wrap puts the guard in front of h. The token URL (/?t=…) sets the cookie and sends the browser
// on to the same page without the token, so that it stays out of the history and of any Referer.
func (g *Guard) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "same-origin") // no-referrer would make the browser send "Origin: null" on our own forms
		hdr.Set("Cache-Control", "no-store")
		if !g.hostAllowed(r.Host) {
			http.Error(w, text.refusedHost, http.StatusForbidden)
			return
		}
		if t := r.URL.Query().Get("t"); t != "" && r.Method == http.MethodGet && equal(t, g.token) {
			http.SetCookie(w, &http.Cookie{Name: cookieName, Value: g.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q := r.URL.Query()
			q.Del("t")
			u := *r.URL
			u.RawQuery = q.Encode()
			signedIn(w, u.RequestURI())
			return
		}
		c, err := r.Cookie(cookieName)
		if err != nil || !equal(c.Value, g.token) {
			http.Error(w, text.refusedToken, http.StatusForbidden)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodPost:
			var ok bool
			if r, ok = g.sameSite(r); !ok {
				http.Error(w, text.refusedCSRF, http.StatusForbidden)
				return
			}
		default:
			// No CORS: a preflight (OPTIONS) gets no Access-Control-* header, and no other
			// method changes anything.
			hdr.Set("Allow", "GET, HEAD, POST")
			http.Error(w, text.refusedMethod, http.StatusMethodNotAllowed)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sameSite reports whether a POST carries the CSRF token (header or form field) and is not
// marked by the browser as coming from another site. A multipart form (an upload) must carry
// the token as its first part: only that part is read, and the request goes on with the rest
// of the body unread, so that the list after it is streamed, never parsed whole here.
func (g *Guard) sameSite(r *http.Request) (*http.Request, bool) {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
		return r, false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		return r, false
	}
	tok := r.Header.Get(csrfHeader)
	if tok == "" && isMultipart(r) {
		return firstPartToken(r, g.csrf)
	}
	if tok == "" {
		tok = r.PostFormValue(csrfField)
	}
	return r, tok != "" && equal(tok, g.csrf)
}

// isMultipart reports whether r's body is a multipart form.
func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// multipartKey keys the multipart reader of a body whose first part the guard has read.
type multipartKey struct{}

// firstPartToken checks the CSRF token in the first part of r's multipart body, and returns r
// with the reader of the parts after it.
func firstPartToken(r *http.Request, want string) (*http.Request, bool) {
	mr, err := r.MultipartReader()
	if err != nil {
		return r, false
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != csrfField || part.FileName() != "" {
		return r, false
	}
	tok, err := io.ReadAll(io.LimitReader(part, 2*int64(len(want))+1))
	part.Close()
	if err != nil || !equal(string(tok), want) {
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), multipartKey{}, mr)), true
}

// multipartRest is the reader of the parts the guard has not read, or nil.
func multipartRest(r *http.Request) *multipart.Reader {
	mr, _ := r.Context().Value(multipartKey{}).(*multipart.Reader)
	return mr
}

// signedInPage leads the browser on from the token URL to the page without the token. It is a
// page of this origin rather than an HTTP redirect: a redirect would continue the navigation
// that brought the token URL, and when that came from another site (a link in a chat or a mail,
// the page `ui --open` gives the browser) the browser would not send the SameSite=Strict cookie
// just set; a navigation this origin starts carries it.
var signedInPage = template.Must(template.New("signed-in").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={{.URL}}">
<title>contactimport ui</title></head>
<body><p><a href="{{.URL}}">{{.Text}}</a></p></body></html>
`))

// signedIn answers the token URL with signedInPage, leading on to next (a path and query of this
// origin).
func signedIn(w http.ResponseWriter, next string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	signedInPage.Execute(w, leadOn{template.URL(next), text.leadOn})
}

// leadOn is what a page that leads the browser on is given: where to, and the link's words.
type leadOn struct {
	URL  template.URL
	Text string
}
