package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"contactimport/importer/engage"
)

// writeProfile writes a tenant profile for srv into dir, as doctor would after probing a sandbox
// started with --update update, and returns its path.
func writeProfile(dir string, srv *server, update engage.UpdateBehaviour) (string, error) {
	path := filepath.Join(dir, "tenant-"+string(update)+".json")
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("write tenant profile: %w", err)
	}
	p := &engage.Profile{Target: srv.url, Checked: time.Now().UTC(),
		Tenant: engage.Tenant{Update: update, CustomAttributes: engage.NamingEither}}
	if err := engage.WriteProfile(f, p); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// withProfile completes import args: a merge profile for srv unless they name one; "--profile
// none" is taken out, so that the run has no profile at all.
func withProfile(dir string, srv *server, args []string) ([]string, error) {
	i := slices.Index(args, "--profile")
	switch {
	case i >= 0 && i+1 < len(args) && args[i+1] == "none":
		return slices.Concat(args[:i], args[i+2:]), nil
	case i >= 0:
		return args, nil
	}
	path, err := writeProfile(dir, srv, engage.UpdateMerges)
	if err != nil {
		return nil, err
	}
	return append(slices.Clone(args), "--profile", path), nil
}

// updates measures calls per row for each update variant: a sandbox that merges or replaces,
// and a run that knows it from a doctor profile or knows nothing (no profile: every update is
// read first). Each variant imports an all-new file, then the same people with changed
// attributes, some cells empty (all existing); the export must then hold every value of the last
// non-empty cells, so a replacing update that lost a value fails the check.
func (b *bench) updates(ctx context.Context) ([]row, error) {
	n := b.size.updates
	newFile, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	existingFile, err := b.input(genOptions{Rows: n, Seed: 2})
	if err != nil {
		return nil, err
	}
	var rows []row
	for _, v := range []struct {
		update  engage.UpdateBehaviour
		profile bool
	}{{engage.UpdateMerges, true}, {engage.UpdateMerges, false}, {engage.UpdateReplaces, true}, {engage.UpdateReplaces, false}} {
		serve := map[engage.UpdateBehaviour]string{engage.UpdateMerges: "merge", engage.UpdateReplaces: "replace"}[v.update]
		label := serve + ", no profile"
		if v.profile {
			label = serve + ", profile says " + serve
		}
		name := "updates-" + serve + map[bool]string{true: "-profile", false: "-none"}[v.profile]
		check, err := b.withServer(ctx, name, []string{"--update", serve}, []string{newFile, existingFile}, func(dir string, srv *server) error {
			profile := "none"
			if v.profile {
				p, err := writeProfile(dir, srv, v.update)
				if err != nil {
					return err
				}
				profile = p
			}
			for i, f := range []struct{ kind, file string }{{"all-new", newFile}, {"all-existing", existingFile}} {
				m, err := b.importInto(ctx, srv, dir, fmt.Sprintf("%s-%d", name, i), f.file, n,
					"--profile", profile, "--rate", ftoa(b.size.highRate), "--workers", "8")
				if err != nil {
					return err
				}
				if m.lost() != 0 {
					return fmt.Errorf("%s, %s file: %d rows not imported (report %s)", label, f.kind, m.lost(), m.report)
				}
				rows = append(rows, updatesRow(f.kind, label, v.update == engage.UpdateMerges && v.profile, m))
			}
			return nil
		})
		if err != nil {
			return rows, err
		}
		check.scenario = "updates"
		check.measure += ", " + label
		rows = append(rows, check)
	}
	return rows, nil
}

func updatesRow(kind, label string, knownMerge bool, m *measured) row {
	perRow := float64(m.calls) / float64(m.rows)
	target := 1.05
	if kind == "all-existing" && !knownMerge {
		target = 2.05
	}
	return row{scenario: "updates", measure: fmt.Sprintf("API calls per row, %s file, %s", kind, label),
		target: fmt.Sprintf("≤ %.2f", target), measured: fmt.Sprintf("%.3f", perRow), verdict: judge(perRow <= target),
		details: fmt.Sprintf("%d rows; %d calls: get %d, create %d, update %d; updates %s", m.rows, m.calls,
			m.sum.Calls["get"], m.sum.Calls["create"], m.sum.Calls["update"], strings.TrimSpace(m.sum.UpdateMode))}
}
