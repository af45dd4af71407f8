package report

// Handoff is what convert --upload and --automation did, as the summary records it.
type Handoff struct {
	Target     string        `json:"target"` // sftp://USER@HOST:PORT/DIR
	Files      []HandoffFile `json:"files"`
	Uploaded   bool          `json:"uploaded"` // every file is on the server under its name
	Automation int64         `json:"automation,omitempty"`
	ProcessID  int64         `json:"process_id,omitempty"`
	Status     string        `json:"status,omitempty"` // Mapp's process status when the run left it
	Processed  int64         `json:"processed,omitempty"`
	Total      int64         `json:"total,omitempty"`
	Error      string        `json:"error,omitempty"` // the process's error text: rejected rows and Mapp's error report, or why it failed
	// Outcome: "uploaded", "finished", "finished with rejected rows", "failed", "stalled",
	// "interrupted", "upload failed", "not started", "not followed", "already imported".
	Outcome string `json:"outcome"`
}

// HandoffFile is one import file's upload.
type HandoffFile struct {
	Path    string `json:"path"`
	Remote  string `json:"remote"`
	Bytes   int64  `json:"bytes"`
	Sent    int64  `json:"sent"`    // bytes this run sent
	Outcome string `json:"outcome"` // uploaded, resumed, present, recorded
}
