package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"contactimport/importer/engage/sandbox"
)

// restRate is the --rate the REST road is compared at: Engage's documented limit.
const restRate = 10

// handoff measures the hands-free road of a one-off load: `convert --upload --automation`
// against `sandbox serve --sftp`, i.e. the list converted, the files uploaded over SFTP, the
// sandbox's import automation run over them and followed to its end; then the sandbox export
// compared with the input.
func (b *bench) handoff(ctx context.Context) ([]row, error) {
	n := b.size.handoff
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	sftpDir, err := b.dir("handoff-sftp")
	if err != nil {
		return nil, err
	}
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	var r *run
	flags := []string{"--sftp", addr, "--sftp-dir", sftpDir}
	check, err := b.withServer(ctx, "handoff", flags, []string{file}, func(dir string, srv *server) error {
		kh := filepath.Join(dir, "known_hosts")
		files, err := sandbox.NewSFTP(sftpDir, nil) // the server's keys, read back from its directory
		if err != nil {
			return err
		}
		line := files.KnownHostsLine(addr)
		files.Close()
		if err := os.WriteFile(kh, []byte(line+"\n"), 0o600); err != nil {
			return err
		}
		out := filepath.Join(dir, "out")
		if err := os.Mkdir(out, 0o700); err != nil {
			return err
		}
		args := []string{"--out-dir", out, "--upload", "sftp://sandbox@" + addr + "/upload",
			"--ssh-key", filepath.Join(sftpDir, sandbox.ClientKeyFile), "--known-hosts", kh,
			"--automation", "1", "--url", srv.url, "--poll", "1s"}
		r, err = b.cliRun(ctx, dir, "handoff", "convert", args, file)
		if err != nil {
			return err
		}
		if h := r.sum.Handoff; h == nil || h.Outcome != "finished" || h.Processed != int64(n) {
			return fmt.Errorf("handoff: the import did not finish with every row: %+v", h)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	conv := r.sum.Ended.Sub(r.sum.Started)
	rss := rssRow("handoff", n, r)
	rss.measure = fmt.Sprintf("peak RSS, convert --upload --automation of %s rows", count(n))
	rest := time.Duration(float64(n)/restRate) * time.Second
	return []row{
		{scenario: "handoff", measure: fmt.Sprintf("convert + upload + sandbox import of %s rows", count(n)),
			target: "— (no target)", measured: fmt.Sprintf("%s rows/s", count(int(float64(n)/r.wall.Seconds()))),
			details: fmt.Sprintf("whole road %s: conversion %s, then upload, automation run and follow %s (poll 1 s)",
				r.wall.Round(time.Second), conv.Round(time.Millisecond), (r.wall - conv).Round(time.Second))},
		rss,
		{scenario: "handoff", measure: fmt.Sprintf("the same %s rows over REST at --rate %d", count(n), restRate),
			target: "— (comparison)", measured: rest.Round(time.Minute).String(),
			details: fmt.Sprintf("%s rows × 1 call per row ÷ %d/s (the calls target is ≤ 1.05 per row): %.0f× the hand-off's %s",
				count(n), restRate, rest.Seconds()/r.wall.Seconds(), r.wall.Round(time.Second))},
		check,
	}, nil
}

// freePort is a loopback address with a port free a moment ago, for a child to listen on.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
