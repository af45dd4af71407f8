package sandbox

import (
	"log"
	"net/http"
	"time"
)

// Timeouts of the HTTP server a sandbox runs behind. A client that stops sending in the middle of
// a request (a slow header or a slow body) is cut off, so that stalled or hostile connections do
// not pile up. Answers have no write timeout: --latency may delay them on purpose.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second // the whole request, body included
	IdleTimeout       = 2 * time.Minute  // a kept-alive connection without a request
)

// HTTPServer returns an *http.Server that serves h with the timeouts above, closing the
// connection after every chunked request (closeAfterChunked). errLog may be nil.
func HTTPServer(h http.Handler, errLog *log.Logger) *http.Server {
	return &http.Server{
		Handler:           closeAfterChunked(h),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          errLog,
	}
}

// closeAfterChunked answers a request sent with Transfer-Encoding and closes its connection
// after the answer. RFC 9112 §6.3: a request with both Transfer-Encoding and Content-Length may
// be an attempt at request smuggling (a proxy in front that reads the Content-Length sees one
// request where the chunked body ends early and a second request follows), and the server must
// close the connection after answering it, so that what follows the chunked body is never read
// as a request. Go's server removes the Content-Length of a chunked request before a handler
// sees it, so the two cannot be told apart here: every chunked request closes its connection.
// The contact API's clients send a Content-Length; a chunked one only pays a new connection.
func closeAfterChunked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.TransferEncoding) > 0 {
			w.Header().Set("Connection", "close")
		}
		h.ServeHTTP(w, r)
	})
}
