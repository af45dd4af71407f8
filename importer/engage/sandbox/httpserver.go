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

// HTTPServer returns an *http.Server that serves h with the timeouts above. errLog may be nil.
func HTTPServer(h http.Handler, errLog *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          errLog,
	}
}
