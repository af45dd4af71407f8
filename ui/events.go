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

// events streams a retry's progress as server-sent events, for htmx's SSE extension: a
// "status" event with the status fragment whenever the rows done change, the final fragment
// when the retry has ended, then "done", on which the page closes the stream.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	j := s.job(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, http.StatusInternalServerError, errors.New("streaming is not supported by this connection"))
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	t := time.NewTicker(tick)
	defer t.Stop()
	last := -1
	for {
		st := s.status(j)
		if st.Done || st.Written != last {
			if err := s.event(w, "status", st); err != nil {
				return
			}
			last = st.Written
		}
		if st.Done {
			fmt.Fprint(w, "event: done\ndata: \n\n")
			fl.Flush()
			return
		}
		fl.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-j.done:
		case <-t.C:
		}
	}
}

// event writes one server-sent event whose data is the status fragment, one data: field per
// line of HTML.
func (s *Server) event(w http.ResponseWriter, name string, st status) error {
	var b bytes.Buffer
	p := page{T: text, CSRF: s.cfg.Guard.CSRF(), Target: s.targetName(), Data: st}
	if err := s.tmpl.ExecuteTemplate(&b, "status.html", p); err != nil {
		s.cfg.Log.Error("render event", "err", err)
		return err
	}
	var e strings.Builder
	e.WriteString("event: " + name + "\n")
	for line := range strings.Lines(b.String()) {
		e.WriteString("data: " + strings.TrimRight(line, "\r\n") + "\n")
	}
	e.WriteString("\n")
	_, err := w.Write([]byte(e.String()))
	return err
}
