package importer

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// fakeAPI is an in-memory Engage keyed by email, with hooks for faults. It records every call
// and checks that no two calls for one contact overlap.
type fakeAPI struct {
	mu       sync.Mutex
	contacts map[string]*engage.Contact
	nextID   int64
	calls    map[string]int
	inflight map[string]int
	overlap  []string
	applied  map[string][]string // email → FirstName values in the order they were written
	latency  func(email string) time.Duration
	fault    func(op, email string, n int) error // n: the call number for this email and op, from 1
	perKey   map[string]int
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{contacts: map[string]*engage.Contact{}, calls: map[string]int{}, inflight: map[string]int{},
		applied: map[string][]string{}, perKey: map[string]int{}}
}

func (f *fakeAPI) enter(op, email string) (int, func()) {
	f.mu.Lock()
	f.calls[op]++
	f.perKey[op+" "+email]++
	n := f.perKey[op+" "+email]
	f.inflight[email]++
	if f.inflight[email] > 1 {
		f.overlap = append(f.overlap, email)
	}
	f.mu.Unlock()
	if f.latency != nil {
		time.Sleep(f.latency(email))
	}
	return n, func() {
		f.mu.Lock()
		f.inflight[email]--
		f.mu.Unlock()
	}
}

func firstName(c *engage.Contact) string {
	for _, a := range c.Attributes {
		if a.Name == "user.FirstName" {
			return a.Value
		}
	}
	return ""
}

func notFound(op string) error {
	return &engage.APIError{Op: op, Status: 400, Kind: engage.KindNotFound, Body: engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject}}
}

func (f *fakeAPI) Get(ctx context.Context, id engage.ContactIdentifier) (*engage.Contact, error) {
	key := strings.ToLower(id.Value)
	n, leave := f.enter("get", key)
	defer leave()
	if f.fault != nil {
		if err := f.fault("get", key, n); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.contacts[key]; ok {
		cp := *c
		return &cp, nil
	}
	return nil, notFound("get")
}

func (f *fakeAPI) Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error) {
	key := strings.ToLower(c.Email)
	n, leave := f.enter("create", key)
	defer leave()
	if f.fault != nil {
		if err := f.fault("create", key, n); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.contacts[key]; ok {
		return nil, &engage.APIError{Op: "create", Status: 400, Kind: engage.KindExists, Body: engage.ErrorBody{ErrorCode: engage.CodeAlreadyExists}}
	}
	f.nextID++
	cp := *c
	cp.ContactID = f.nextID
	f.contacts[key] = &cp
	f.applied[key] = append(f.applied[key], firstName(c))
	out := cp
	return &out, nil
}

func (f *fakeAPI) Update(ctx context.Context, t engage.IdentifierType, c *engage.Contact) (*engage.Contact, error) {
	key := strings.ToLower(c.Email)
	n, leave := f.enter("update", key)
	defer leave()
	if f.fault != nil {
		if err := f.fault("update", key, n); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old, ok := f.contacts[key]
	if !ok {
		return nil, notFound("update")
	}
	cp := *c
	cp.ContactID = old.ContactID
	f.contacts[key] = &cp
	f.applied[key] = append(f.applied[key], firstName(c))
	out := cp
	return &out, nil
}

func (f *fakeAPI) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls["get"] + f.calls["create"] + f.calls["update"]
}

// memSink collects report lines.
type memSink struct {
	mu      sync.Mutex
	lines   []report.Line
	flushes int
	err     error
}

func (s *memSink) Write(l report.Line) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.lines = append(s.lines, l)
	return nil
}

func (s *memSink) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushes++
	return s.err
}

// csvOf builds an input with header "email,first name" and the given rows.
func csvOf(rows ...[2]string) string {
	var b strings.Builder
	b.WriteString("email,first name\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s\n", r[0], r[1])
	}
	return b.String()
}

func numbered(n int, prefix string) []([2]string) {
	rows := make([][2]string, n)
	for i := range rows {
		rows[i] = [2]string{fmt.Sprintf("%s%d@example.org", prefix, i), fmt.Sprintf("Name%d", i)}
	}
	return rows
}

// runFake imports input into api and returns the sink, the summary and Run's error.
func runFake(t *testing.T, api API, input string, tweak func(*Config)) (*memSink, *report.Summary, error) {
	t.Helper()
	src, err := source.Open(strings.NewReader(input), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := mustMapper(t, src.Header())
	// The tests through here count the calls of a tenant known to merge; the read-before-write
	// updates of an unknown or replacing tenant have their own tests (safe_test.go).
	cfg := Config{API: api, Throttle: NewThrottle(ThrottleConfig{Rate: 1000}), Mapper: m, Workers: 8,
		Tenant: engage.Tenant{Update: engage.UpdateMerges}}
	if tweak != nil {
		tweak(&cfg)
	}
	sink := &memSink{}
	sum := &report.Summary{}
	err = Run(context.Background(), cfg, src, sink, sum)
	return sink, sum, err
}

func mustMapper(t *testing.T, header []string) *mapping.Mapper {
	t.Helper()
	m, err := mapping.Compile(nil, header, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
