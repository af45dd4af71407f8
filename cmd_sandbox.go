package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"contactimport/importer/engage/sandbox"
)

const sandboxUsage = `Usage:
  contactimport sandbox serve  [flags]   run the Engage-compatible sandbox server
  contactimport sandbox export [flags]   print the sandbox's contacts as CSV on stdout

Run "contactimport sandbox serve -h" or "contactimport sandbox export -h" for the flags.
`

// runSandbox implements `contactimport sandbox serve|export [flags]`; it returns the exit code.
// The sandbox takes all its settings from flags, so getenv is not consulted.
func runSandbox(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, sandboxUsage)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return sandboxServe(ctx, args[1:], stdout, stderr)
	case "export":
		return sandboxExport(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, sandboxUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "contactimport sandbox: unknown command %q\n\n%s", args[0], sandboxUsage)
	return exitUsage
}

// parseFlags parses args into fs and turns the outcome into an exit code: -1 to go on.
func parseFlags(flags *flag.FlagSet, args []string, stderr io.Writer) int {
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // flag has printed the error and the usage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "contactimport %s: unexpected argument %q\n", flags.Name(), flags.Arg(0))
		return exitUsage
	}
	return -1
}

// serveValues are what the flags of `sandbox serve` fill when they parse.
type serveValues struct {
	addr, db, user, password *string
	rate                     *int
	latency                  *time.Duration
	failRate                 *float64
	seed                     *uint64
	behaviour                *serveBehaviour
	groups                   *[]sandbox.Group
	files                    *sftpFlags
}

// serveFlags returns the flag set of `sandbox serve` and the values it fills.
func serveFlags(stderr io.Writer) (*flag.FlagSet, serveValues) {
	flags := flag.NewFlagSet("sandbox serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "listen `address`; port 0 picks a free port")
	db := flags.String("db", "", "SQLite database `file`, created if missing (default: in memory, gone on exit)")
	user := flags.String("user", "sandbox", "HTTP Basic `user` the clients must send")
	password := flags.String("password", "sandbox", "HTTP Basic `password` the clients must send")
	rate := flags.Int("rate", 0, "requests admitted per sliding second; above it HTTP 500 \"Database Access Limit Exceeded\" (0: no limit)")
	latency := flags.Duration("latency", 0, "`delay` added to every answer, e.g. 200ms")
	failRate := flags.Float64("fail-rate", 0, "`share` of requests (0 to 1) answered with a random 500, 502, 503 or a dropped connection")
	seed := flags.Uint64("seed", 0, "seed for the injected faults, to repeat a run (0: random)")
	behaviour := behaviourFlags(flags)
	files := addSFTPFlags(flags)
	groups := sandbox.DefaultGroups()
	flags.Func("groups", "the tenant's `groups`: comma-separated ID or ID=name, each optionally with :archived\n"+
		"(default \""+sandbox.FormatGroups(groups)+"\"); groups of a --db from earlier runs stay", func(v string) error {
		var err error
		groups, err = sandbox.ParseGroups(v)
		return err
	})
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), "Usage: contactimport sandbox serve [flags]\n\n"+
			"Serves the Engage contact API (POST /api/rest/v{1..19}/contact/{create,get,update,delete}),\n"+
			"GET /api/rest/v{1..19}/system/getApiVersion, GET group/get and the membership calls\n"+
			"(subscribe, unsubscribe, get, delete, updateAttributes) over the groups of --groups (the vN/\n"+
			"part is optional), GET /_sandbox/stats, and POST /_sandbox/accept?userId=&groupId= to accept a\n"+
			"double opt-in invitation as the contact would; it prints the base URL on stdout. The credentials default to\n"+
			"user \"sandbox\" and password \"sandbox\". Stop it with Ctrl-C.\n\n"+
			"--update, --custom-attributes, --known-attributes, --require-unified-identifier,\n"+
			"--exists-answer and --resubscribe-error make it play one reading of Engage's documentation\n"+
			"each; the defaults are\n"+
			"the most lenient tenant.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	return flags, serveValues{addr: addr, db: db, user: user, password: password, rate: rate, latency: latency,
		failRate: failRate, seed: seed, behaviour: behaviour, groups: &groups, files: files}
}

func sandboxServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags, v := serveFlags(stderr)
	if code := parseFlags(flags, args, stderr); code >= 0 {
		return code
	}
	addr, db, user, password, rate, latency, failRate, seed := v.addr, v.db, v.user, v.password, v.rate, v.latency, v.failRate, v.seed
	behaviour, groups, files := v.behaviour, *v.groups, v.files
	chosen, problem := behaviour.behaviour()
	switch {
	case problem != "":
	case *rate < 0:
		problem = "--rate must not be negative"
	case *latency < 0:
		problem = "--latency must not be negative"
	case !(*failRate >= 0 && *failRate <= 1):
		problem = "--fail-rate must be between 0 and 1"
	case files.problem() != "":
		problem = files.problem()
	}
	if problem != "" {
		fmt.Fprintf(stderr, "contactimport sandbox serve: %s\n", problem)
		return exitUsage
	}

	log := slog.New(slog.NewTextHandler(stderr, nil))
	err := sandbox.Serve(ctx, sandbox.ServeConfig{
		Options: sandbox.Options{DB: *db, User: *user, Password: *password, Rate: *rate, Latency: *latency,
			FailRate: *failRate, Seed: *seed, Log: log, Behaviour: chosen, Groups: groups},
		Addr: *addr, SFTPAddr: files.addr, SFTPDir: files.dir, Automations: files.autos}, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "contactimport sandbox serve: %v\n", err)
		return exitStopped
	}
	return exitOK
}

// exportFlags returns the flag set of `sandbox export` and the database and group it fills.
func exportFlags(stderr io.Writer) (flags *flag.FlagSet, db *string, group *int64) {
	flags = flag.NewFlagSet("sandbox export", flag.ContinueOnError)
	flags.SetOutput(stderr)
	db = flags.String("db", "contactimport-sandbox.db", "SQLite database `file` of the sandbox (the default is import --sandbox's)")
	group = flags.Int64("group", 0, "print the members and invited contacts of group `ID` instead of every contact")
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), "Usage: contactimport sandbox export [flags]\n\n"+
			"Prints every contact of a sandbox database as CSV: contactId, emailAddress, mobileNumber,\n"+
			"applicationAlias, identifier, then one column per attribute, sorted by name.\n"+
			"With --group: contactId, emailAddress, mobileNumber, applicationAlias, identifier,\n"+
			"subscriptionMode, status (member or invited), then one column per member attribute, sorted.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	return flags, db, group
}

func sandboxExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags, db, group := exportFlags(stderr)
	if code := parseFlags(flags, args, stderr); code >= 0 {
		return code
	}
	groupGiven := false
	flags.Visit(func(f *flag.Flag) { groupGiven = groupGiven || f.Name == "group" })
	if groupGiven && *group <= 0 {
		fmt.Fprintf(stderr, "contactimport sandbox export: --group %d is not a group id (a positive whole number)\n", *group)
		return exitUsage
	}
	if err := sandbox.ExportFile(ctx, *db, *group, stdout); err != nil {
		fmt.Fprintf(stderr, "contactimport sandbox export: %v\n", err)
		return exitStopped
	}
	return exitOK
}
