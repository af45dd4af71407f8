package ui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"unicode/utf8"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/mapping/guess"
	"contactimport/report"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Engine is what the UI asks of the command-line engine where package main does the wiring.
// Package main implements it with the code its commands run, so that a step done in the UI is
// the step done at the terminal.
type Engine interface {
	// Mapper compiles the mapping the run behind sum used (its mapping file, or auto-mapping,
	// and its identifier) for header, as import and retry compile it.
	Mapper(sum *report.Summary, header []string) (*mapping.Mapper, error)
	// Retry runs `contactimport retry` on req.Report, as a person would type it, with the
	// target the UI was started with, and returns its exit code. It returns when the retry
	// has ended; cancelling ctx stops it as Ctrl-C stops the command.
	Retry(ctx context.Context, req RetryRequest) int
	// Target names where a retry sends rows, in the words of the command's summary.
	Target() string

	// DefaultTarget is the target the ui command was started with (its flags and the
	// environment): the target screen's first choice. Its Password is always "".
	DefaultTarget() Target
	// Rate is the --rate of the runs the UI starts, in requests per second.
	Rate() float64
	// Groups lists the groups of t the person can pick from: the sandbox's; nil for a tenant,
	// whose API lists no groups (a group is typed by its id and checked by Doctor).
	Groups(ctx context.Context, t Target) ([]engage.Group, error)
	// Doctor runs `contactimport doctor` as a person would type it, writes its findings to
	// req.Output in the CLI's words, and returns its exit code.
	Doctor(ctx context.Context, req DoctorRequest) int
	// Import runs `contactimport import` (with --resume when req.Resume) as a person would type
	// it, and returns its exit code when it has ended; cancelling ctx stops it as Ctrl-C does.
	Import(ctx context.Context, req ImportRequest) int
	// OpenList opens the list at path as every command that reads a list opens it (the input
	// prologue), with the input options in; the caller closes the list.
	OpenList(ctx context.Context, path string, in ListInput) (*source.List, error)
	// Sample reads the list as `contactimport init` does, for its draft mapping.
	Sample(ctx context.Context, path string, in ListInput) (*guess.Sample, error)
}

// RetryRequest is one retry the UI asks for.
type RetryRequest struct {
	Report  string          // the report to retry: the corrected copy
	Out     string          // the retry's own report
	Summary *report.Summary // the summary of the report the rows were fixed in
	Output  io.Writer       // the command's summary table and messages
	Target  *Target         // the target chosen in the UI; nil for the ui command's
	// Group and Subscription are those of the import started in the UI that wrote the report
	// (its summary does not record them, and retry redoes the memberships); 0 and "" else.
	Group        int64
	Subscription string
}

// Config is what a Server needs.
type Config struct {
	Engine Engine
	Guard  *Guard
	Dir    string       // the working directory, whose reports the first page lists
	Open   string       // a report to show first, "" for the list
	Log    *slog.Logger // what the server logs: never cell values
	// Context bounds the retries: they run under it, not under the request that started them,
	// so that closing the browser does not stop one.
	Context context.Context
}

// Server serves the UI. Its zero value is not usable; call New.
type Server struct {
	cfg  Config
	tmpl *template.Template

	mu   sync.Mutex
	jobs map[int]*job // the retries started, by id
	next int

	target  *Target            // chosen on the target screen; nil for the ui command's
	imports map[int]*importJob // the imports started, by id
	wg      sync.WaitGroup     // the retries, imports and whole-file checks running

	lists lists // the open and map screens' uploads and whole-file checks
}

// Wait waits for the retries, imports and checks still running: once the server's context ends, they stop as
// Ctrl-C stops the command, with their reports flushed.
func (s *Server) Wait() {
	s.mu.Lock() // a begin that found the context alive has added its goroutines by now
	s.mu.Unlock()
	s.wg.Wait()
}

// begin counts n goroutines of a retry, import or check about to start, unless the server's
// context has ended: then nothing new starts, and Wait (which may be waiting already) is not
// given goroutines to wait for after it has begun.
func (s *Server) begin(n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.Context.Err() != nil {
		return errors.New(text.stopping)
	}
	s.wg.Add(n)
	return nil
}

// New parses the templates and returns a server.
func New(cfg Config) (*Server, error) {
	t, err := template.New("").Funcs(template.FuncMap{"sprintf": fmt.Sprintf, "pair": pair, "first": first, "width": width}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	return &Server{cfg: cfg, tmpl: t, jobs: map[int]*job{}, imports: map[int]*importJob{}}, nil
}

// Handler returns the server's routes behind its Guard.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /fix", s.fix)
	mux.HandleFunc("POST /fix/check", s.check)
	mux.HandleFunc("POST /fix/retry", s.retry)
	mux.HandleFunc("GET /run/{id}", s.run)
	mux.HandleFunc("GET /run/{id}/events", s.events)
	mux.HandleFunc("GET /target", s.targetGet)
	mux.HandleFunc("POST /target", s.targetPost)
	mux.HandleFunc("POST /import", s.importStart)
	mux.HandleFunc("GET /import/{id}", s.importPage)
	mux.HandleFunc("GET /import/{id}/events", s.importEvents)
	mux.HandleFunc("POST /import/{id}/stop", s.importStop)
	mux.HandleFunc("POST /import/{id}/resume", s.importResume)
	s.listRoutes(mux)
	outer := http.NewServeMux()
	outer.HandleFunc("POST /open", s.upload) // its own bound: a list may be gigabytes
	outer.Handle("/", http.MaxBytesHandler(mux, 16<<20))
	// The upload's bound holds the body before the guard reads any of it: the guard may read
	// the CSRF token's part of an upload, and the upload goes on with that reader.
	return http.MaxBytesHandler(s.cfg.Guard.Wrap(outer), maxUpload)
}

// page is what every template gets.
type page struct {
	T      texts
	CSRF   string
	Target string
	Data   any
}

// render executes the named template into a buffer first, so that a template error is a clean
// 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var b bytes.Buffer
	p := page{T: text, CSRF: s.cfg.Guard.CSRF(), Target: s.targetName(), Data: data}
	if err := s.tmpl.ExecuteTemplate(&b, name, p); err != nil {
		s.cfg.Log.Error("render page", "template", name, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// fail shows an error the person can act on, in the page's frame.
func (s *Server) fail(w http.ResponseWriter, code int, err error) {
	s.render(w, code, "error.html", err.Error())
}

// part is what a template fragment gets: the page, a value, and where it goes.
type part struct {
	P        page
	V        any
	Row, Col int
	OOB      bool // an out-of-band swap (htmx): the fragment replaces the element with its id
}

// pair makes a part for a fragment: the page, a value, and optionally the row, the column,
// and "oob".
func pair(p page, v any, more ...any) part {
	pt := part{P: p, V: v}
	if len(more) >= 2 {
		pt.Row, _ = more[0].(int)
		pt.Col, _ = more[1].(int)
	}
	pt.OOB = len(more) == 3
	return pt
}

// first is the first of cells, or "" when there is none.
func first(cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	return cells[0]
}

// width is the size of an input that shows cell whole, within bounds.
func width(cell string) int {
	return min(max(utf8.RuneCountInString(cell)+2, 8), 40)
}
