package sandbox

import (
	"contactimport/importer/engage"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// ServeConfig is what `contactimport sandbox serve` runs: a sandbox made with Options, served on
// Addr, and with SFTPAddr the SFTP server of the file road and the import automations reading it.
type ServeConfig struct {
	Options
	Addr        string       // listen address; port 0 picks a free port
	SFTPAddr    string       // "" serves no SFTP
	SFTPDir     string       // the SFTP server's data directory
	Automations []Automation // the import automations that read from the SFTP server
}

// Serve runs the sandbox until ctx is done: it prints the base URL on out (after logging the
// settings, so that whoever waits for the URL finds them logged) and, with SFTP, how to reach it.
// Answers in flight get a few seconds to go out when ctx is done. cfg.Log must be set.
func Serve(ctx context.Context, cfg ServeConfig, out io.Writer) error {
	log := cfg.Log
	box, err := New(cfg.Options)
	if err != nil {
		return err
	}
	defer box.Close()
	tenantGroups, err := box.Groups(ctx) // the ones given and those a DB kept from earlier runs
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + dialable(ln.Addr()) + "/api/rest/v19"
	handler, files, stopFiles, err := cfg.startSFTP(ctx, box)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopFiles()
	srv := HTTPServer(handler, slog.NewLogLogger(log.Handler(), slog.LevelWarn))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	store := cfg.DB
	if store == "" {
		store = "memory"
	}
	log.Info("sandbox serving", "url", base, "db", store, "user", cfg.User, "rate", cfg.Rate,
		"latency", cfg.Latency, "fail_rate", cfg.FailRate, "behaviour", cfg.Behaviour, "groups", FormatGroups(tenantGroups))
	fmt.Fprintln(out, base)
	cfg.printSFTP(out, files)

	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	<-served
	st := box.Stats()
	log.Info("sandbox stopped", "requests", st.Total, "throttled", st.Throttled,
		"injected_faults", st.Injected, "contacts", st.Contacts)
	return nil
}

// sftpRun is the SFTP server of a Serve, once started.
type sftpRun struct {
	files *SFTP
	addr  string // the address clients dial
}

// startSFTP serves SFTP when SFTPAddr is set, and returns the handler that adds
// automation/runOnce and process/getDetails to box, and a stop function that waits for the SFTP
// server and the automations' runs. Without SFTPAddr it returns box itself.
func (cfg ServeConfig) startSFTP(ctx context.Context, box *Server) (http.Handler, *sftpRun, func(), error) {
	if cfg.SFTPAddr == "" {
		return box, nil, func() {}, nil
	}
	files, err := NewSFTP(cfg.SFTPDir, cfg.Log)
	if err != nil {
		return nil, nil, nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.SFTPAddr)
	if err != nil {
		files.Close()
		return nil, nil, nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := files.Serve(sctx, ln); err != nil {
			cfg.Log.Error("sftp server stopped", "err", err)
		}
	}()
	autos := NewAutomations(box, files, cfg.Automations)
	addr := dialable(ln.Addr())
	cfg.Log.Info("sftp serving", "addr", addr, "dir", cfg.SFTPDir, "host_key", files.Fingerprint(),
		"automations", FormatAutomations(cfg.Automations))
	return autos, &sftpRun{files: files, addr: addr}, func() {
		cancel()
		<-served
		autos.Close()
		files.Close()
	}, nil
}

// printSFTP says how to reach the SFTP server and trust it, and what each automation imports;
// nothing without SFTP.
func (cfg ServeConfig) printSFTP(w io.Writer, run *sftpRun) {
	if run == nil {
		return
	}
	files, addr := run.files, run.addr
	fmt.Fprintf(w, "SFTP server %s, files in %s; host key %s\n", addr, files.Files(), files.Fingerprint())
	fmt.Fprintf(w, "  known_hosts line: %s\n", files.KnownHostsLine(addr))
	fmt.Fprintf(w, "  client key: %s (or add your public key to %s/%s)\n", files.ClientKey(), cfg.SFTPDir, AuthorizedKeysFile)
	for _, a := range cfg.Automations {
		group := "no group"
		if a.Group != 0 {
			group = fmt.Sprintf("group %d", a.Group)
		}
		fmt.Fprintf(w, "  automation %d imports /%s (%s, %s): convert --upload sftp://sandbox@%s/%s --automation %d\n",
			a.ID, a.Dir, a.Mode, group, addr, a.Dir, a.ID)
	}
}

// dialable is addr as a client can dial it: a wildcard listen address becomes the loopback one.
func dialable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}

// ExportFile prints the contacts of the sandbox database db as CSV on w (Export), or with a
// group above 0 that group's members and invited contacts (ExportGroup). A missing database is
// an error: opening it would create an empty one and export nothing, hiding a typo. Nothing is
// written into the database, not even the default groups.
func ExportFile(ctx context.Context, db string, group int64, w io.Writer) error {
	info, err := os.Stat(db)
	if err == nil && !info.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named below
		}
		return fmt.Errorf("database %s: %w", db, err)
	}
	box, err := New(Options{DB: db, Groups: []Group{}})
	if err != nil {
		return err
	}
	defer box.Close()
	if group > 0 {
		return box.ExportGroup(ctx, w, group)
	}
	return box.Export(ctx, w)
}

// maxDefinitionsFile caps a definitions file.
const maxDefinitionsFile = 1 << 20

// fileDefinition is one entry of a definitions file.
type fileDefinition struct {
	engage.Definition
	Value string `json:"value"`
}

// ReadDefinitions reads a JSON file of the tenant's profile attribute definitions, in the shape
// profileAttributes/list answers (name, dataType, enumeratedValues, technical, archived), where a
// technical one may carry the "value" the tenant sets on new contacts. Errors name the file.
func ReadDefinitions(path string) ([]Definition, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDefinitionsFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxDefinitionsFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxDefinitionsFile)
	}
	var defs []fileDefinition
	if err := json.Unmarshal(data, &defs); err != nil {
		return nil, fmt.Errorf("%s: not a JSON list of attribute definitions: %w", path, err)
	}
	if len(defs) == 0 {
		return nil, errors.New(path + ": the list is empty")
	}
	out := make([]Definition, 0, len(defs))
	for _, fd := range defs {
		sd := Definition{Name: fd.Name, DisplayName: fd.DisplayName, Type: DataType(fd.DataType),
			Standard: fd.Standard, Technical: fd.Technical, Archived: fd.Archived, Value: fd.Value}
		if fd.Enumerated {
			sd.Enum = append([]string{}, fd.EnumeratedValues...)
		}
		out = append(out, sd)
	}
	return out, nil
}
