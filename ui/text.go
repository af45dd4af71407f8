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
	FixNoSummary  string
	FixSaved      string
	FixGroup      string
	FixGroupHint  string
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
	leadOn        string // the link of the pages that lead the browser on to the UI
	refusedCSRF   string
	refusedMethod string
	noRow         string
	badRow        string
	notFound      string

	targetTexts

	// The open and map screens.
	Nav              string
	OpenHeading      string
	OpenIntro        string
	ListPath         string
	ListPathHint     string
	Upload           string
	UploadHint       string
	UploadButton     string
	Detected         string
	Format           string
	Encoding         string
	Delimiter        string
	HeaderLine       string
	Sheet            string
	Columns          string
	Auto             string
	Reread           string
	PreviewHeading   string
	PreviewFirst     string
	PreviewFailed    string
	PreviewScanned   string
	PreviewAllRead   string
	PreviewNoMapper  string
	Line             string
	Verdict          string
	Sent             string
	Unjudged         string
	ToMap            string
	Warnings         string
	DelimiterChoices []choice
	EncodingChoices  []choice

	formatCSV        string
	formatGzip       string
	formatXLSX       string
	chosen           string
	headerFirst      string
	firstSheet       string
	sniffedDelimiter string
	utf8Why          string
	utf16Why         string
	aboutRows        string
	badSkip          string
	noUpload         string
	uploadTooLarge   string
	noList           string
	noMappingPath    string
	checkReplaced    string

	BackToOpen     string
	MapHeading     string
	MapIntro       string
	MatchedBy      string
	ColumnsHeading string
	Column         string
	Filled         string
	TargetCol      string
	Transforms     string
	Values         string
	Why            string
	AutoMapped     string
	Question       string
	EditHint       string
	MappingText    string
	Save           string
	CheckAll       string
	LoadLabel      string
	Load           string
	SavedAs        string
	ToTarget       string
	CheckDone      string
	Checking       string
	CheckedRows    string
	ValidRows      string
	FailedRows     string
	SkippedRows    string
	ByClass        string
	ErrorClass     string
	ListQuestions  string
}

