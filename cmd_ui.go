package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
	"contactimport/ui"
)

// uiOptions are the flags of `contactimport ui`.
type uiOptions struct {
	addr      string
	listenAny bool
	url       string
	sandbox   bool
	sandboxDB string
	rate      float64
	open      bool   // start the system's browser on the printed URL
	file      string // a list or a report to open first
}

// uiFlags returns the flag set of `contactimport ui`, which fills o when it parses.
func uiFlags(o *uiOptions, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contactimport ui", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "`host:port` to listen on (a loopback address; port 0 picks a free one)")
	fs.BoolVar(&o.listenAny, "listen-any", false, "allow a non-loopback --addr (anyone who can reach it and has the printed URL can use the UI)")
	fs.StringVar(&o.url, "url", "", "API base `URL` that runs send to until another target is chosen in the UI (or ENGAGE_URL)")
	fs.BoolVar(&o.sandbox, "sandbox", false, "send to an embedded sandbox instead of Engage (the UI can choose another target)")
	fs.StringVar(&o.sandboxDB, "sandbox-db", "contactimport-sandbox.db", "sandbox database `file`")
	fs.Float64Var(&o.rate, "rate", 10, "requests per second of the retries and imports started in the UI (their --rate)")
	fs.BoolVar(&o.open, "open", false, "start the system's web browser on the printed URL (the URL is printed either way)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport ui [flags] [FILE]\n\nStarts the local web UI and prints its URL. With FILE, the URL opens it: a report of this tool\non the screen of its failed rows, any other file (a list) on the open screen.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nEnvironment: ENGAGE_URL, ENGAGE_USER, ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE.\n")
	}
	return fs
}

func parseUIOptions(args []string, stderr io.Writer) (*uiOptions, error) {
	o := &uiOptions{}
	fs := uiFlags(o, stderr)
	files, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	switch len(files) {
	case 0:
	case 1:
		o.file = files[0]
	default:
		fs.Usage()
		return nil, fmt.Errorf("ui takes at most one file, got %d", len(files))
	}
	if o.sandbox && o.url != "" {
		return nil, errors.New("--sandbox and --url exclude each other")
	}
	if o.rate <= 0 {
		return nil, fmt.Errorf("--rate must be positive, not %v", o.rate)
	}
	return o, nil
}

// checkAddr refuses an address that is not loopback unless listenAny allows it. Host names other
// than localhost are refused either way: what they resolve to is not known here.
func checkAddr(addr string, listenAny bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ip := net.ParseIP(host)
	switch {
	case host == "" && listenAny:
		return nil
	case host == "":
		return fmt.Errorf("--addr %s listens on every network interface: the UI serves loopback only (127.0.0.1); add --listen-any to allow it", addr)
	case ip == nil:
		return fmt.Errorf("--addr %s: give an IP address (127.0.0.1) or localhost, not a host name", addr)
	case !ip.IsLoopback() && !listenAny:
		return fmt.Errorf("--addr %s is not a loopback address: the UI serves loopback only (127.0.0.1); add --listen-any to allow it", addr)
	}
	return nil
}

// runUI serves the UI until ctx ends (Ctrl-C); retries still running are stopped as Ctrl-C
// stops them, and waited for, so that their reports are flushed.
func runUI(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseUIOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err == nil {
		err = checkAddr(o.addr, o.listenAny)
	}
	var first string // the first page's path and query, after the token
	if err == nil {
		first, err = firstPage(o.file)
	}
	if err != nil {
		fmt.Fprintln(stderr, "contactimport: "+err.Error())
		return exitUsage
	}
	log := slog.New(safeHandler{slog.NewTextHandler(stderr, nil)})
	if o.listenAny {
		log.Warn("--listen-any: the UI may be reachable from other machines; anyone with the printed URL can read and retry reports")
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintln(stderr, "contactimport: ui: "+err.Error())
		return exitStopped
	}
	defer ln.Close()
	srv, guard, err := newUIServer(ctx, o, ln.Addr().String(), getenv, log)
	if err != nil {
		fmt.Fprintln(stderr, "contactimport: ui: "+err.Error())
		return exitStopped
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	link := uiURL(ln.Addr().String(), guard.Token(), first)
	fmt.Fprintf(stdout, "contactimport ui: open %s in your browser (Ctrl-C stops it)\n", link)
	var browser sync.WaitGroup
	if o.open {
		browser.Go(func() { startBrowser(ctx, link, log) })
	}
	<-ctx.Done()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shut)
	srv.Wait()
	browser.Wait()
	return exitOK
}

