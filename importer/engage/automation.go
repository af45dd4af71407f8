package engage

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// The calls that start Mapp's own file import and follow it (ENGAGE-API.md, "Huge loads without
// REST"): "The API can start an existing automation once: `POST /automation/runOnce?automationId=`
// (v7+), then poll `GET /process/getDetails?processId=` for `PROCESSING`, `FINISHED`, `FAILED`,
// `PAUSED`". What Mapp does not settle, and how the client reads it:
//
//   - runOnce's answer is not documented. A JSON number, or an object with processId (or id), is
//     taken as the id of the process it started; anything else is an *UnreadableError (the
//     automation may have started: follow it in Mapp's UI).
//   - getDetails' fields are those of Mapp's page (docs.mapp.com/apidocs/processgetdetails):
//     processId, processName, entityType, entityId, status, processedCount, totalCount,
//     startDate, estimatedEndDate, endDate, duration, executorName, executorEmail, error. How a
//     finished import reports rejected rows is not documented; a FINISHED process whose error is
//     not empty is read as finished with rejected rows, error saying which and where.
//
// The sandbox plays these readings.

// ProcessStatus is Mapp's ProcessStatus.
type ProcessStatus string

// The process states.
const (
	ProcessProcessing ProcessStatus = "PROCESSING"
	ProcessFinished   ProcessStatus = "FINISHED"
	ProcessFailed     ProcessStatus = "FAILED"
	ProcessPaused     ProcessStatus = "PAUSED"
)

// Process is the answer to process/getDetails.
type Process struct {
	ID               int64         `json:"processId"`
	Name             string        `json:"processName,omitempty"`
	EntityType       string        `json:"entityType,omitempty"`
	EntityID         string        `json:"entityId,omitempty"`
	Status           ProcessStatus `json:"status"`
	ProcessedCount   int64         `json:"processedCount"`
	TotalCount       int64         `json:"totalCount"`
	StartDate        string        `json:"startDate,omitempty"`
	EstimatedEndDate string        `json:"estimatedEndDate,omitempty"`
	EndDate          string        `json:"endDate,omitempty"`
	Duration         int64         `json:"duration,omitempty"`
	Error            string        `json:"error,omitempty"`
}

// Ended reports whether the process will not change any more.
func (p *Process) Ended() bool { return p.Status == ProcessFinished || p.Status == ProcessFailed }

// RunAutomationOnce starts import automation id once (POST automation/runOnce?automationId=) and
// returns the id of the process it started. It goes through exchange like every call: the same
// credentials, pacing (BeforeAttempt), redirect policy and errors (*APIError, *TransportError,
// with Op "runOnce").
func (c *Client) RunAutomationOnce(ctx context.Context, id int64) (int64, error) {
	const op = "runOnce"
	q := url.Values{"automationId": {strconv.FormatInt(id, 10)}}
	data, status, err := c.exchange(ctx, op, http.MethodPost, "automation/runOnce", q, nil)
	if err != nil {
		return 0, opError(op, err)
	}
	data = bytes.TrimSpace(data)
	var n int64
	if json.Unmarshal(data, &n) == nil && n > 0 {
		return n, nil
	}
	var obj struct {
		ProcessID int64 `json:"processId"`
		ID        int64 `json:"id"`
	}
	if json.Unmarshal(data, &obj) == nil {
		if obj.ProcessID > 0 {
			return obj.ProcessID, nil
		}
		if obj.ID > 0 {
			return obj.ID, nil
		}
	}
	return 0, &UnreadableError{Op: op, Status: status, Why: "the answer names no process id"}
}

// ProcessDetails reads process id (GET process/getDetails?processId=). An answer without a
// status is an *UnreadableError.
func (c *Client) ProcessDetails(ctx context.Context, id int64) (*Process, error) {
	const op = "getDetails"
	q := url.Values{"processId": {strconv.FormatInt(id, 10)}}
	data, status, err := c.exchange(ctx, op, http.MethodGet, "process/getDetails", q, nil)
	if err != nil {
		return nil, opError(op, err)
	}
	var p Process
	if json.Unmarshal(bytes.TrimSpace(data), &p) != nil {
		return nil, &UnreadableError{Op: op, Status: status, Why: "the answer is not a JSON process"}
	}
	if p.Status == "" {
		return nil, &UnreadableError{Op: op, Status: status, Why: "the answer has no status"}
	}
	if p.ID == 0 {
		p.ID = id
	}
	return &p, nil
}