// choice is one option of a select: the value sent, and its label.
type choice struct{ Value, Label string }

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
	FixNoSummary:  "There is no run summary beside this report (%s.json), so the mapping its run used is not known here: the rows are checked and retried with the automatic mapping, as “contactimport retry” without --mapping does.",
	FixSaved:      "This report was saved again by a spreadsheet: it is read as retry reads it (%s). The reasons of the failures are those the rows have now.",
	FixGroup:      "This report comes from an import into a group. Give the group and subscription mode, so that the retried rows become members again; without a group they are retried without one.",
	FixGroupHint:  "The group's id, as given to --group; retried as --group and --subscription.",
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
	leadOn:        "Continue to contactimport ui",
	refusedCSRF:   "refused: this request did not come from a page of this server",
	refusedMethod: "refused: method not allowed",
	noRow:         "row %d is not a failed row of %s",
	badRow:        "row %d has %d cells; the report has %d columns",
	notFound:      "not found",

	targetTexts: targetWords,

	Nav:              "Open a list",
	OpenHeading:      "Open a contact list",
	OpenIntro:        "Choose the list to import: type its path on this computer, or upload it. It is read as the command line reads it, and what was found is shown below, each with a way to change it.",
	ListPath:         "Path of the list",
	ListPathHint:     "A CSV, TSV or TXT file (also gzip-compressed) or an XLSX workbook, e.g. /home/me/contacts.csv.",
	Upload:           "Or upload it",
	UploadHint:       "The file is copied to a private folder on this computer; it is not sent anywhere.",
	UploadButton:     "Upload and open",
	Detected:         "What was found",
	Format:           "Format",
	Encoding:         "Encoding",
	Delimiter:        "Separator",
	HeaderLine:       "Lines above the header",
	Sheet:            "Sheet",
	Columns:          "Columns",
	Auto:             "detect",
	Reread:           "Read again",
	PreviewHeading:   "Preview",
	PreviewFirst:     "The first %d rows",
	PreviewFailed:    "Rows that fail further down (%d of the first %d rows fail)",
	PreviewScanned:   "Only the first %d rows are read here; the whole-file check on the next screen reads them all.",
	PreviewAllRead:   "All %d rows were read: %d fail.",
	PreviewNoMapper:  "Not every column is one the automatic mapping knows, so the rows are not judged here yet: map the columns on the next screen.",
	Line:             "Line",
	Verdict:          "Verdict",
	Sent:             "Sent as",
	Unjudged:         "read",
	ToMap:            "Next: map the columns",
	Warnings:         "Notes from the reader",
	DelimiterChoices: []choice{{"auto", "detect"}, {",", "comma ,"}, {";", "semicolon ;"}, {"tab", "tab"}, {"|", "bar |"}},
	EncodingChoices: []choice{{"auto", "detect"}, {"utf-8", "UTF-8"}, {"utf-16", "UTF-16 (byte order mark)"}, {"utf-16be", "UTF-16 big-endian"},
		{"windows-1252", "Windows-1252 (Western)"}, {"iso-8859-1", "ISO-8859-1 (Latin-1)"}, {"iso-8859-15", "ISO-8859-15 (Latin-9)"},
		{"macintosh", "Mac Roman"}, {"cp850", "CP850 (DOS Western)"}, {"cp437", "CP437 (DOS US)"}},

	formatCSV:        "text with separators (CSV, TSV, TXT)",
	formatGzip:       "text with separators, gzip-compressed",
	formatXLSX:       "XLSX workbook",
	chosen:           "chosen here",
	headerFirst:      "the header is the first line: the rows below it fit its columns",
	firstSheet:       "the workbook's first sheet",
	sniffedDelimiter: "the separator the header line is split by",
	utf8Why:          "the first 64 KiB are valid UTF-8",
	utf16Why:         "the file starts with a UTF-16 byte order mark",
	aboutRows:        "about %d rows",
	badSkip:          "lines above the header: give a number from 0 to 1000, or detect",
	noUpload:         "the upload holds no file: choose a file to upload",
	uploadTooLarge:   "the upload is larger than %d GiB; give the path of the file instead",
	noList:           "no list: open a list first",
	noMappingPath:    "type the path of a mapping file to load",
	checkReplaced:    "stopped: a newer check of the list replaced this one",

	BackToOpen:     "How the list is read",
	MapHeading:     "Map the columns of %s",
	MapIntro:       "This is the draft mapping `contactimport init` writes for this list: each column of the list with what it is sent as, and why. Lines marked with a question need your decision. Change a column's target or transforms and the preview below is mapped again at once; check the whole file, then save the mapping.",
	MatchedBy:      "Contacts are matched by: %s",
	ColumnsHeading: "Columns of the list",
	Column:         "Column",
	Filled:         "Filled (preview)",
	TargetCol:      "Sent as",
	Transforms:     "Transforms",
	Values:         "Values",
	Why:            "Why",
	AutoMapped:     "automatic mapping",
	Question:       "To decide:",
	EditHint:       "Sent as: email, mobile, alias, external, an attribute such as user.FirstName or user.CustomAttribute.Name, or skip. Transforms, separated by commas: trim, lower, upper, phone, country, bool, date:DD.MM.YYYY.",
	MappingText:    "The mapping file (YAML)",
	Save:           "Save the mapping",
	CheckAll:       "Check the whole file",
	LoadLabel:      "Or load a mapping file:",
	Load:           "Load",
	SavedAs:        "Saved as %s",
	ToTarget:       "Next: choose where to import",
	CheckDone:      "Whole-file check",
	Checking:       "Checking the whole file…",
	CheckedRows:    "%d rows checked",
	ValidRows:      "ready to send",
	FailedRows:     "fail",
	SkippedRows:    "left out",
	ByClass:        "Failing rows by class and error",
	ListQuestions:  "Questions about the whole list (decide them in the mapping file below)",
	ErrorClass:     "Class / error",
}

// targetTexts are the words of the target and run screens.
type targetTexts struct {
	TargetHeading, TargetIntro, ListFile, MappingFile, AutoMapping, WhereTo                    string
	SandboxChoice, SandboxHint, SandboxDB, TenantChoice, TenantHint, TenantURL, TenantUser     string
	TenantPassword, PasswordHint, PasswordHeld, PasswordEnv                                    string
	GroupLegend, GroupLabel, NoGroup, Archived, GroupHint, SubscriptionLabel, SubscriptionHint string
	ModeLabel, ModeHint, CheckTarget, DoctorHeading, DoctorOK, DoctorBlocks                    string
	StateLabel, StateHint, StartImport                                                         string
	ImportsHeader, ImportHeading, ResumeOf, EarlierRun, Stop, StopHint, Importing, RowsSoFar   string
	Stopping, StoppedResumable, RowsLabel, RateLabel, RateValue, ETALabel, ClassesLabel        string
	FixFailed, Resume, ResumeHint                                                              string

	noTarget, listAbs, pathAbs, badGroup, chooseFirst, sandboxDB, stopping, urlUser string
}

