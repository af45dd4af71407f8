package ui

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/engage"
	"contactimport/report/runfile"
)

// listed is a report in the working directory, as the first page lists it.
type listed struct {
	Path     string
	Modified time.Time
	Rows     int
	Failed   int
}

// maxListed bounds the reports the first page lists.
const maxListed = 20

// reports lists the reports in dir (a .csv file with its summary beside it), newest first.
func reports(dir string) []listed {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	var out []listed
	for _, m := range matches {
		sum, err := runfile.ReadSummary(m)
		if err != nil {
			continue
		}
		fi, err := os.Stat(m)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(dir, m)
		if err != nil {
			rel = m
		}
		out = append(out, listed{Path: rel, Modified: fi.ModTime(), Rows: sum.Rows, Failed: sum.Counts["failed"]})
	}
	slices.SortFunc(out, func(a, b listed) int { return b.Modified.Compare(a.Modified) })
	if len(out) > maxListed {
		out = out[:maxListed]
	}
	return out
}

// homePage is the first page: the reports of the working directory, and the retries started
// from this server (a closed tab does not stop one; its page is found again here).
type homePage struct {
	Reports []listed
	Runs    []status
	Imports []importStatus
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "home.html", homePage{Reports: reports(s.cfg.Dir), Runs: s.runs(), Imports: s.importRuns()})
}

// fix shows the failed rows of the report named by ?report= as an editable grid.
func (s *Server) fix(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Query().Get("report")
	if path == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	fr, _, err := openReport(s.abs(path), s.cfg.Engine, true)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	fr.Path = path
	if fr.Member {
		fr.Group, fr.Sub = s.groupOf(s.abs(path))
	}
	s.render(w, http.StatusOK, "fix.html", fr)
}

// rel shows path relative to the working directory when it is inside it.
func (s *Server) rel(path string) string {
	if r, err := filepath.Rel(s.cfg.Dir, path); err == nil && filepath.IsLocal(r) {
		return r
	}
	return path
}

// abs resolves a path typed in the UI against the working directory the UI was started in.
func (s *Server) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(s.cfg.Dir, path)
}

// check validates one edited row at once: the mapper's verdict, with the cells at fault marked.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	row, err := strconv.Atoi(r.PostFormValue("row"))
	if err != nil || row < 1 {
		s.fail(w, http.StatusBadRequest, errors.New("row: not a row number"))
		return
	}
	fr, m, err := openReport(s.abs(r.PostFormValue("report")), s.cfg.Engine, false)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	line, _ := strconv.Atoi(r.PostFormValue("line"))
	cells := r.PostForm[cellField(row)]
	if len(cells) != len(fr.Header) {
		s.fail(w, http.StatusBadRequest, fmt.Errorf(text.badRow, row, len(cells), len(fr.Header)))
		return
	}
	s.render(w, http.StatusOK, "verdict.html", judge(m, fr.Header, row, max(line, 1), cells))
}

// cellField is the form field that carries the cells of a row, in column order.
func cellField(row int) string { return "c" + strconv.Itoa(row) }

// retry writes the rows of the grid into a corrected copy of the report and starts the retry
// of that copy; the browser goes on to the run's page.
func (s *Server) retry(w http.ResponseWriter, r *http.Request) {
	path := r.PostFormValue("report")
	fr, _, err := openReport(s.abs(path), s.cfg.Engine, true)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	edits := map[int][]string{}
	for _, v := range r.PostForm["row"] {
		row, err := strconv.Atoi(v)
		if err != nil {
			s.fail(w, http.StatusBadRequest, fmt.Errorf("row %q: not a row number", v))
			return
		}
		edits[row] = r.PostForm[cellField(row)]
	}
	into, err := groupForm(r, fr)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	fixed, err := writeFixed(fr, edits)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	id, err := s.start(fr, fixed, into)
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, err)
		return
	}
	http.Redirect(w, r, "/run/"+strconv.Itoa(id), http.StatusSeeOther)
}

// membership is the group a retry puts its rows into, with the subscription mode.
type membership struct {
	Group        int64
	Subscription string
}

// groupForm reads the group and subscription typed on the fix screen of a report with
// import.membership (a run into a group): retry's --group and --subscription. Nothing typed
// (or a report without membership) is the zero membership: the import's own, when it was
// started here.
func groupForm(r *http.Request, fr *failedReport) (membership, error) {
	g := strings.TrimSpace(r.PostFormValue("group"))
	if !fr.Member || g == "" {
		return membership{}, nil
	}
	id, err := strconv.ParseInt(g, 10, 64)
	if err != nil || id <= 0 {
		return membership{}, fmt.Errorf(text.badGroup, g)
	}
	m := membership{Group: id, Subscription: r.PostFormValue("subscription")}
	if m.Subscription != "" && !slices.Contains(engage.SubscriptionModes(), engage.SubscriptionMode(m.Subscription)) {
		return membership{}, fmt.Errorf("subscription %q: not one of %v", m.Subscription, engage.SubscriptionModes())
	}
	return m, nil
}
