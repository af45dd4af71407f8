package ui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"contactimport/importer/source"
	"contactimport/report/runfile"
)

// ImportRequest is one import the UI asks for: the arguments a person would type.
type ImportRequest struct {
	Target       Target
	List         string // the list to import
	Mapping      string // --mapping, "" for auto-mapping
	Encoding     string // --encoding, "" for auto
	Delimiter    string // --delimiter, "" for auto
	Report       string // --report: beside the list
	State        string // --state, "" for none
	Group        int64  // --group, 0 for none
	Subscription string // --subscription, "" for the default
	Mode         string // --mode, "" for the default
	Resume       bool   // --resume: continue the report
	Output       io.Writer
}

// importJob is one import started from the target screen, or its resumption. Like a retry it
// runs under the server's context, not the request's: a closed tab does not stop it.
type importJob struct {
	ID      int
	Req     ImportRequest // Output is the job's own buffer
	List    string        // the list, as shown
	Shown   string        // the report, as shown
	Rate    float64       // --rate
	Started time.Time
	Resumes int // the job this one resumes, 0 for a first run

	out    lockedBuffer
	cancel context.CancelFunc
	done   chan struct{}
	code   int // the import's exit code, once done

	mu      sync.Mutex
	total   int64 // rows in the list, counted from its line ends
	counted bool
	stopped bool // Stop was asked
	tally   tally
	from    int // rows in the report when the job started (a resumed run's earlier rows)
}

// startImport runs req in the background under the server's context.
func (s *Server) startImport(req ImportRequest, resumes int) (*importJob, error) {
	if err := s.begin(2); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(s.cfg.Context)
	j := &importJob{Req: req, List: s.rel(req.List), Shown: s.rel(req.Report), Rate: s.cfg.Engine.Rate(), Started: time.Now(),
		Resumes: resumes, cancel: cancel, done: make(chan struct{}), tally: tally{path: req.Report}}
	j.Req.Output = &j.out
	if req.Resume {
		j.tally.update()
		j.from = j.tally.Rows
	}
	s.mu.Lock()
	s.next++
	j.ID = s.next
	s.imports[j.ID] = j
	s.mu.Unlock()
	s.cfg.Log.Info("import started", "report", req.Report, "target", req.Target, "resume", req.Resume)
	go func() {
		defer s.wg.Done()
		j.count(ctx)
	}()
	go func() {
		defer s.wg.Done()
		defer close(j.done)
		defer cancel()
		j.code = s.cfg.Engine.Import(ctx, j.Req)
		s.cfg.Log.Info("import ended", "report", req.Report, "exit_code", j.code)
	}()
	return j, nil
}

// count counts the rows of the list from its line ends, as import's estimate does, for the ETA.
func (j *importJob) count(ctx context.Context) {
	in, err := source.OpenInput(ctx, j.Req.List)
	if err != nil {
		return // the import says what is wrong with the list
	}
	defer in.Close()
	n, ok := in.Rows()
	j.mu.Lock()
	j.total, j.counted = n, ok
	j.mu.Unlock()
}

func (s *Server) importJob(r *http.Request) *importJob {
	id, _ := strconv.Atoi(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.imports[id]
}

// importStart starts the import the target screen describes, to the target chosen there.
func (s *Server) importStart(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	t := s.chosen()
	if t == nil {
		s.fail(w, http.StatusBadRequest, errors.New(text.chooseFirst))
		return
	}
	req := ImportRequest{Target: *t, List: f.List, Mapping: f.Mapping, Encoding: f.Encoding, Delimiter: f.Delimiter,
		State: f.State, Group: f.Group, Subscription: f.Subscription, Mode: f.Mode,
		Report: runfile.ConvertPath(filepath.Dir(f.List), f.List, time.Now())}
	j, err := s.startImport(req, 0)
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, err)
		return
	}
	http.Redirect(w, r, "/import/"+strconv.Itoa(j.ID), http.StatusSeeOther)
}

// importStop stops a running import as Ctrl-C stops the command: its report is flushed and
// --resume continues it.
func (s *Server) importStop(w http.ResponseWriter, r *http.Request) {
	j := s.importJob(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	j.mu.Lock()
	j.stopped = true
	j.mu.Unlock()
	j.cancel()
	s.cfg.Log.Info("import stop asked", "report", j.Req.Report)
	http.Redirect(w, r, "/import/"+strconv.Itoa(j.ID), http.StatusSeeOther)
}

// importResume runs the import again with --resume on the same report. While the first still
// runs, the engine refuses it with the lock's message, as the command does.
func (s *Server) importResume(w http.ResponseWriter, r *http.Request) {
	j := s.importJob(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	req := j.Req
	req.Resume, req.Output = true, nil
	if t := s.chosen(); t != nil && t.String() == req.Target.String() {
		req.Target = *t // a password typed again since
	}
	n, err := s.startImport(req, j.ID)
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, err)
		return
	}
	http.Redirect(w, r, "/import/"+strconv.Itoa(n.ID), http.StatusSeeOther)
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	j := s.importJob(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	s.render(w, http.StatusOK, "import.html", s.importStatus(j))
}

// importRuns is the status of every import started here, newest first.
func (s *Server) importRuns() []importStatus {
	s.mu.Lock()
	jobs := newestFirst(s.imports, s.next)
	s.mu.Unlock()
	out := make([]importStatus, len(jobs))
	for i, j := range jobs {
		out[i] = s.importStatus(j)
	}
	return out
}

// groupOf is the group and subscription of the import started here that wrote the report at
// path, for a retry of its rows to the same target; 0 and "" when none did, it had no group, or
// the target chosen now is another (a group id names another group on another tenant).
func (s *Server) groupOf(path string) (int64, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.imports {
		if j.Req.Report == path && j.Req.Group > 0 && s.target != nil && j.Req.Target.String() == s.target.String() {
			return j.Req.Group, j.Req.Subscription
		}
	}
	return 0, ""
}

// importEvents streams an import's progress (stream): a "status" event with the progress
// fragment on every tick while it runs (the rate and the ETA move even when no row was written),
// the final fragment when it has ended, then "done".
func (s *Server) importEvents(w http.ResponseWriter, r *http.Request) {
	j := s.importJob(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	s.stream(w, r, "import_status.html", j.done, func() (any, bool, bool) {
		st := s.importStatus(j)
		return st, true, st.Done
	})
}
