package ui

import (
	"bytes"
	"io"
	"math"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

// tally counts a running import's report as it grows, reading each time only what was added
// since: the report's header is kept, and the next read starts just past the last complete
// record counted, so that a 1M-row report is not read again on every tick.
type tally struct {
	path    string
	head    []byte // the report's header line, once read
	off     int64  // just past the last complete record counted
	Rows    int
	Status  map[report.Status]int
	Classes map[report.Class]int
}

// update counts the records added to the report since the last update. A record the import is
// still writing (cut off) is left for the next update; a report not created yet counts nothing.
func (t *tally) update() error {
	f, err := source.OpenFile(t.path, source.KindInput)
	if err != nil {
		return nil // not created yet, or planned elsewhere: the import's output says
	}
	defer f.Close()
	var in io.Reader = f
	start, base := int64(0), int64(0)
	if t.head != nil {
		if _, err := f.Seek(t.off, io.SeekStart); err != nil {
			return err
		}
		in, start, base = io.MultiReader(bytes.NewReader(t.head), f), t.off, int64(len(t.head))
	}
	rd, err := report.NewReader(in)
	if err != nil {
		return nil // no complete header yet
	}
	if t.head == nil {
		t.head = make([]byte, rd.Offset())
		if _, err := f.ReadAt(t.head, 0); err != nil {
			t.head = nil
			return err
		}
		t.Status, t.Classes = map[report.Status]int{}, map[report.Class]int{}
	}
	for {
		l, err := rd.Read()
		if err != nil {
			break // the end, or a record still being written
		}
		t.Rows++
		t.Status[l.Status]++
		if l.Status == report.Failed {
			t.Classes[l.Class]++
		}
	}
	t.off = start + rd.Offset() - base
	return nil
}

// importStatus is what the import page shows of a job at one moment.
type importStatus struct {
	*importJob
	Done, Stopped bool
	Code          int
	Rows          int     // rows in the report so far
	Total         int64   // rows in the list (about), 0 when not known
	PerSecond     float64 // rows per second since the job started
	ETA           string  // "" when not known
	Counts        []count
	Classes       []classCount
	Output        string
	Err           string
	Resumable     bool // ended early: --resume continues it
	Fixable       bool // the report has failed rows
	Base          string
}

// classCount is how many failed rows of a run have one error class.
type classCount struct {
	Class report.Class
	N     int
}

// importStatus reads the job's report as far as it is written.
func (s *Server) importStatus(j *importJob) importStatus {
	st := importStatus{importJob: j}
	select {
	case <-j.done:
		st.Done, st.Code = true, j.code
	default:
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.tally.update(); err != nil {
		st.Err = err.Error()
	}
	st.Stopped = j.stopped
	if j.counted {
		st.Total = max(j.total, int64(j.tally.Rows))
	}
	st.Rows = j.tally.Rows
	if secs, n := time.Since(j.Started).Seconds(), st.Rows-j.from; secs > 0 && n > 0 {
		st.PerSecond = math.Round(float64(n)/secs*10) / 10
		if st.Total > 0 && !st.Done {
			left := float64(st.Total-int64(st.Rows)) / (float64(n) / secs)
			st.ETA = (time.Duration(left) * time.Second).Round(time.Second).String()
		}
	}
	for _, k := range []report.Status{report.Created, report.Updated, report.Unchanged, report.Skipped, report.Failed} {
		if n := j.tally.Status[k]; n > 0 {
			st.Counts = append(st.Counts, count{k, n})
		}
	}
	for _, c := range []report.Class{report.Validation, report.Rejected, report.Transient, report.Auth} {
		if n := j.tally.Classes[c]; n > 0 {
			st.Classes = append(st.Classes, classCount{c, n})
		}
	}
	if st.Done {
		st.Output = j.out.String()
		st.Resumable = (st.Code == exitInterrupted || st.Code == exitStopped) && j.tally.head != nil // a report to continue
		st.Fixable = j.tally.Status[report.Failed] > 0
	}
	return st
}

// The exit codes of the command that the import page tells apart.
const (
	exitStopped     = 1
	exitInterrupted = 130
)
