package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"contactimport/printable"
)

// WriteTable writes the summary as the short aligned table printed on stdout at the end of a
// run. The target comes first, so that a sandbox run is never mistaken for a real one; failed is
// always shown, other statuses only when they occurred. Rows with a note are counted on a line
// of their own below it.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	row := func(key, value string) { fmt.Fprintf(tw, "%s\t%s\n", key, value) }

	row("target", s.targetLabel())
	for _, st := range []Status{Created, Updated, Unchanged, Skipped, Valid, Failed} {
		if n := s.Counts[st]; n > 0 || st == Failed {
			row(string(st), strconv.Itoa(n))
		}
	}
	for _, c := range []Class{Validation, Rejected, Transient, Auth} {
		if n := s.Failures[c]; n > 0 {
			row("  "+string(c), strconv.Itoa(n))
		}
	}
	if s.PaddedRows > 0 {
		row("padded rows", strconv.Itoa(s.PaddedRows))
	}
	if s.Resumed > 0 {
		row("resumed rows", strconv.Itoa(s.Resumed))
	}
	row("api calls", s.callsLabel())
	if s.UpdateMode != "" {
		row("updates", s.UpdateMode)
	}
	row("throttle events", strconv.Itoa(s.ThrottleEvents))
	row("elapsed", s.elapsedLabel())
	row("rows/s", strconv.FormatFloat(s.RowsPerSecond, 'f', 1, 64))
	row("report", s.Report)
	if s.Finished {
		row("result", "finished")
	} else {
		reason := s.Stopped
		if reason == "" {
			reason = "reason unknown"
		}
		row("result", "stopped: "+printable.Text(reason, printable.MessageMax))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary table: %w", err)
	}
	if n := s.NotedRows(); n > 0 {
		// Below the table: a line without a key would break its alignment.
		what := "imported"
		if s.Command == "check" {
			what = "valid" // check imports nothing
		}
		line := fmt.Sprintf("%d rows %s with a note (see import.error)", n, what)
		if k := s.NotedSkipped; k > 0 {
			line = fmt.Sprintf("%d rows with a note (see import.error): %d %s, %d skipped by --mode", n, n-k, what, k)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("write summary table: %w", err)
		}
	}
	return nil
}

func (s *Summary) targetLabel() string {
	t := redact(s.Target)
	switch {
	case t == "":
		return "none"
	case s.Sandbox && !strings.HasPrefix(t, "sandbox"):
		return "sandbox " + t
	}
	return t
}

// callsLabel gives the total, then each endpoint (the usual three first), then calls per row,
// the figure the importer is held to.
func (s *Summary) callsLabel() string {
	total := s.APICalls()
	var b strings.Builder
	b.WriteString(strconv.Itoa(total))
	if total == 0 {
		return b.String()
	}
	names := make([]string, 0, len(s.Calls))
	for name := range s.Calls {
		names = append(names, name)
	}
	order := []string{"get", "create", "update"}
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := slices.Index(order, a), slices.Index(order, b)
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	b.WriteString(" (")
	for i, name := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", name, s.Calls[name])
	}
	b.WriteString(")")
	if s.Rows > 0 {
		fmt.Fprintf(&b, ", %.2f per row", float64(total)/float64(s.Rows))
	}
	return b.String()
}

func (s *Summary) elapsedLabel() string {
	if s.Started.IsZero() || s.Ended.IsZero() || s.Ended.Before(s.Started) {
		return "-"
	}
	d := s.Ended.Sub(s.Started)
	if d < time.Minute {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
