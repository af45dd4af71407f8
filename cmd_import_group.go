package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/importer/pace"
	"contactimport/mapping"
	"contactimport/report/runfile"
)

// groupFlags adds the flags of a run into a group to import and retry.
func groupFlags(fs *flag.FlagSet, o *options) {
	fs.Func("group", "also make every contact a member of the Engage group with this `ID` (default: the mapping's group:)", func(s string) error {
		var id int64
		if _, err := fmt.Sscan(strings.TrimSpace(s), &id); err != nil || id < 1 || fmt.Sprint(id) != strings.TrimSpace(s) {
			return errors.New("want a group id, a positive number as Engage shows it")
		}
		o.group = id
		return nil
	})
	fs.StringVar(&o.subscription, "subscription", "", "how contacts join the group, `mode` OPT_IN (silent), CONFIRMED_OPT_IN (welcome message) or DOUBLE_OPT_IN (invitation) (default: the mapping's subscription_mode:, else OPT_IN)")
	if o.command == "import" {
		fs.BoolVar(&o.unsubMissing, "unsubscribe-missing", false, "nightly mirror (needs --state and a group): members earlier runs made that the file no longer holds leave the group silently, listed in <report stem>.removed.csv")
		fs.StringVar(&o.maxRemovals, "max-removals", "5%", "with --unsubscribe-missing: remove nobody when more than `N|P%` of the members known before the run would go")
	}
}

// checkGroupFlags checks the group flags on their own; resolveGroup checks them against the
// mapping.
func (o *options) checkGroupFlags() error {
	if o.subscription != "" {
		mode := engage.SubscriptionMode(strings.ToUpper(strings.TrimSpace(o.subscription)))
		if !mode.Valid() {
			return fmt.Errorf("--subscription must be OPT_IN, CONFIRMED_OPT_IN or DOUBLE_OPT_IN, not %q", o.subscription)
		}
		o.subscription = string(mode)
	}
	if o.unsubMissing && o.state == "" {
		return errors.New("--unsubscribe-missing needs --state: the state file remembers whom earlier runs made members")
	}
	if _, err := importer.ParseRemovals(o.maxRemovals); o.command == "import" && err != nil {
		return err
	}
	return nil
}

// resolveGroup takes the group and the subscription mode from the mapping where the flags do
// not give them, and refuses a run that asks for what needs a group without one.
func resolveGroup(o *options, m *mapping.Mapper) error {
	if o.command == "check" {
		return nil
	}
	group, mode := m.Group()
	if o.group == 0 {
		o.group = group
	}
	if o.subscription == "" {
		o.subscription = mode
	}
	if o.subscription == "" {
		o.subscription = string(engage.OptIn)
	}
	if o.group != 0 {
		return nil
	}
	switch {
	case o.unsubMissing:
		return errors.New("--unsubscribe-missing needs a group: give --group ID or group: in the mapping")
	case o.subscription != string(engage.OptIn):
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
	if !j.o.unsubMissing {
		return nil, nil
	}
	known, err := st.CountMembers(j.o.group)
	if err != nil {
		return nil, err
	}
	max, _ := importer.ParseRemovals(j.o.maxRemovals)
	return &mirrorRun{st: st, keys: importer.NewSeen(), known: known, max: max}, nil
}

// removedPath is <report stem>.removed.csv beside the report: x.report.csv → x.report.removed.csv.
func removedPath(reportPath string) string {
	return strings.TrimSuffix(reportPath, ".csv") + ".removed.csv"
}

// mirror runs the nightly mirror after a run that read the whole file, and writes the removed
// list. Its calls count in the summary.
func (j *job) mirror(ctx context.Context, m *mirrorRun, tgt *target, th *pace.Throttle, reportPath string) error {
	res, err := importer.Mirror(ctx, importer.MirrorConfig{Members: tgt.client, Throttle: th, Group: j.o.group,
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
			j.o.group, len(res.Removed), m.known, len(res.Removed)-res.Failed, res.Failed, m.path)
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

// mirrorDone prints what the mirror did after the summary, and makes a failed mirror exit 1.
func (j *job) mirrorDone(code int, m *mirrorRun, err error) int {
	if m != nil && m.result != "" {
		fmt.Fprintln(j.stdout, m.result)
	}
	if err != nil {
		j.say("nightly mirror: "+err.Error(), "exit_code", exitStopped)
		return exitStopped
	}
	return code
}
