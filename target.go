package main

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

// target is where a run sends its requests.
type target struct {
	name   string // for summaries: the base URL, or "sandbox (FILE)"
	key    string // scopes the state file: the base URL, or the sandbox file
	client *engage.Client
	box    *sandbox.Server
	close  func()
}

// errNoTarget is a usage error: neither --url/ENGAGE_URL nor --sandbox.
var errNoTarget = errors.New("no target: set --url or ENGAGE_URL (with ENGAGE_USER and ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE), or use --sandbox to rehearse against an embedded sandbox")

// openTarget resolves the target and builds a client whose every attempt waits on th.
// Errors are usage errors (exit 2) unless they wrap errStartup.
func openTarget(o *options, getenv func(string) string, th *pace.Throttle, log *slog.Logger) (*target, error) {
	before := func(ctx context.Context) error { return th.Wait(ctx) }
	ua := "contactimport/" + versionString()
	if o.sandbox {
		if o.url != "" {
			return nil, errors.New("--sandbox and --url exclude each other")
		}
		return openSandbox(o.sandboxDB, ua, before, log)
	}
	url := o.url
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
	if o.caCert != "" {
		pem, err := source.ReadFile(context.Background(), o.caCert, source.KindCACert)
		if err != nil {
			return nil, fmt.Errorf("--ca-cert: %w", err)
		}
		tlsOpts.CACertPEM = pem
	}
	if o.insecure {
		tlsOpts.InsecureSkipVerify = true
		log.Warn("TLS CERTIFICATE VERIFICATION IS OFF (--insecure-skip-verify): anyone on the network path can read the credentials and the contacts")
	}
	hc, err := engage.NewHTTPClient(tlsOpts)
	if err != nil {
		return nil, fmt.Errorf("--ca-cert %s: %w", o.caCert, err)
	}
	c, err := engage.New(engage.Config{BaseURL: url, User: user, Password: password, UserAgent: ua, HTTP: hc, BeforeAttempt: before})
	if err != nil {
		return nil, err
	}
	return &target{name: c.BaseURL(), key: c.BaseURL(), client: c, close: func() {}}, nil
}

// openSandbox serves a sandbox in-process on a loopback port, so that a rehearsal takes the
// same HTTP path as a real run, with credentials made up for this run.
func openSandbox(db, ua string, before func(context.Context) error, log *slog.Logger) (*target, error) {
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
	return &target{
		name:   "sandbox (" + db + ")",
		key:    "sandbox:" + db,
		client: c,
		box:    box,
		close: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
			box.Close()
		},
	}, nil
}

// errStartup marks failures to start that are not the user's input (exit 1).
var errStartup = errors.New("cannot start")
