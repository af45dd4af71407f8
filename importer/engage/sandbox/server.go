// Package sandbox is an Engage-compatible server for rehearsals and tests: it serves the contact
// API (POST /api/rest/v{1..19}/contact/{create,get,update,delete}), GET system/getApiVersion,
// group/get, the membership calls and the attribute definition lists (definitions.go) as
// ENGAGE-API.md describes them, stores contacts, groups and
// memberships in SQLite, and can throttle, slow down and fail on
// purpose. Where the documentation leaves a tenant's behaviour open, a Behaviour chooses the
// reading it plays, and Behaviours lists the ones an end-to-end test should pass on. It owns its
// own wire structs and shares only the error-code table with package engage.
//
// It also plays the road of Mapp's own file import: an SFTP server (SFTP) and import automations
// (Automations) that import the files uploaded to it, started by automation/runOnce and followed
// by process/getDetails.
//
// A Server is safe for concurrent use: requests are served in parallel and their writes are
// serialised by one database connection.
package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"contactimport/importer/engage"
)

// StatsPath is where a Server answers its Stats as JSON, to GET and without credentials.
const StatsPath = "/_sandbox/stats"

// Options configure a Server.
type Options struct {
	DB       string // SQLite file (created if missing); "" keeps the contacts in memory
	User     string // HTTP Basic user; no Authorization → 401, wrong credentials → 403
	Password string // with User, both empty turn the credential check off
	// Rate is how many requests are admitted in any sliding second; above it the answer is HTTP 500
	// with engage.ThrottleMessage and nothing is applied. 0 means no limit.
	Rate    int
	Latency time.Duration // added to every answer
	// FailRate is the share of admitted contact and membership calls answered with a random 500, 502, 503 or a
	// dropped connection, decided at random before or after the call is carried out: the client
	// may lose the answer to a write that happened.
	FailRate float64
	Seed     uint64       // seeds the fault choice; 0 picks a random seed
	Log      *slog.Logger // may be nil
	// Behaviour is the reading of Engage's documentation the server plays; the zero value is the
	// default (merging updates, custom attributes bare or prefixed, ...).
	Behaviour Behaviour
	// Groups are the tenant's groups, added to the store (or renamed, archived, restored) when the
	// server starts; groups stored by earlier runs stay. Nil adds DefaultGroups; an empty, non-nil
	// slice adds none.
	Groups []Group
}

// Server is an Engage-compatible contact API. Create it with New, serve it as an http.Handler,
// and Close it to release the database.
type Server struct {
	opts      Options
	behaviour Behaviour         // opts.Behaviour with its defaults spelled out
	known     map[string]string // folded name → spelling of the custom attributes that exist; nil: any
	db        *sql.DB
	log       *slog.Logger
	valid     *validator
	traffic   *traffic
	lag       lag // contacts whose last update contact/get does not show yet
}

// New checks opts, opens the store and returns a Server.
func New(opts Options) (*Server, error) {
	behaviour, err := opts.Behaviour.normalised()
	if err != nil {
		return nil, fmt.Errorf("new sandbox: %w", err)
	}
	switch {
	case opts.Rate < 0:
		return nil, fmt.Errorf("new sandbox: rate %d is negative", opts.Rate)
	case opts.Latency < 0:
		return nil, fmt.Errorf("new sandbox: latency %v is negative", opts.Latency)
	case math.IsNaN(opts.FailRate) || opts.FailRate < 0 || opts.FailRate > 1:
		return nil, fmt.Errorf("new sandbox: fail rate %v is not between 0 and 1", opts.FailRate)
	}
	db, err := openDB(context.Background(), opts.DB)
	if err != nil {
		return nil, err
	}
	groups := opts.Groups
	if groups == nil {
		groups = DefaultGroups()
	}
	if err := saveGroups(context.Background(), db, groups); err != nil {
		db.Close()
		return nil, fmt.Errorf("new sandbox: %w", err)
	}
	seed := opts.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{opts: opts, behaviour: behaviour, known: behaviour.knownSet(), db: db, log: log,
		valid: newValidator(), traffic: newTraffic(seed)}, nil
}

// Close closes the store. Requests still running fail.
func (s *Server) Close() error { return s.db.Close() }

