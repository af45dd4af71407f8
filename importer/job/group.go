package job

import (
	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/importer/pace"
	"contactimport/mapping"
	"contactimport/report/runfile"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// resolveGroup takes the group and the subscription mode from the mapping where the flags do
// not give them, and refuses a run that asks for what needs a group without one.
func resolveGroup(o *Config, m *mapping.Mapper) error {
	if o.Command == "check" {
		return nil
	}
	group, mode := m.Group()
	if o.Group == 0 {
		o.Group = group
	}
	if o.Subscription == "" {
		o.Subscription = mode
	}
	if o.Subscription == "" {
		o.Subscription = string(engage.OptIn)
	}
	if o.Group != 0 {
		return nil
	}
	switch {
	case o.UnsubMissing:
		return errors.New("--unsubscribe-missing needs a group: give --group ID or group: in the mapping")
	case o.Subscription != string(engage.OptIn):
		return errors.New("--subscription needs a group: give --group ID or group: in the mapping")
	}
	for _, r := range m.Resolved() {
		if r.Target == "subscription" || strings.HasPrefix(strings.ToLower(r.Target), "member.") {
			return fmt.Errorf("column %q maps to %s, which needs a group: give --group ID or group: in the mapping", r.Column, r.Target)
		}
	}
	return nil
}

// mirrorRun is the nightly mirror of a run with --unsubscribe-missing.
type mirrorRun struct {
	st     *ledger.State
	keys   *importer.Seen
	known  int
	max    importer.Removals
	result string // the line for stdout, once done
	path   string // the removed list, once written
}

func (m *mirrorRun) seen() *importer.Seen {
	if m == nil {
		return nil
	}
	return m.keys
}

// planMirror counts the members known before the run, which --max-removals is a share of.
func (j *job) planMirror(st *ledger.State) (*mirrorRun, error) {
	if !j.o.UnsubMissing {
		return nil, nil
	}
	known, err := st.CountMembers(j.o.Group)
	if err != nil {
		return nil, err
	}
	max, _ := importer.ParseRemovals(j.o.MaxRemovals)
	return &mirrorRun{st: st, keys: importer.NewSeen(), known: known, max: max}, nil
}

// removedPath is <report stem>.removed.csv beside the report: x.report.csv → x.report.removed.csv.
func removedPath(reportPath string) string {
	return strings.TrimSuffix(reportPath, ".csv") + ".removed.csv"
}

// mirror runs the nightly mirror after a run that read the whole file, and writes the removed
// list. Its calls count in the summary.
func (j *job) mirror(ctx context.Context, m *mirrorRun, tgt *Target, th *pace.Throttle, reportPath string) error {
	res, err := importer.Mirror(ctx, importer.MirrorConfig{Members: tgt.Client, Throttle: th, Group: j.o.Group,
		Ledger: m.st, Seen: m.keys, Known: m.known, Max: m.max, Log: j.log})
	if res.Calls > 0 {
		j.sum.Calls["unsubscribe"] += res.Calls
		j.sum.Attempts = j.sum.APICalls()
	}
	if len(res.Removed) > 0 || err == nil {
		m.path = removedPath(reportPath)
		if werr := writeRemoved(m.path, res.Removed); werr != nil {
			return errors.Join(err, werr)
		}
		m.result = fmt.Sprintf("group %d: %d of %d members earlier runs made are no longer in the file: %d removed, %d failed; list: %s",
			j.o.Group, len(res.Removed), m.known, len(res.Removed)-res.Failed, res.Failed, m.path)
	}
	if err == nil && res.Failed > 0 {
		err = fmt.Errorf("%d removals failed (see %s); the next run tries them again", res.Failed, m.path)
	}
	return err
}

// writeRemoved writes the removed list (it holds identifiers) the way every file of a run is
// written (runfile.Replace).
func writeRemoved(path string, lines []importer.Removed) error {
	err := runfile.Replace(path, func(w io.Writer) error { return importer.WriteRemoved(w, lines) })
	if err != nil {
		return fmt.Errorf("removed list %s: %w", path, err)
	}
	return nil
}

// mirrorDone prints what the mirror did after the summary, and makes a failed mirror Stopped.
func (j *job) mirrorDone(code Outcome, m *mirrorRun, err error) Outcome {
	if m != nil && m.result != "" {
		fmt.Fprintln(j.stdout, m.result)
	}
	if err != nil {
		j.say("nightly mirror: "+err.Error(), "exit_code", int(Stopped))
		return Stopped
	}
	return code
}
