package main

import (
	"context"
	"log/slog"
	"strconv"

	"contactimport/importer/engage"
	"contactimport/importer/job"
	"contactimport/importer/pace"
	"contactimport/ui"
)

// The UI's target and run screens: the engine runs doctor and import with the arguments a
// person would type, and the target chosen in the UI reaches them as flags (the sandbox, the
// URL) and through getenv (the user, a typed password), never as a password flag.

// DefaultTarget is the target of the ui command's flags and environment, without a password.
func (e *uiEngine) DefaultTarget() ui.Target {
	t := ui.Target{Sandbox: e.o.sandbox, DB: e.o.sandboxDB, URL: e.o.url, User: e.getenv("ENGAGE_USER"),
		EnvPassword: e.getenv("ENGAGE_PASSWORD") != "" || e.getenv("ENGAGE_PASSWORD_FILE") != ""}
	if t.URL == "" {
		t.URL = e.getenv("ENGAGE_URL")
	}
	return t
}

// Rate is the --rate of the ui command, given to every run it starts.
func (e *uiEngine) Rate() float64 { return e.o.rate }

// runTarget is the target flags of t and the environment its commands run with: the user and
// a typed password put in front of the ui command's own environment.
func (e *uiEngine) runTarget(t ui.Target) ([]string, func(string) string) {
	env := func(k string) string {
		switch {
		case k == "ENGAGE_USER" && t.User != "":
			return t.User
		case k == "ENGAGE_PASSWORD" && t.Password != "":
			return t.Password
		case k == "ENGAGE_PASSWORD_FILE" && t.Password != "":
			return ""
		}
		return e.getenv(k)
	}
	switch {
	case t.Sandbox:
		return []string{"--sandbox", "--sandbox-db", t.DB}, env
	case t.URL != "":
		return []string{"--url", t.URL}, env
	}
	return nil, env // ENGAGE_URL, or the command says how to set a target
}

// inputArgs are the flags that say how to read and map the list, as a person would type them.
func inputArgs(mapping, encoding, delimiter string) []string {
	var args []string
	for _, f := range [][2]string{{"--mapping", mapping}, {"--encoding", encoding}, {"--delimiter", delimiter}} {
		if f[1] != "" {
			args = append(args, f[0], f[1])
		}
	}
	return args
}

// Doctor runs `contactimport doctor` on the list (its mapped attributes checked) and the group,
// against req.Target; its findings and its messages go to req.Output, as at the terminal.
func (e *uiEngine) Doctor(ctx context.Context, req ui.DoctorRequest) int {
	args, env := e.runTarget(req.Target)
	args = append(args, "--rate", strconv.FormatFloat(e.o.rate, 'g', -1, 64))
	args = append(args, inputArgs(req.Mapping, req.Encoding, req.Delimiter)...)
	if req.Group > 0 {
		args = append(args, "--group", strconv.FormatInt(req.Group, 10))
	}
	args = append(args, "--", req.List)
	return runDoctor(ctx, args, env, req.Output, req.Output)
}

// Import runs `contactimport import` with the arguments a person would type: the target, the
// rate, the report, the list and how it is read and mapped, the group, mode and state.
func (e *uiEngine) Import(ctx context.Context, req ui.ImportRequest) int {
	args, env := e.runTarget(req.Target)
	args = append(args, "--rate", strconv.FormatFloat(e.o.rate, 'g', -1, 64), "--progress", "none", "--report", req.Report)
	if req.Resume {
		args = append(args, "--resume")
	}
	args = append(args, inputArgs(req.Mapping, req.Encoding, req.Delimiter)...)
	for _, f := range [][2]string{{"--state", req.State}, {"--subscription", req.Subscription}, {"--mode", req.Mode}} {
		if f[1] != "" {
			args = append(args, f[0], f[1])
		}
	}
	if req.Group > 0 {
		args = append(args, "--group", strconv.FormatInt(req.Group, 10))
	}
	args = append(args, "--", req.List)
	return runImport(ctx, "import", args, env, req.Output, req.Output)
}

// Groups lists the sandbox's groups, read from its database through the target the commands
// open; a tenant's API lists none (group/get answers one group by id, which doctor checks).
func (e *uiEngine) Groups(ctx context.Context, t ui.Target) ([]engage.Group, error) {
	if !t.Sandbox {
		return nil, nil
	}
	th := pace.NewThrottle(pace.ThrottleConfig{Rate: e.o.rate})
	tgt, err := job.OpenTarget((&options{sandbox: true, sandboxDB: t.DB}).endpoint(), e.getenv, th, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	defer tgt.Close()
	groups, err := tgt.Box.Groups(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]engage.Group, len(groups))
	for i, g := range groups {
		out[i] = engage.Group{ID: g.ID, Name: g.Name, Archived: g.Archived}
	}
	return out, nil
}
