package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"contactimport/importer/engage"
	"contactimport/report"
)

// groupEngage is an Engage keyed by email that serves the contact calls, group/get and
// membership/subscribe, and records whom it subscribed. tamper, when set, may replace the answer
// to a contact call after the call was applied.
type groupEngage struct {
	mu         sync.Mutex
	ids        map[string]int64
	next       int64
	calls      map[string]int
	subscribed []int64
	tamper     func(op string, n int) (body string, ok bool)
}

func newGroupEngage() *groupEngage {
	return &groupEngage{ids: map[string]int64{}, calls: map[string]int{}}
}

const testGroup = 7

func (m *groupEngage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m.mu.Lock()
	defer m.mu.Unlock()
	op := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	m.calls[op]++
	w.Header().Set("Content-Type", "application/json")
	switch op {
	case "get" + "": // group/get and contact/get share the last segment
		if strings.HasSuffix(r.URL.Path, "group/get") {
			fmt.Fprintf(w, `{"id":%d,"name":"news"}`, testGroup)
			return
		}
		var id engage.ContactIdentifier
		json.Unmarshal(body, &id)
		m.contact(w, "get", id.Value)
	case "subscribe":
		n, _ := strconv.ParseInt(r.URL.Query().Get("userId"), 10, 64)
		m.subscribed = append(m.subscribed, n)
		w.WriteHeader(http.StatusNoContent)
	case "create", "update":
		var c engage.Contact
		json.Unmarshal(body, &c)
		m.contact(w, op, c.Email)
	default:
		http.NotFound(w, r)
	}
}

// contact applies op to email and answers, under m.mu.
func (m *groupEngage) contact(w http.ResponseWriter, op, email string) {
	id, ok := m.ids[email]
	// The refusals name the value, as Engage's envelope does.
	refuse := engage.ErrorBody{ErrorActor: "CLIENT", ObjectType: "Contact", PropertyValue: email}
	switch {
	case op == "create" && ok:
		refuse.ErrorCode, refuse.PropertyName = engage.CodeAlreadyExists, "emailAddress"
	case op == "create":
		m.next++
		id = m.next
		m.ids[email] = id
	case !ok:
		refuse.ErrorCode, refuse.PropertyName = engage.CodeNoSuchObject, "identifier"
	}
	if refuse.ErrorCode != "" {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(refuse)
		return
	}
	if m.tamper != nil {
		if body, ok := m.tamper(op, m.calls[op]); ok {
			io.WriteString(w, body)
			return
		}
	}
	json.NewEncoder(w).Encode(engage.Contact{ContactID: id, Email: email})
}

