package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"contactimport/importer/handoff"
)

// handoffFlags are convert's flags for the hands-free hand-off: the upload to the file server an
// import automation reads, and the automation's run through the API.
type handoffFlags struct {
	upload     string
	sshKey     string
	knownHosts string
	automation int64
	rate       float64
	poll       time.Duration
	stall      time.Duration
	uploadOnly bool

	target handoff.Target
}

func addHandoffFlags(fs *flag.FlagSet, o *options) *handoffFlags {
	h := &handoffFlags{}
	fs.StringVar(&h.upload, "upload", "", "put the import files on the file server of a Mapp import automation: `sftp://USER@HOST[:PORT]/DIR`")
	fs.StringVar(&h.sshKey, "ssh-key", "", "SSH private key `file` for --upload (default: the keys of the SSH agent at SSH_AUTH_SOCK)")
	fs.StringVar(&h.knownHosts, "known-hosts", "~/.ssh/known_hosts", "known_hosts `file` that must hold the server's host key (~/ is the home directory)")
	fs.Int64Var(&h.automation, "automation", 0, "after the upload, start Mapp import automation `ID` once (automation/runOnce) and follow its process to the end")
	fs.BoolVar(&h.uploadOnly, "upload-only", false, "do not convert: upload the import files of FILE already in --out-dir (an interrupted upload resumes), then --automation")
	fs.StringVar(&o.url, "url", "", "with --automation: API base `URL`, e.g. https://host/api/rest/v19 (or ENGAGE_URL)")
	fs.StringVar(&o.caCert, "ca-cert", "", "PEM `file` of an extra CA to trust")
	fs.BoolVar(&o.insecure, "insecure-skip-verify", false, "do not verify the server's TLS certificate (dangerous)")
	fs.Float64Var(&h.rate, "rate", 10, "with --automation: API requests per second at most")
	fs.DurationVar(&h.poll, "poll", 10*time.Second, "with --automation: how often the process is read")
	fs.DurationVar(&h.stall, "stall", 30*time.Minute, "with --automation: give up following a process that shows no change for this long (it goes on at Mapp)")
	return h
}

// check reads the flags given together; everything is a usage error.
func (h *handoffFlags) check() error {
	if h.upload == "" {
		switch {
		case h.automation != 0:
			return errors.New("--automation needs --upload: the automation imports the files uploaded")
		case h.uploadOnly:
			return errors.New("--upload-only needs --upload")
		}
		return nil
	}
	t, err := handoff.ParseTarget(h.upload)
	if err != nil {
		return err
	}
	h.target = t
	switch {
	case h.automation < 0:
		return fmt.Errorf("--automation %d is not an automation id", h.automation)
	case h.rate <= 0:
		return errors.New("--rate must be above 0")
	case h.poll <= 0 || h.stall <= 0:
		return errors.New("--poll and --stall must be above 0")
	case h.knownHosts == "":
		return errors.New("--known-hosts names no file: the server's host key must be checked")
	}
	if rest, ok := strings.CutPrefix(h.knownHosts, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return fmt.Errorf("--known-hosts %s: %w", h.knownHosts, err)
		}
		h.knownHosts = filepath.Join(home, rest)
	}
	return nil
}

// sftpDial opens the connection to the file server; nil dials TCP. Tests cut it on purpose.
var sftpDial func(ctx context.Context, network, addr string) (net.Conn, error)
