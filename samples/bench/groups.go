package main

import (
	"context"
	"fmt"
	"path/filepath"

	"contactimport/report"
)

// groups measures calls per row of an import into a group (sandbox group 1001) with --state:
// an all-new file (create + subscribe), the same file again (no call for any row), and the same
// people with changed attributes (no membership call).
func (b *bench) groups(ctx context.Context) ([]row, error) {
	n := b.size.calls
	newFile, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	changedFile, err := b.input(genOptions{Rows: n, Seed: 2})
	if err != nil {
		return nil, err
	}
	var rows []row
	check, err := b.withServer(ctx, "groups", nil, []string{newFile, changedFile}, func(dir string, srv *server) error {
		args := []string{"--group", "1001", "--state", filepath.Join(dir, "state.db"), "--rate", ftoa(b.size.highRate)}
		for _, step := range []struct {
			name, file, what string
			target           float64
			membership       bool // the target is on membership calls alone
		}{
			{"new", newFile, "new contacts into a group (create + subscribe)", 2.05, false},
			{"unchanged", newFile, "unchanged known members with --state", 0, false},
			{"changed", changedFile, "changed rows of known members with --state: membership calls", 0, true},
		} {
			before, err := srv.readStats(ctx)
			if err != nil {
				return err
			}
			m, err := b.importInto(ctx, srv, dir, "groups-"+step.name, step.file, n, args...)
			if err != nil {
				return err
			}
			if m.lost() != 0 {
				return fmt.Errorf("%s: %d rows not imported (report %s)", step.name, m.lost(), m.report)
			}
			member := m.stats.MembershipCalls() - before.MembershipCalls()
			calls := m.calls + member
			if step.membership {
				calls = member
			}
			perRow := float64(calls) / float64(n)
			rows = append(rows, row{scenario: "groups", measure: "API calls per row, " + step.what,
				target: targetText(step.target), measured: fmt.Sprintf("%.3f", perRow), verdict: judge(perRow <= step.target),
				details: fmt.Sprintf("%d rows; contact calls %d, membership calls %d (subscribe %d), group check %d; %d unchanged; group members %d",
					n, m.calls, member, m.sum.Calls["subscribe"], m.sum.Calls["group"], m.sum.Counts[report.Unchanged], m.stats.Members)})
			if step.name == "changed" {
				contact := float64(m.calls) / float64(n)
				rows = append(rows, row{scenario: "groups", measure: "API calls per row, changed rows of known members with --state: contact calls",
					target: "≤ 1.05", measured: fmt.Sprintf("%.3f", contact), verdict: judge(contact <= 1.05),
					details: fmt.Sprintf("%d rows; update %d", n, m.sum.Calls["update"])})
			}
			if m.stats.Members != n {
				return fmt.Errorf("%s: the group has %d members, the file %d rows", step.name, m.stats.Members, n)
			}
		}
		return nil
	})
	if err != nil {
		return rows, err
	}
	return append(rows, check), nil
}

func targetText(t float64) string {
	if t == 0 {
		return "0"
	}
	return fmt.Sprintf("≤ %.2f", t)
}
