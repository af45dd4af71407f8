package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"strconv"

	"contactimport/importer/doctor"
	"contactimport/importer/job"
	"contactimport/importer/pace"
	"contactimport/importer/profile"
)

// doctorOptions are the flags of doctor. The target and TLS flags fill an options value, so
// that openTarget resolves the target exactly as for import.
type doctorOptions struct {
	target     options // url, sandbox, sandboxDB, caCert, insecure, mapping, logFormat, logLevel, the input flags, file
	profile    string
	probeEmail string
	group      int64
	rate       float64
}

// doctorFlags returns doctor's flag set and the options it fills when it parses.
func doctorFlags(stderr io.Writer) (*doctorOptions, *flag.FlagSet) {
	d := &doctorOptions{target: options{command: "doctor"}}
	o := &d.target
	fs := flag.NewFlagSet("contactimport doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "", "API base `URL`, e.g. https://host/api/rest/v19 (or ENGAGE_URL)")
	fs.BoolVar(&o.sandbox, "sandbox", false, "check an embedded sandbox instead of Engage (a rehearsal)")
	fs.StringVar(&o.sandboxDB, "sandbox-db", "contactimport-sandbox.db", "sandbox database `file`")
	fs.StringVar(&o.mapping, "mapping", "", "mapping `file` (YAML) of the import, to check the custom attributes it sends")
	fs.StringVar(&d.profile, "profile", profile.Default, "write what was learnt to this `file`")
	fs.StringVar(&d.probeEmail, "probe-email", "", "`address` of your own, not in Mapp, for a probe contact that is deleted afterwards")
	fs.Func("group", "`ID` of the group the import subscribes into: check that it exists and is not archived, and with\n--probe-email whether subscribing a member again is an error", func(v string) error {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errors.New("a group id is a whole number above 0, like 1234 (Mapp: Audience → Groups)")
		}
		d.group = id
		return nil
	})
	fs.Float64Var(&d.rate, "rate", 10, "requests per second")
	fs.StringVar(&o.caCert, "ca-cert", "", "PEM `file` of an extra CA to trust")
	fs.BoolVar(&o.insecure, "insecure-skip-verify", false, "do not verify the server's TLS certificate (dangerous)")
	inputFlags(fs, o) // how FILE is read, as for import
	logFlags(fs, o)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport doctor [flags] [FILE]\n\n"+
			"Checks a target before the first import: connection, credentials, API version, latency,\n"+
			"and with --group the group; with --probe-email also how the tenant behaves, with a probe\n"+
			"contact it deletes again.\n"+
			"FILE (or --mapping alone) names the custom attributes the import will send.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nEnvironment: ENGAGE_URL, ENGAGE_USER, ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE.\n")
	}
	return d, fs
}

// parseDoctor parses doctor's flags, placed before and after the optional FILE.
func parseDoctor(args []string, stderr io.Writer) (*doctorOptions, error) {
	d, fs := doctorFlags(stderr)
	o := &d.target
	files, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(files) > 1:
		return nil, fmt.Errorf("doctor takes at most one file, the list to import; got %d", len(files))
	case len(files) == 1:
		o.file = files[0]
	}
	if err := checkChoice("log-format", o.logFormat, logFormatValues()); err != nil {
		return nil, err
	}
	switch {
	case !(d.rate > 0 && d.rate <= 1000):
		return nil, errors.New("--rate must be above 0 and at most 1000 requests per second")
	case d.profile == "":
		return nil, errors.New("--profile must name a file")
	}
	if d.probeEmail != "" {
		if a, err := mail.ParseAddress(d.probeEmail); err != nil || a.Address != d.probeEmail || a.Name != "" {
			return nil, errors.New("--probe-email must be a plain email address, like you+doctor@example.com")
		}
	}
	return d, nil
}

// runDoctor implements `contactimport doctor`.
func runDoctor(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	d, err := parseDoctor(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "contactimport doctor:", err)
		return exitUsage
	}
	log := newLogger(&d.target, stderr)
	fail := func(code int, err error) int {
		if d.target.logFormat == "json" {
			log.Error(err.Error(), "exit_code", code)
		} else {
			fmt.Fprintln(stderr, "contactimport doctor:", err)
		}
		return code
	}
	targets, err := job.Targets(ctx, d.target.input(), d.target.identifier, log)
	if err != nil {
		return fail(exitUsage, err)
	}
	th := pace.NewThrottle(pace.ThrottleConfig{Rate: d.rate})
	tgt, err := job.OpenTarget(d.target.endpoint(), getenv, th, log)
	if err != nil {
		return fail(int(job.TargetOutcome(err)), err)
	}
	defer tgt.Close()

	res := doctor.Run(ctx, tgt.Client, doctor.Options{ProbeEmail: d.probeEmail, Group: d.group, CustomAttributes: doctor.CustomAttributes(targets),
		MemberAttributes: doctor.MemberAttributes(targets), Rate: d.rate, Log: log})
	out := &doctor.Output{W: stdout, Target: tgt.Name}
	out.Print(res)
	if ok, why := res.WritesProfile(d.probeEmail); !ok {
		out.Line("profile", "not written: "+why)
	} else {
		p, kept := res.Profile(tgt.Client.BaseURL()), false
		if !res.Probed {
			p, kept = profile.KeepProbed(d.profile, p, log)
		}
		if err := profile.Write(d.profile, p); err != nil {
			out.Result(res)
			return fail(exitStopped, err)
		}
		out.Line("profile", res.ProfileLine(d.profile, kept))
	}
	out.Result(res)
	switch {
	case res.Interrupted:
		return exitInterrupted
	case res.Blocking():
		return exitStopped
	}
	return exitOK
}
