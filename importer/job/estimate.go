package job

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

// estimate is the expected duration of an import: rows × calls per row ÷ rate, with calls per
// row as a range (new contacts cost one call, existing ones on a tenant not known to merge two).
type estimate struct {
	rows   int64
	about  bool   // rows counted from the file's line ends, not read
	what   string // what the rows are: "rows", "valid rows"
	note   string // said after the rate, e.g. where it comes from
	rate   float64
	lo, hi float64 // calls per row
}

// convertAbove is the duration above which the estimate points to convert.
const convertAbove = 24 * time.Hour

// logAbove is the shortest import whose estimate is logged at its start: a shorter one is over
// before anyone reads it, and a quick rehearsal keeps a quiet stderr.
const logAbove = time.Minute

// worthLogging reports whether the import should log e at its start.
func (e estimate) worthLogging() bool {
	_, hi := e.durations()
	return hi >= logAbove
}

func (e estimate) durations() (time.Duration, time.Duration) {
	d := func(calls float64) time.Duration {
		return time.Duration(math.Round(float64(e.rows) * calls / e.rate * float64(time.Second)))
	}
	return d(e.lo), d(e.hi)
}

// String is the one line the log or the check output carries: counts and rates only.
func (e estimate) String() string {
	lo, hi := e.durations()
	rows := strconv.FormatInt(e.rows, 10)
	if e.about {
		rows = "about " + rows
	}
	calls := ftoa(e.lo)
	took := roughDuration(lo)
	if e.hi != e.lo {
		calls += "–" + ftoa(e.hi)
		if h := roughDuration(hi); h != took {
			took += " to " + h
		}
	}
	what := e.what
	if what == "" {
		what = "rows"
	}
	s := fmt.Sprintf("estimated duration: %s %s at %s calls each and %s requests/s%s: %s", rows, what, calls, ftoa(e.rate), e.note, took)
	if hi > convertAbove {
		s += "; above 24 hours: `contactimport convert` writes the list as files for Mapp's own file import, which runs server-side"
	}
	return s
}

// roughDuration shows d to the minute above an hour, to the second below: 27h47m, 4m10s, 29s.
func roughDuration(d time.Duration) string {
	if d >= time.Hour {
		d = d.Round(time.Minute)
		return strings.TrimSuffix(d.String(), "0s")
	}
	return d.Round(time.Second).String()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// importEstimate is the estimate at the start of an import or retry: rows counted from the
// input's line ends (no second read), calls per row from the strategy, the identifier and how
// the tenant updates. ok is false when the rows cannot be counted so (a compressed input).
func importEstimate(o *Config, in *source.Input, sum *report.Summary) (estimate, bool) {
	rows, ok := in.Rows()
	if !ok || o.Command != "import" {
		return estimate{}, false
	}
	e := estimate{rows: rows, about: true, rate: o.Rate, lo: 1, hi: 1}
	switch {
	case o.Strategy == "lookup":
		e.lo, e.hi = 2, 2
	case sum.Identifier == "external" || sum.UpdateMode != "merge":
		e.hi = 2 // new contacts by external id, or existing ones read before their update
	}
	if o.State != "" {
		e.lo = 0 // rows unchanged since the last run make no call
	}
	return e, true
}

// checkEstimate is the estimate check prints: its valid rows imported at the default rate, one
// call per new contact, two per existing one where the tenant is not known to merge.
func checkEstimate(valid int) estimate {
	return estimate{rows: int64(valid), what: "valid rows", rate: 10, note: " (import's default --rate)", lo: 1, hi: 2}
}
