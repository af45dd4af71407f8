package ui

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"contactimport/importer"
	"contactimport/mapping"
	"contactimport/report"
)

// checkJob is a whole-file check of a list with a mapping, run in the background under the
// server's context by importer.Check, the function `contactimport check` runs: every row read,
// mapped and validated, nothing sent. It keeps counts, never rows.
type checkJob struct {
	ID       int
	total    int64 // the rows estimated from the line ends; 0 when not known
	progress importer.Progress
	done     chan struct{}
	cancel   context.CancelFunc // stops the check: a newer one replaces it

	mu     sync.Mutex
	counts map[report.Status]int
	codes  map[string]int // failed rows by error code
	class  map[report.Class]int
	err    error // why the check stopped before the end
}

// Write counts a row's line: importer.Check's sink, in place of the report a check writes.
func (j *checkJob) Write(l report.Line) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.counts[l.Status]++
	if l.Status == report.Failed {
		j.codes[l.Code]++
		j.class[l.Class]++
	}
	return nil
}

// Flush is the sink's: nothing is buffered.
func (j *checkJob) Flush() error { return nil }

// startCheck opens the list through the engine and checks it with m in the background.
func (s *Server) startCheck(path string, in ListInput, m *mapping.Mapper) (*checkJob, error) {
	ctx := s.cfg.Context
	if err := s.begin(1); err != nil {
		return nil, err
	}
	l, err := s.cfg.Engine.OpenList(ctx, path, in)
	if err != nil {
		s.wg.Done()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	j := &checkJob{done: make(chan struct{}), cancel: cancel, counts: map[report.Status]int{}, codes: map[string]int{}, class: map[report.Class]int{}}
	if n, ok := l.Input.Rows(); ok {
		j.total = n
	}
	s.lists.mu.Lock()
	if s.lists.checks == nil {
		s.lists.checks = map[int]*checkJob{}
	}
	// One whole-file check at a time: the newer mapping is the one that counts, and nothing
	// shows the one before any more.
	for id, old := range s.lists.checks {
		old.cancel()
		delete(s.lists.checks, id)
	}
	s.lists.next++
	j.ID = s.lists.next
	s.lists.checks[j.ID] = j
	s.lists.mu.Unlock()
	go func() {
		defer s.wg.Done()
		defer close(j.done)
		defer cancel()
		defer l.Close()
		var sum report.Summary
		err := importer.Check(ctx, m, l, j, &sum, &j.progress)
		if err != nil && ctx.Err() != nil && s.cfg.Context.Err() == nil {
			err = errors.New(text.checkReplaced)
		}
		j.mu.Lock()
		j.err = err
		j.mu.Unlock()
	}()
	return j, nil
}

// checkStatus is what the check's progress fragment shows.
type checkStatus struct {
	ID            int
	Done          bool
	Rows, Total   int64
	Percent       int
	Valid, Failed int
	Skipped       int
	Classes       []causeCount
	Codes         []causeCount
	Err           string
}

// causeCount is one error class or code and its rows.
type causeCount struct {
	Name string
	N    int
}

func (j *checkJob) status() checkStatus {
	st := checkStatus{ID: j.ID, Rows: j.progress.Rows.Load(), Total: j.total}
	select {
	case <-j.done:
		st.Done = true
	default:
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	st.Valid, st.Failed, st.Skipped = j.counts[report.Valid], j.counts[report.Failed], j.counts[report.Skipped]
	for c, n := range j.class {
		st.Classes = append(st.Classes, causeCount{string(c), n})
	}
	for c, n := range j.codes {
		st.Codes = append(st.Codes, causeCount{c, n})
	}
	byCount := func(a, b causeCount) int { return cmp.Or(b.N-a.N, cmp.Compare(a.Name, b.Name)) }
	slices.SortFunc(st.Classes, byCount)
	slices.SortFunc(st.Codes, byCount)
	if j.err != nil {
		st.Err = j.err.Error()
	}
	switch {
	case st.Done && j.err == nil:
		st.Total, st.Percent = st.Rows, 100
	case st.Total > 0:
		st.Percent = int(min(99, st.Rows*100/st.Total))
	}
	return st
}

func (s *Server) checkJob(r *http.Request) *checkJob {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return nil
	}
	s.lists.mu.Lock()
	defer s.lists.mu.Unlock()
	return s.lists.checks[id]
}

// checkEvents streams a check's progress (stream): a "status" event with the progress fragment
// whenever more rows were read, the final one, then "done".
func (s *Server) checkEvents(w http.ResponseWriter, r *http.Request) {
	j := s.checkJob(r)
	if j == nil {
		s.fail(w, http.StatusNotFound, errors.New(text.notFound))
		return
	}
	last := int64(-1)
	s.stream(w, r, "map_check_status", j.done, func() (any, bool, bool) {
		st := j.status()
		changed := st.Rows != last
		last = st.Rows
		return st, changed, st.Done
	})
}

// wait is for tests and the benchmark: it waits until the check ends or ctx does.
func (j *checkJob) wait(ctx context.Context) error {
	select {
	case <-j.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