// Stats returns the counters so far and the number of stored contacts and memberships.
func (s *Server) Stats() Stats {
	st := s.traffic.snapshot()
	if err := s.db.QueryRow("SELECT COUNT(*) FROM contacts").Scan(&st.Contacts); err != nil {
		s.log.Error("sandbox stats: count contacts", "err", err)
	}
	err := s.db.QueryRow(`SELECT COUNT(*) FILTER (WHERE status = 'member'), COUNT(*) FILTER (WHERE status = 'invited')
		FROM memberships`).Scan(&st.Members, &st.Invited)
	if err != nil {
		s.log.Error("sandbox stats: count memberships", "err", err)
	}
	return st
}

// ServeHTTP answers one request: the contact calls, system/getApiVersion, group/get, the
// membership calls, GET StatsPath and POST AcceptPath.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case StatsPath:
		s.serveStats(w, r)
		return
	case AcceptPath:
		s.serveAccept(w, r)
		return
	}
	start := time.Now()
	s.traffic.arrive(start)
	o := outcome{endpoint: route(r.URL.Path)}
	rp := s.answer(r, &o)
	o.status = strconv.Itoa(rp.status)
	if rp.drop {
		o.status = "dropped"
	}
	waited := delay(r.Context(), s.opts.Latency)
	// Counted before the answer goes out, so that a client reading the stats right after its answer
	// finds it there.
	s.traffic.leave(o)
	s.log.Debug("sandbox request", "endpoint", o.endpoint, "status", o.status, "elapsed", time.Since(start))
	if !waited {
		return // the client has gone: nobody to answer
	}
	if rp.drop {
		drop(w)
		return
	}
	for k, v := range rp.header {
		w.Header()[k] = v
	}
	if rp.contentType != "" {
		w.Header().Set("Content-Type", rp.contentType)
	}
	w.WriteHeader(rp.status)
	w.Write(rp.body)
}

// answer works out the reply to a request to the API and applies what it asks.
func (s *Server) answer(r *http.Request, o *outcome) reply {
	if o.endpoint == epOther {
		return envelopeReply(http.StatusNotFound, engage.CodeInvalidRequest, "No such endpoint: "+r.URL.Path)
	}
	method := methodOf(o.endpoint)
	if r.Method != method {
		rp := envelopeReply(http.StatusMethodNotAllowed, engage.CodeInvalidRequest, "Method "+r.Method+" is not allowed")
		rp.header = http.Header{"Allow": {method}}
		return rp
	}
	if rp, done := s.checkAuth(r); done {
		return rp
	}
	if rp, done := checkMedia(r, hasBody(o.endpoint)); done {
		return rp
	}
	if !s.traffic.admit(time.Now(), s.opts.Rate) {
		o.throttled = true
		return throttleReply()
	}
	switch o.endpoint {
	case epVersion:
		// A read without side effects: faults are injected into the contact and membership
		// calls only.
		return jsonReply(http.StatusOK, APIVersion)
	case epGroupGet:
		// The check before a run, likewise spared.
		return s.groupGet(r.Context(), r.URL.Query())
	case epProfileAttributes, epMemberDefinitions:
		return s.listDefinitions(o.endpoint, r.URL.Query())
	case epCheckUpdateVersion:
		return s.checkUpdateVersion(r.Context(), r.URL.Query())
	}
	f, inject := s.traffic.roll(s.opts.FailRate)
	o.injected = inject
	if inject && !f.after {
		return f.reply
	}
	var rp reply
	if _, ok := groupEndpoints[o.endpoint]; ok {
		rp = s.dispatchMembership(r.Context(), o.endpoint, r)
	} else {
		rp = s.spellAnswer(o.endpoint, s.dispatch(r.Context(), o.endpoint, r))
	}
	if inject {
		return f.reply
	}
	return rp
}

// drop closes the connection without an answer, as a crashing proxy would.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// HTTP/2 and recorders cannot be hijacked; aborting the handler resets the stream instead.
	panic(http.ErrAbortHandler)
}

func (s *Server) serveStats(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(s.Stats()); err != nil {
		s.log.Debug("sandbox stats: write answer", "err", err)
	}
}