// uiURL is the URL printed: the token sets the session cookie; first, when not "", is the page
// it opens (a path with its query, as firstPage gives it).
func uiURL(addr, token, first string) string {
	q := url.Values{"t": {token}}
	if first == "" {
		return "http://" + addr + "/?" + q.Encode()
	}
	return "http://" + addr + first + "&" + q.Encode()
}

// firstPage is the page the printed URL opens for the file given to `contactimport ui`: a
// report of this tool (recognised by its header, as retry recognises one: import.row and
// import.status) on the screen of its failed rows, any other file on the open screen. A file
// that cannot be read as a report is opened as a list: the open screen says what it found.
func firstPage(file string) (string, error) {
	if file == "" {
		return "", nil
	}
	abs, err := filepath.Abs(file)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		return "", fmt.Errorf("ui %s: %w", file, err)
	}
	if !isReport(abs) {
		return "/open?" + url.Values{"path": {abs}}.Encode(), nil
	}
	return "/fix?" + url.Values{"report": {file}}.Encode(), nil
}

// isReport reports whether the file at path has the header of a report of this tool, read as
// retry reads a report (report.NewLenientReader: any delimiter, encoding or XLSX).
func isReport(path string) bool {
	f, err := source.OpenFile(path, source.KindInput)
	if err != nil {
		return false
	}
	defer f.Close()
	rd, err := report.NewLenientReader(f, source.Options{Name: path})
	if err != nil {
		return false
	}
	rd.Close()
	return true
}

func newUIServer(ctx context.Context, o *uiOptions, addr string, getenv func(string) string, log *slog.Logger) (*ui.Server, *ui.Guard, error) {
	guard, err := ui.NewGuard(addr, o.listenAny)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil, nil, err
	}
	srv, err := ui.New(ui.Config{Engine: &uiEngine{o: o, getenv: getenv}, Guard: guard, Dir: dir, Log: log, Context: ctx})
	return srv, guard, err
}

// uiEngine is the engine the UI calls: the code the commands run.
type uiEngine struct {
	o      *uiOptions
	getenv func(string) string
}

// Mapper compiles the mapping of the run behind sum as import and retry do (compileMapping):
// its mapping file, or auto-mapping, with its identifier; without a summary (nil), the
// auto-mapping with the default identifier, as retry without --mapping.
func (e *uiEngine) Mapper(sum *report.Summary, header []string) (*mapping.Mapper, error) {
	if sum == nil {
		return compileMapping(&options{file: "the automatic mapping"}, header)
	}
	return compileMapping(&options{file: sum.Report, mapping: mappingOf(sum), identifier: sum.Identifier}, header)
}

// Retry runs the retry command with the arguments a person would type: the UI's target, the
// run's mapping, identifier and mode, the report to write, and the report to retry.
func (e *uiEngine) Retry(ctx context.Context, req ui.RetryRequest) int {
	args, getenv := e.targetArgs(), e.getenv
	if req.Target != nil {
		args, getenv = e.runTarget(*req.Target)
	}
	args = append(args, "--rate", strconv.FormatFloat(e.o.rate, 'g', -1, 64), "--progress", "none", "--report", req.Out)
	if sum := req.Summary; sum != nil {
		if m := mappingOf(sum); m != "" {
			args = append(args, "--mapping", m)
		}
		if sum.Identifier != "" {
			args = append(args, "--identifier", sum.Identifier)
		}
		if sum.Mode != "" {
			args = append(args, "--mode", sum.Mode)
		}
	}
	if req.Group > 0 {
		args = append(args, "--group", strconv.FormatInt(req.Group, 10))
	}
	if req.Group > 0 && req.Subscription != "" {
		args = append(args, "--subscription", req.Subscription)
	}
	args = append(args, "--", req.Report)
	return runImport(ctx, "retry", args, getenv, req.Output, req.Output)
}

func (e *uiEngine) targetArgs() []string {
	switch {
	case e.o.sandbox:
		return []string{"--sandbox", "--sandbox-db", e.o.sandboxDB}
	case e.o.url != "":
		return []string{"--url", e.o.url}
	}
	return nil // ENGAGE_URL, or retry says how to set a target
}

// Target names the target as the command's summary does.
func (e *uiEngine) Target() string {
	if t := e.DefaultTarget(); t.Sandbox || t.URL != "" {
		return t.String() // a user and password in the URL are never shown
	}
	return "none set (start the UI with --sandbox, --url or ENGAGE_URL)"
}

// mappingOf is the mapping file a run used, "" for auto-mapping.
func mappingOf(sum *report.Summary) string {
	if sum.Mapping == "auto" {
		return ""
	}
	return sum.Mapping
}
