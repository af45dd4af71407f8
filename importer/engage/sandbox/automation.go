package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"contactimport/importer/engage"
)

// ImportMode is what an import automation does with the contacts of its files, in the words of
// Mapp's "Import Contacts" job ("Add", "Update Current Members", "Add and Update All").
type ImportMode string

// The import modes the sandbox plays.
const (
	// ModeAdd creates the contacts that do not exist and leaves existing profiles unchanged.
	ModeAdd ImportMode = "add"
	// ModeUpdate updates the contacts that exist and creates none: a row naming no contact is
	// rejected into the error report.
	ModeUpdate ImportMode = "update"
	// ModeAddUpdate creates new contacts and updates existing ones.
	ModeAddUpdate ImportMode = "add-and-update"
)

// Automation is one "Import Contacts" automation: it imports the files found in Dir (a directory
// under the SFTP server's files directory) into the contacts with Mode, and makes every imported
// contact a member of Group (OPT_IN, silent) when Group is not 0; member.<Name> columns go to the
// members' attributes in that group.
type Automation struct {
	ID    int64
	Dir   string
	Mode  ImportMode
	Group int64
}

// DefaultAutomations is what a sandbox serves when --automations is not given.
func DefaultAutomations() []Automation {
	return []Automation{{ID: 1, Dir: "upload", Mode: ModeAddUpdate, Group: 1001}}
}

// ParseAutomations reads comma-separated ID:DIR:MODE[:GROUP] items, e.g.
// "1:upload:add-and-update:1001,2:updates:update". DIR is relative to the files directory and
// stays inside it.
func ParseAutomations(s string) ([]Automation, error) {
	var out []Automation
	for item := range strings.SplitSeq(s, ",") {
		parts := strings.Split(strings.TrimSpace(item), ":")
		if len(parts) < 3 || len(parts) > 4 {
			return nil, fmt.Errorf("automation %q: want ID:DIR:MODE[:GROUP]", item)
		}
		id, err := strconv.ParseInt(parts[0], 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("automation %q: the ID %q is not a positive whole number", item, parts[0])
		}
		dir := rel(parts[1])
		if dir == "." || strings.HasPrefix(dir, "..") {
			return nil, fmt.Errorf("automation %q: the directory must be one below the files directory", item)
		}
		mode := ImportMode(parts[2])
		if mode != ModeAdd && mode != ModeUpdate && mode != ModeAddUpdate {
			return nil, fmt.Errorf("automation %q: mode %q is not add, update or add-and-update", item, parts[2])
		}
		a := Automation{ID: id, Dir: dir, Mode: mode}
		if len(parts) == 4 {
			if a.Group, err = strconv.ParseInt(parts[3], 10, 64); err != nil || a.Group <= 0 {
				return nil, fmt.Errorf("automation %q: the group %q is not a positive whole number", item, parts[3])
			}
		}
		if slices.ContainsFunc(out, func(b Automation) bool { return b.ID == id }) {
			return nil, fmt.Errorf("automation %d is given twice", id)
		}
		out = append(out, a)
	}
	return out, nil
}

// FormatAutomations spells automations as ParseAutomations reads them.
func FormatAutomations(autos []Automation) string {
	parts := make([]string, len(autos))
	for i, a := range autos {
		parts[i] = fmt.Sprintf("%d:%s:%s", a.ID, a.Dir, a.Mode)
		if a.Group != 0 {
			parts[i] += ":" + strconv.FormatInt(a.Group, 10)
		}
	}
	return strings.Join(parts, ",")
}

// The process states of Mapp's ProcessStatus.
const (
	StateProcessing = "PROCESSING"
	StateFinished   = "FINISHED"
	StateFailed     = "FAILED"
)

// Process is the answer to process/getDetails, with the fields of Mapp's page. Error is empty
// for a clean import; for a FINISHED one that rejected rows it says how many and names the error
// report (a path under the files directory); for a FAILED one, why.
type Process struct {
	ProcessID      int64  `json:"processId"`
	ProcessName    string `json:"processName"`
	EntityType     string `json:"entityType"`
	EntityID       string `json:"entityId"`
	Status         string `json:"status"`
	ProcessedCount int64  `json:"processedCount"`
	TotalCount     int64  `json:"totalCount"`
	StartDate      string `json:"startDate"`
	EndDate        string `json:"endDate,omitempty"`
	Duration       int64  `json:"duration"` // milliseconds
	Error          string `json:"error,omitempty"`
}

// Automations serves automation/runOnce and process/getDetails for a Server, and everything else
// through it. Each run imports asynchronously: runOnce answers with the process id at once and
// the client polls getDetails.
type Automations struct {
	box   *Server
	files *SFTP
	autos []Automation

	mu      sync.Mutex
	procs   map[int64]*Process
	running map[int64]bool // automation id → a run is under way
	next    int64
	ctx     context.Context
	cancel  context.CancelFunc
	runs    sync.WaitGroup
}