// runGroupHTTP imports input into group testGroup through a real client against the server at
// url, the tenant's update behaviour as given.
func runGroupHTTP(t *testing.T, url string, input string, update engage.UpdateBehaviour) (*memSink, error) {
	t.Helper()
	client, err := engage.New(engage.Config{BaseURL: url + "/api/rest/v19", User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	sink, _, err := runFake(t, client, input, func(c *Config) {
		c.Retry = RetryPolicy{Base: time.Millisecond, Cap: time.Millisecond} // quick retries over a real socket
		c.Group = testGroup
		c.Tenant.Update = update
	})
	return sink, err
}

// TestRunAnswerAboutAnotherContact: a 200 to a create, update or get that names another contact
// (another email, another contactId than the get before the update found) is never a success:
// it is an unknown outcome, re-checked by the retry; the row ends with its own contact or fails
// as transient, and the other contact is never subscribed to the group.
func TestRunAnswerAboutAnotherContact(t *testing.T) {
	const mallory = `{"contactId":999,"emailAddress":"mallory@example.org"}`
	tests := []struct {
		name     string
		existing bool // the row's contact exists before the run
		update   engage.UpdateBehaviour
		tamper   func(op string, n int) (string, bool)
		want     report.Status
		wantID   int64 // the row's own contact, or 0
	}{
		{"create names another contact once", false, engage.UpdateMerges,
			func(op string, n int) (string, bool) { return mallory, op == "create" && n == 1 },
			report.Updated, 1},
		{"every write names another contact", false, engage.UpdateMerges,
			func(op string, n int) (string, bool) { return mallory, op != "get" },
			report.Failed, 0},
		{"update names another email", true, engage.UpdateMerges,
			func(op string, n int) (string, bool) { return mallory, op == "update" },
			report.Failed, 0},
		{"update names another contactId than the get found", true, "",
			func(op string, n int) (string, bool) {
				return `{"contactId":2,"emailAddress":"ann@example.org"}`, op == "update"
			},
			report.Failed, 0},
		{"get names another contact once", true, "",
			func(op string, n int) (string, bool) { return mallory, op == "get" && n == 1 },
			report.Updated, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newGroupEngage()
			if tt.existing {
				m.ids["ann@example.org"], m.next = 1, 1
			}
			m.tamper = tt.tamper
			ts := httptest.NewServer(m)
			defer ts.Close()
			sink, err := runGroupHTTP(t, ts.URL, csvOf([2]string{"ann@example.org", "Ann"}), tt.update)
			if err != nil {
				t.Fatal(err)
			}
			l := sink.lines[0]
			if l.Status != tt.want || l.ContactID != tt.wantID {
				t.Fatalf("row %s with contact %d (%s %s), want %s with contact %d", l.Status, l.ContactID, l.Code, l.Message, tt.want, tt.wantID)
			}
			if l.Status == report.Failed && (l.Class != report.Transient || l.Code != engage.CodeUnreadable || !strings.Contains(l.Message, "another contact")) {
				t.Errorf("row failed as %s/%s %q, want transient/%s naming another contact", l.Class, l.Code, l.Message, engage.CodeUnreadable)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			want := []int64{}
			if tt.wantID != 0 {
				want = []int64{tt.wantID}
			}
			if fmt.Sprint(m.subscribed) != fmt.Sprint(want) {
				t.Errorf("subscribed %v, want %v: no one but the row's own contact", m.subscribed, want)
			}
			if len(m.ids) != 1 {
				t.Errorf("%d contacts stored, want 1", len(m.ids))
			}
		})
	}
}

// laggingServer serves h over raw TCP with one answer too many on each connection: the answer to
// its first request goes out twice. With burst, both copies go out at once (Go's client may see
// the second arrive on the idle connection, or take it for the next request's answer); without,
// the second copy waits for the next request, so every later request on the connection gets the
// answer of the one before it.
func laggingServer(t *testing.T, h http.Handler, burst bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go lag(conn, h, burst)
		}
	}()
	return "http://" + ln.Addr().String()
}

func lag(conn net.Conn, h http.Handler, burst bool) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	var prev []byte
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		req.Body.Close()
		var cur bytes.Buffer
		fmt.Fprintf(&cur, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
		if rec.Code != http.StatusNoContent {
			fmt.Fprintf(&cur, "Content-Type: application/json\r\nContent-Length: %d\r\n", rec.Body.Len())
		}
		cur.WriteString("\r\n")
		cur.Write(rec.Body.Bytes())
		out := prev
		switch {
		case burst && prev == nil:
			out = append(bytes.Clone(cur.Bytes()), cur.Bytes()...)
			prev = []byte{} // from now on, each request its own answer
		case burst:
			out = cur.Bytes()
		case prev == nil:
			out = cur.Bytes()
			prev = cur.Bytes()
		default:
			prev = cur.Bytes()
		}
		if _, err := conn.Write(out); err != nil {
			return
		}
	}
}

// TestRunOneAnswerTooMany: on keep-alive connections that send one answer too many, no row is
// reported with another row's contact, no contact is subscribed that no row reported as its
// own, and the run gets every row done by leaving keep-alive.
func TestRunOneAnswerTooMany(t *testing.T) {
	t.Run("lagging", func(t *testing.T) { oneAnswerTooMany(t, false) })
	t.Run("burst", func(t *testing.T) { oneAnswerTooMany(t, true) })
}

func oneAnswerTooMany(t *testing.T, burst bool) {
	m := newGroupEngage()
	url := laggingServer(t, m, burst)
	sink, err := runGroupHTTP(t, url, csvOf(numbered(200, "c")...), engage.UpdateMerges)
	if err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	own := map[int64]bool{}
	done := 0
	for _, l := range sink.lines {
		email := fmt.Sprintf("c%d@example.org", l.Row-1)
		if l.ContactID != 0 && l.ContactID != m.ids[email] {
			t.Errorf("row %d (%s) reported with contact %d, its contact is %d", l.Row, email, l.ContactID, m.ids[email])
		}
		if l.Status == report.Created || l.Status == report.Updated {
			done++
		}
		own[l.ContactID] = true
	}
	for _, id := range m.subscribed {
		if !own[id] {
			t.Errorf("contact %d subscribed, which no row reported as its own", id)
		}
	}
	// Once a connection has answered out of step, every request goes out on a connection of
	// its own, whose one answer is its own: every row gets done.
	if done != 200 {
		t.Errorf("%d of 200 rows done; after an answer out of step, connections must not be reused", done)
	}
	t.Logf("%d of 200 rows done; %v calls", done, m.calls)
}
