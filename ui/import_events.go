package ui

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// importEvents streams an import's progress as server-sent events, as events does for a retry:
// a "status" event with the progress fragment on every tick while it runs (the rate and the ETA
// move even when no row was written), the final fragment when it has ended, then "done".
func (s *Server) importEvents(w http.ResponseWriter, r *http.Request) {
	j := s.importJob(r)
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
	for {
		st := s.importStatus(j)
		if err := s.sse(w, "status", "import_status.html", st); err != nil {
			return
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
