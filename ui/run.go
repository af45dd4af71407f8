package ui

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
	"contactimport/report/runfile"
)

// job is one retry started from the fix screen. It runs under the server's context, not the
// request's: closing the tab does not stop it, and its page can be opened again.
type job struct {
	ID     int
	From   string   // the report the rows were fixed in, as shown
	Fixed  string   // the corrected copy that is retried, as shown
	Out    string   // the retry's report
	Shown  string   // the retry's report, as shown
	Total  int      // rows sent to retry
	Header []string // the report's input columns

	out  lockedBuffer
	done chan struct{}
	code int // the retry's exit code, once done
}

// lockedBuffer is the retry's output, written by the retry and read by the status page.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the retry of fixed (the corrected copy of fr) in the background, into the group
// of into when one is given, else into that of the import started here that wrote fr.
func (s *Server) start(fr *failedReport, fixed string, into membership) (int, error) {
	if err := s.begin(1); err != nil {
		return 0, err
	}
	j := &job{From: s.rel(fr.Path), Fixed: s.rel(fixed), Total: len(fr.Rows), Header: fr.Header, done: make(chan struct{})}
	j.Out = runfile.DefaultPath(runfile.Options{Command: "retry", Input: fixed}, time.Now())
	j.Shown = s.rel(j.Out)
	s.mu.Lock()
	s.next++
	j.ID = s.next
	s.jobs[j.ID] = j
	s.mu.Unlock()
	s.cfg.Log.Info("retry started", "report", fixed, "rows", j.Total)
	req := RetryRequest{Report: fixed, Out: j.Out, Summary: fr.Summary, Output: &j.out, Target: s.chosen()}
	req.Group, req.Subscription = into.Group, into.Subscription
	if into.Group == 0 {
		req.Group, req.Subscription = s.groupOf(fr.Path)
	}
	go func() {
		defer s.wg.Done()
		defer close(j.done)
		j.code = s.cfg.Engine.Retry(s.cfg.Context, req)
		s.cfg.Log.Info("retry ended", "report", j.Out, "exit_code", j.code)
	}()
	return j.ID, nil
}

// newestFirst is the runs of one kind (retries, imports) by id, newest first: ids are given out
// from next down to 1, one sequence for every kind, so each kind's map has gaps.
func newestFirst[J any](runs map[int]*J, next int) []*J {
	out := make([]*J, 0, len(runs))
	for id := next; id > 0; id-- {
		if j := runs[id]; j != nil {
			out = append(out, j)
		}
	}
	return out
}

// runs is the status of every retry started here, newest first.
func (s *Server) runs() []status {
	s.mu.Lock()
	jobs := newestFirst(s.jobs, s.next)
	s.mu.Unlock()
	out := make([]status, len(jobs))
	for i, j := range jobs {
		out[i] = s.status(j)
	}
	return out
}

func (s *Server) job(r *http.Request) *job {
	id, _ := strconv.Atoi(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs[id]
}

// status is what the run page shows of a job at one moment.
type status struct {
	*job
	Done    bool
	Code    int
	Written int           // rows in the retry's report so far
	Lines   []report.Line // the retry's report, once done
	Output  string
	Err     string // the retry's report could not be read
	Failed  int    // rows that failed again
	Counts  []count
	Base    string // the retry's report's file name, for "fix again"
}

func (s *Server) status(j *job) status {
	st := status{job: j, Base: filepath.Base(j.Out)}
	select {
	case <-j.done:
		st.Done, st.Code = true, j.code
	default:
	}
	lines, err := readLines(j.Out, st.Done)
	st.Written = len(lines)
	if st.Done {
		st.Lines, st.Output = lines, j.out.String()
		n := map[report.Status]int{}
		for _, l := range lines {
			n[l.Status]++
		}
		for _, k := range []report.Status{report.Created, report.Updated, report.Unchanged, report.Skipped, report.Failed} {
			if n[k] > 0 {
				st.Counts = append(st.Counts, count{k, n[k]})
			}
		}
		st.Failed = n[report.Failed]
		if err != nil && !errors.Is(err, errNoReport) {
			st.Err = err.Error()
		}
	}
	return st
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	j := s.job(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	s.render(w, http.StatusOK, "run.html", s.status(j))
}

// count is how many rows of the retry ended with one status.
type count struct {
	Status report.Status
	N      int
}

var errNoReport = errors.New("no report yet")

// readLines reads the retry's report with report.Reader: while it runs, as far as it is
// flushed (a line cut off in the middle of a write ends the count); once done, every line.
func readLines(path string, done bool) ([]report.Line, error) {
	f, err := source.OpenFile(path, source.KindInput)
	if err != nil {
		return nil, errNoReport
	}
	defer f.Close()
	rd, err := report.NewReader(f)
	if err != nil {
		return nil, err
	}
	var out []report.Line
	for len(out) < maxRows {
		l, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !done {
				break
			}
			return out, err
		}
		l.Cells = append([]string(nil), l.Cells...) // the Reader reuses its record
		out = append(out, l)
	}
	return out, nil
}