var targetWords = targetTexts{
	TargetHeading:     "Where to import",
	TargetIntro:       "Rehearse on the sandbox first, or send to your Mapp Engage tenant. Check the target: doctor runs the same checks as the command “contactimport doctor” and shows what it found, in its words.",
	ListFile:          "List",
	MappingFile:       "Mapping",
	AutoMapping:       "automatic, from the column names (as import without --mapping)",
	WhereTo:           "Target",
	SandboxChoice:     "Sandbox",
	SandboxHint:       "a rehearsal on this machine; nothing reaches Mapp",
	SandboxDB:         "Sandbox database file",
	TenantChoice:      "Mapp Engage tenant",
	TenantHint:        "the real contacts of your account",
	TenantURL:         "API address",
	TenantUser:        "API user",
	TenantPassword:    "Password",
	PasswordHint:      "A password typed here is kept in this program's memory only, until it stops; it is never shown or written anywhere.",
	PasswordHeld:      "A password you typed is held: leave the field empty to keep using it.",
	PasswordEnv:       "The password comes from the environment (ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE) unless you type one.",
	GroupLegend:       "Group and subscription",
	GroupLabel:        "Group",
	NoGroup:           "No group",
	Archived:          "archived",
	GroupHint:         "the group's ID (Mapp: Audience → Groups); empty for none. Check the target to see whether it exists.",
	SubscriptionLabel: "Subscription",
	SubscriptionHint:  "OPT_IN adds silently; CONFIRMED_OPT_IN sends a welcome message; DOUBLE_OPT_IN sends an invitation.",
	ModeLabel:         "Mode",
	ModeHint:          "upsert creates new contacts and updates existing ones; create leaves existing ones alone; update never creates.",
	CheckTarget:       "Check the target",
	DoctorHeading:     "What doctor found",
	DoctorOK:          "An import can run as configured.",
	DoctorBlocks:      "An import cannot run as configured (doctor's exit code %d): fix what the BLOCKS lines name, then check again.",
	StateLabel:        "State file (optional)",
	StateHint:         "With a state file, the rows unchanged since its last successful run are skipped (--state). Give its full path.",
	StartImport:       "Import into %s",
	ImportsHeader:     "Imports started here",
	ImportHeading:     "Import of %s",
	ResumeOf:          "Continues",
	EarlierRun:        "the stopped run",
	Stop:              "Stop",
	StopHint:          "Stops as Ctrl-C stops the command: the report keeps every row done, and Resume continues.",
	Importing:         "Importing…",
	RowsSoFar:         "%d rows done",
	Stopping:          "stopping",
	StoppedResumable:  "Stopped (exit code 130): the report is saved; Resume continues where it stopped",
	RowsLabel:         "Rows done",
	RateLabel:         "Speed",
	RateValue:         "%.1f rows/s (at most %g requests/s, --rate)",
	ETALabel:          "Time left, about",
	ClassesLabel:      "Failed, by cause:",
	FixFailed:         "Fix the failed rows and retry them",
	Resume:            "Resume",
	ResumeHint:        "Continues this report with --resume: rows already done are not sent again.",

	noTarget:    "none chosen",
	listAbs:     "list %q: give the list's full path (the target screen is opened with ?list=/path/to/list.csv)",
	pathAbs:     "%s %q: give the file's full path",
	badGroup:    "group %q: a group id is a whole number above 0, like 1234 (Mapp: Audience → Groups)",
	chooseFirst: "choose and check a target first",
	sandboxDB:   "sandbox database %s: %v; give a database file of the sandbox, or a new file name",
	urlUser:     "API address: it must not hold a user or password (user:password@host); type the user and the password in their fields",
	stopping:    "the UI is stopping (Ctrl-C was pressed): nothing new is started; start it again to go on",
}
