package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"contactimport/importer/engage/sandbox"
)

// sftpFlags are sandbox serve's flags for the file road: the SFTP server and the import
// automations that read from it.
type sftpFlags struct {
	addr  string
	dir   string
	autos []sandbox.Automation
	given bool // --automations was given

	files  *sandbox.SFTP // once started
	listen string        // the address clients dial
}

func addSFTPFlags(flags *flag.FlagSet) *sftpFlags {
	f := &sftpFlags{autos: sandbox.DefaultAutomations()}
	flags.StringVar(&f.addr, "sftp", "", "also serve SFTP on `address` (e.g. 127.0.0.1:2222) and the import automations that read from it")
	flags.StringVar(&f.dir, "sftp-dir", "contactimport-sandbox-sftp", "the SFTP server's data `directory`: host key, client key, authorized_keys, files/")
	flags.Func("automations", "import automations `ID:DIR:MODE[:GROUP],…`, MODE add|update|add-and-update, DIR under files/\n"+
		"(default \""+sandbox.FormatAutomations(f.autos)+"\")", func(v string) error {
		var err error
		f.autos, err = sandbox.ParseAutomations(v)
		f.given = true
		return err
	})
	return f
}

// problem says what is wrong with the flags given together, "" when nothing is.
func (f *sftpFlags) problem() string {
	if f.given && f.addr == "" {
		return "--automations needs --sftp: they import the files uploaded to it"
	}
	return ""
}

// start serves SFTP when --sftp is given, and returns the handler that adds automation/runOnce
// and process/getDetails to box, and a stop function that waits for the SFTP server and the
// automations' runs. Without --sftp it returns box itself.
func (f *sftpFlags) start(ctx context.Context, box *sandbox.Server, log *slog.Logger) (http.Handler, func(), error) {
	if f.addr == "" {
		return box, func() {}, nil
	}
	files, err := sandbox.NewSFTP(f.dir, log)
	if err != nil {
		return nil, nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", f.addr)
	if err != nil {
		files.Close()
		return nil, nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := files.Serve(sctx, ln); err != nil {
			log.Error("sftp server stopped", "err", err)
		}
	}()
	autos := sandbox.NewAutomations(box, files, f.autos)
	addr := dialable(ln.Addr())
	log.Info("sftp serving", "addr", addr, "dir", f.dir, "host_key", files.Fingerprint(),
		"automations", sandbox.FormatAutomations(f.autos))
	f.files, f.listen = files, addr
	return autos, func() {
		cancel()
		<-served
		autos.Close()
		files.Close()
	}, nil
}

// print says how to reach the SFTP server and trust it, and what each automation imports; nothing
// without --sftp.
func (f *sftpFlags) print(w io.Writer) {
	files, addr := f.files, f.listen
	if files == nil {
		return
	}
	fmt.Fprintf(w, "SFTP server %s, files in %s; host key %s\n", addr, files.Files(), files.Fingerprint())
	fmt.Fprintf(w, "  known_hosts line: %s\n", files.KnownHostsLine(addr))
	fmt.Fprintf(w, "  client key: %s (or add your public key to %s/%s)\n", files.ClientKey(), f.dir, sandbox.AuthorizedKeysFile)
	for _, a := range f.autos {
		group := "no group"
		if a.Group != 0 {
			group = fmt.Sprintf("group %d", a.Group)
		}
		fmt.Fprintf(w, "  automation %d imports /%s (%s, %s): convert --upload sftp://sandbox@%s/%s --automation %d\n",
			a.ID, a.Dir, a.Mode, group, addr, a.Dir, a.ID)
	}
}