// NewAutomations serves autos over box, reading their files from files.
func NewAutomations(box *Server, files *SFTP, autos []Automation) *Automations {
	ctx, cancel := context.WithCancel(context.Background())
	return &Automations{box: box, files: files, autos: autos, procs: map[int64]*Process{},
		running: map[int64]bool{}, next: 1, ctx: ctx, cancel: cancel}
}

// Close stops the runs under way (they end FAILED) and waits for them.
func (a *Automations) Close() {
	a.cancel()
	a.runs.Wait()
}

// Wait waits for the runs under way to end.
func (a *Automations) Wait() { a.runs.Wait() }

// automationRoute names the automation calls: "runOnce", "getDetails" or "".
func automationRoute(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/rest/")
	if !ok {
		return ""
	}
	if v, after, ok := strings.Cut(rest, "/"); ok && strings.HasPrefix(v, "v") {
		if n, err := strconv.Atoi(v[1:]); err != nil || n < 7 || n > 19 {
			return ""
		}
		rest = after
	}
	switch rest {
	case "automation/runOnce":
		return "runOnce"
	case "process/getDetails":
		return "getDetails"
	}
	return ""
}

// ServeHTTP answers POST automation/runOnce?automationId= and GET process/getDetails?processId=
// (v7 on, or unversioned), and passes every other request to the Server.
func (a *Automations) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call := automationRoute(r.URL.Path)
	if call == "" {
		a.box.ServeHTTP(w, r)
		return
	}
	rp := a.answer(call, r)
	if rp.contentType != "" {
		w.Header().Set("Content-Type", rp.contentType)
	}
	w.WriteHeader(rp.status)
	w.Write(rp.body)
}

func (a *Automations) answer(call string, r *http.Request) reply {
	method := http.MethodGet
	if call == "runOnce" {
		method = http.MethodPost
	}
	if r.Method != method {
		return envelopeReply(http.StatusMethodNotAllowed, engage.CodeInvalidRequest, "Method "+r.Method+" is not allowed")
	}
	if rp, done := a.box.checkAuth(r); done {
		return rp
	}
	if call == "runOnce" {
		id, e := idParam(r.URL.Query(), "automationId")
		if e != nil {
			return errorReply(e)
		}
		return a.runOnce(id)
	}
	id, e := idParam(r.URL.Query(), "processId")
	if e != nil {
		return errorReply(e)
	}
	a.mu.Lock()
	p, ok := a.procs[id]
	var cp Process
	if ok {
		cp = *p
	}
	a.mu.Unlock()
	if !ok {
		return errorReply(&engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject, ObjectType: "Process",
			Message: "Process with id " + strconv.FormatInt(id, 10) + " does not exist."})
	}
	if cp.Status == StateProcessing {
		cp.Duration = time.Since(parseDate(cp.StartDate)).Milliseconds()
	}
	return jsonReply(http.StatusOK, cp)
}

// runOnce starts automation id and answers {"processId": N}. An automation already running is
// refused, so that two runs never take the same files.
func (a *Automations) runOnce(id int64) reply {
	i := slices.IndexFunc(a.autos, func(x Automation) bool { return x.ID == id })
	if i < 0 {
		return errorReply(&engage.ErrorBody{ErrorCode: engage.CodeNoSuchObject, ObjectType: "Automation",
			Message: "Automation with id " + strconv.FormatInt(id, 10) + " does not exist."})
	}
	auto := a.autos[i]
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.running[id] {
		return errorReply(&engage.ErrorBody{ErrorCode: engage.CodeInvalidRequest, ObjectType: "Automation",
			Message: "Automation " + strconv.FormatInt(id, 10) + " is already running."})
	}
	p := &Process{ProcessID: a.next, ProcessName: fmt.Sprintf("Import Contacts (automation %d)", id),
		EntityType: "AUTOMATION", EntityID: strconv.FormatInt(id, 10), Status: StateProcessing,
		StartDate: time.Now().UTC().Format(time.RFC3339)}
	a.next++
	a.procs[p.ProcessID] = p
	a.running[id] = true
	a.runs.Add(1)
	go func() {
		defer a.runs.Done()
		a.run(auto, p.ProcessID)
	}()
	return jsonReply(http.StatusOK, map[string]int64{"processId": p.ProcessID})
}

// update changes process id under the lock.
func (a *Automations) update(id int64, fn func(p *Process)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fn(a.procs[id])
}

// end sets the outcome of process id and frees its automation.
func (a *Automations) end(auto Automation, id int64, state, msg string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.procs[id]
	p.Status, p.Error = state, msg
	now := time.Now().UTC()
	p.EndDate = now.Format(time.RFC3339)
	p.Duration = now.Sub(parseDate(p.StartDate)).Milliseconds()
	delete(a.running, auto.ID)
}

func parseDate(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
