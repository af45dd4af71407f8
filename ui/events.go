package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// tick is how often a running retry's report is looked at for the live progress.
const tick = 500 * time.Millisecond

// events streams a retry's progress (stream): a "status" event with the status fragment whenever
// the rows done change, the final fragment when the retry has ended, then "done".
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	j := s.job(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	last := -1
	s.stream(w, r, "status.html", j.done, func() (any, bool, bool) {
		st := s.status(j)
		changed := st.Written != last
		last = st.Written
		return st, changed, st.Done
	})
}

// stream sends the progress of one piece of work in the background (a retry, an import, a
// whole-file check) as server-sent events, for htmx's SSE extension. It asks poll for the status
// every tick, and at once when done closes; a "status" event carries the fragment tmpl renders
// whenever poll says the status changed, and always the last one, once poll says the work has
// ended; then comes "done", on which the page closes the stream. It returns when the work has
// ended or the browser has gone.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, tmpl string, done <-chan struct{}, poll func() (st any, changed, ended bool)) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, http.StatusInternalServerError, errors.New("streaming is not supported by this connection"))
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		st, changed, ended := poll()
		if changed || ended {
			if err := s.sse(w, "status", tmpl, st); err != nil {
				return
			}
		}
		if ended {
			fmt.Fprint(w, "event: done\ndata: \n\n")
			fl.Flush()
			return
		}
		fl.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-done:
		case <-t.C:
		}
	}
}

// sse writes one server-sent event whose data is the named template's fragment, one data:
// field per line of HTML.
func (s *Server) sse(w http.ResponseWriter, event, name string, data any) error {
	var b bytes.Buffer
	p := page{T: text, CSRF: s.cfg.Guard.CSRF(), Target: s.targetName(), Data: data}
	if err := s.tmpl.ExecuteTemplate(&b, name, p); err != nil {
		s.cfg.Log.Error("render event", "template", name, "err", err)
		return err
	}
	var e strings.Builder
	e.WriteString("event: " + event + "\n")
	for line := range strings.Lines(b.String()) {
		e.WriteString("data: " + strings.TrimRight(line, "\r\n") + "\n")
	}
	e.WriteString("\n")
	_, err := w.Write([]byte(e.String()))
	return err
}
