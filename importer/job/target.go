package job

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/pace"
	"contactimport/importer/source"
)

// Endpoint says where a run sends its requests: --url (or ENGAGE_URL) with its TLS flags, or
// --sandbox.
type Endpoint struct {
	URL       string
	Sandbox   bool
	SandboxDB string
	CACert    string // PEM file of an extra CA to trust
	Insecure  bool   // do not verify the server's certificate
	UserAgent string
}

// Target is where a run sends its requests, opened.
type Target struct {
	Name   string // for summaries: the base URL, or "sandbox (FILE)"
	Key    string // scopes the state file: the base URL, or the sandbox file
	Client *engage.Client
	Box    *sandbox.Server // the embedded sandbox, with --sandbox
	Close  func()
}

// errNoTarget is a usage error: neither --url/ENGAGE_URL nor --sandbox.
var errNoTarget = errors.New("no target: set --url or ENGAGE_URL (with ENGAGE_USER and ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE), or use --sandbox to rehearse against an embedded sandbox")

// OpenTarget resolves the target and builds a client whose every attempt waits on th; getenv
// gives ENGAGE_URL, ENGAGE_USER, ENGAGE_PASSWORD and ENGAGE_PASSWORD_FILE. TargetOutcome says how
// an error ends the run.
func OpenTarget(o Endpoint, getenv func(string) string, th *pace.Throttle, log *slog.Logger) (*Target, error) {
	before := func(ctx context.Context) error { return th.Wait(ctx) }
	ua := o.UserAgent
	if o.Sandbox {
		if o.URL != "" {
			return nil, errors.New("--sandbox and --url exclude each other")
		}
		return openSandbox(o.SandboxDB, ua, before, log)
	}
	url := o.URL
	if url == "" {
		url = getenv("ENGAGE_URL")
	}
	if url == "" {
		return nil, errNoTarget
	}
	user := getenv("ENGAGE_USER")
	password, err := readPassword(getenv, log)
	if err != nil {
		return nil, err
	}
	if user == "" || password == "" {
		return nil, errors.New("credentials missing: set ENGAGE_USER and ENGAGE_PASSWORD (or ENGAGE_PASSWORD_FILE)")
	}
	var tlsOpts engage.TLSOptions
	if o.CACert != "" {
		pem, err := source.ReadFile(context.Background(), o.CACert, source.KindCACert)
		if err != nil {
			return nil, fmt.Errorf("--ca-cert: %w", err)
		}
		tlsOpts.CACertPEM = pem
	}
	if o.Insecure {
		tlsOpts.InsecureSkipVerify = true
		log.Warn("TLS CERTIFICATE VERIFICATION IS OFF (--insecure-skip-verify): anyone on the network path can read the credentials and the contacts")
	}
	hc, err := engage.NewHTTPClient(tlsOpts)
	if err != nil {
		return nil, fmt.Errorf("--ca-cert %s: %w", o.CACert, err)
	}
	c, err := engage.New(engage.Config{BaseURL: url, User: user, Password: password, UserAgent: ua, HTTP: hc, BeforeAttempt: before})
	if err != nil {
		return nil, err
	}
	return &Target{Name: c.BaseURL(), Key: c.BaseURL(), Client: c, Close: func() {}}, nil
}

// openSandbox serves a sandbox in-process on a loopback port, so that a rehearsal takes the
// same HTTP path as a real run, with credentials made up for this run.
func openSandbox(db, ua string, before func(context.Context) error, log *slog.Logger) (*Target, error) {
	var pw [12]byte
	rand.Read(pw[:])
	password := hex.EncodeToString(pw[:])
	box, err := sandbox.New(sandbox.Options{DB: db, User: "sandbox", Password: password, Log: log})
	if err != nil {
		return nil, fmt.Errorf("%w: sandbox: %v", errStartup, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		box.Close()
		return nil, fmt.Errorf("%w: sandbox: %v", errStartup, err)
	}
	srv := sandbox.HTTPServer(box, nil)
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String() + "/api/rest/v19"
	c, err := engage.New(engage.Config{BaseURL: base, User: "sandbox", Password: password, UserAgent: ua, BeforeAttempt: before})
	if err != nil {
		srv.Close()
		box.Close()
		return nil, err
	}
	return &Target{
		Name:   "sandbox (" + db + ")",
		Key:    "sandbox:" + db,
		Client: c,
		Box:    box,
		Close: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
			box.Close()
		},
	}, nil
}

// errStartup marks failures to start that are not the user's input (Stopped).
var errStartup = errors.New("cannot start")

// TargetOutcome is how OpenTarget's error ends a run: Stopped when the target could not start,
// Usage when the flags or the environment must change.
func TargetOutcome(err error) Outcome {
	if errors.Is(err, errStartup) {
		return Stopped
	}
	return Usage
}
