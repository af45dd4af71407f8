package ui

// texts are the UI's English words, all in one place: the templates read them as .T, the Go
// code as text. A translation replaces this one value.
type texts struct {
	Title         string
	Skip          string
	Target        string
	HomeHeading   string
	HomeIntro     string
	ReportsHeader string
	RunsHeader    string
	NoReports     string
	ReportPath    string
	ReportHint    string
	Open          string
	Rows          string
	Failed        string
	Modified      string

	FixHeading    string
	FixIntro      string
	FixNothing    string
	FixCapped     string
	Row           string
	Reason        string
	NotYet        string
	Ready         string
	StillBad      string
	WillSkip      string
	CellInvalid   string
	Retry         string
	RetryHint     string
	Back          string
	OtherReport   string
	RunHeading    string
	Running       string
	RowsDone      string
	Finished      string
	Stopped       string
	Outcome       string
	Status        string
	NewReport     string
	CorrectedCopy string
	Output        string
	OutcomeNone   string
	FixAgain      string
	StillFailed   string

	refusedHost   string
	refusedToken  string
	refusedCSRF   string
	refusedMethod string
	noRow         string
	badRow        string
	notFound      string
}

var text = texts{
	Title:         "contactimport",
	Skip:          "Skip to the content",
	Target:        "Target",
	HomeHeading:   "Fix and retry failed rows",
	HomeIntro:     "Open the report of an import: its failed rows are shown with the reason each failed. Correct them here, then send them again.",
	ReportsHeader: "Reports in this folder, newest first",
	RunsHeader:    "Retries started here",
	NoReports:     "No report in this folder yet. Run an import first, or type the path of a report below.",
	ReportPath:    "Path of a report",
	ReportHint:    "A report is the .report.csv file an import writes (or the .retry.csv file a retry writes).",
	Open:          "Open",
	Rows:          "rows",
	Failed:        "failed",
	Modified:      "written",

	FixHeading:    "Failed rows of %s",
	FixIntro:      "Each row shows why it failed. Cells marked red are the ones at fault. Correct a cell and the row is checked again at once; when you are done, retry the rows. The report itself is never changed: the corrected rows are written to a new file beside it, and the retry writes a new report.",
	FixNothing:    "This report has no failed rows: nothing to fix.",
	FixCapped:     "Only the first %d failed rows are shown and retried; retry the others with the command line or after this retry.",
	Row:           "Row",
	Reason:        "Why it failed",
	NotYet:        "not corrected yet",
	Ready:         "ready to send",
	StillBad:      "still wrong: ",
	WillSkip:      "will be skipped: ",
	CellInvalid:   "this cell is at fault",
	Retry:         "Retry these %d rows",
	RetryHint:     "Sends the rows above, as shown, to %s.",
	Back:          "All reports",
	OtherReport:   "Open another report",
	RunHeading:    "Retry of %s",
	Running:       "Retrying…",
	RowsDone:      "%d of %d rows done",
	Finished:      "Finished",
	Stopped:       "Stopped (exit code %d)",
	Outcome:       "Outcome per row",
	Status:        "Result",
	NewReport:     "New report",
	CorrectedCopy: "Corrected rows sent",
	Output:        "Summary",
	OutcomeNone:   "The retry wrote no row to its report.",
	FixAgain:      "Fix the rows that still failed",
	StillFailed:   "Rows that still failed are in the new report, each with its reason.",

	refusedHost:   "refused: this server answers only at the address it printed (the Host header names another)",
	refusedToken:  "refused: open the URL that contactimport ui printed (it carries the key to this session)",
	refusedCSRF:   "refused: this request did not come from a page of this server",
	refusedMethod: "refused: method not allowed",
	noRow:         "row %d is not a failed row of %s",
	badRow:        "row %d has %d cells; the report has %d columns",
	notFound:      "not found",
}
