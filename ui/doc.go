// Package ui is the local web UI of contactimport (`contactimport ui`): its HTTP handlers, its
// server-rendered templates and its static files (a vendored htmx with its SSE extension, a
// stylesheet), all embedded with embed.FS, so that it needs no build step, no CDN and no network.
//
// The UI is one more caller of the engine, like the command line: it never re-implements a step.
// What it reads it reads with the engine's own packages (a report with report.Reader and the
// summary beside it with runfile.ReadSummary; a row is validated by importer.MapRecord, the
// function import, check and retry map every row with), and the corrected copy of a report it
// writes is written by report.Writer into a file made by runfile.Create (0600, O_EXCL, never
// through a link). What is wired in package main today — compiling the mapping a run used, and
// the retry pipeline with its target, locks and report planning — it asks of an Engine, an
// interface declared here, on the consumer side, which package main implements by running the
// same code its commands run (the retry command with the arguments a person would type).
//
// The report on disk stays the single truth: fixing rows never changes a report in place. The
// edits go into a new file beside it (<report stem>.fixed.csv), which is retried exactly as
// `contactimport retry` retries a report saved by a spreadsheet, into its own new report.
//
// Safety (Guard): the server answers only requests that carry the session cookie set from the
// random token in the printed URL, only under the Host it listens on (DNS rebinding), sends no
// CORS headers, and changes state only on POST requests that carry the CSRF token.
//
// A retry runs in the background under the server's context, not the request's: a closed tab does
// not stop it, the first page lists it again, and its page follows it over server-sent events
// (the rows its report holds so far, read back with report.Reader) until it ends.
//
// Target and run: the target screen (/target?list=…&mapping=…) chooses the sandbox or a tenant
// (a typed password is kept in the server's memory only, in a Target, and reaches the engine
// through the command's environment), runs doctor through the Engine and shows its findings in
// its own words, and offers the groups to pick. An import runs like a retry, under the server's
// context, as `contactimport import` with the arguments a person would type; its page follows
// the report on disk over server-sent events, reading only what was added since the last look
// (tally). Stop cancels that run's context, as Ctrl-C stops the command; Resume runs it again
// with --resume on the same report, and the report's lock refuses a second run while one runs.
// A list not imported yet comes in through the open and map screens. Open reads it through the
// engine's input prologue (Engine.OpenList, the code every command that reads a list runs) and
// shows what the reader found (format, encoding and why, separator, title lines above the
// header, the sheet), each with an override that reads the list again, and a bounded preview
// judged by importer.MapRecord; an upload is streamed into a private file, never into memory.
// Map shows init's draft (Engine.Sample, then guess.Mapping) as a table of columns and keeps the
// mapping as the text of the YAML file the CLI reads: an edit is an edit of that text, parsed by
// mapping.ParseFile and compiled by mapping.Compile as --mapping is; the whole-file check runs
// importer.Check, check's own function, in the background and counts rows, never keeps them;
// the mapping is saved beside the list by runfile.Create.
//
// Fix takes a report back as retry does: strictly first (a report as this tool wrote it), else in
// report.Reader's lenient mode (a copy a spreadsheet saved: another separator or encoding, XLSX,
// import.* cells emptied); without a summary beside it, its rows are checked and retried with
// auto-mapping, as retry without --mapping. A report with import.membership asks for the group and
// subscription mode, passed to retry as --group and --subscription.
//
// A Server is safe for concurrent use: each request and each running retry has its own state;
// the retries and imports in flight, and the target chosen, are kept under a mutex.
package ui
