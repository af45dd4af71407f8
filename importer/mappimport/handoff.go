package mappimport

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"contactimport/mapping"
)

// Written is one import file on disk: where it is and what is in it.
type Written struct {
	Path string
	File
}

// WriteHandoff tells the person what to do with the files: what they are, where to upload them
// in Mapp (the UI's group import, or an FTP whiteboard), with which settings and import mode,
// and what Mapp's documentation leaves open. header is the files' header; id the identifier the
// mapping matches contacts by.
func WriteHandoff(w io.Writer, files []Written, header []string, id mapping.Identifier) error {
	ew := &errWriter{w: w}
	if len(files) == 0 {
		ew.line("no valid rows: no import file written")
		return ew.err
	}
	rows := 0
	for _, f := range files {
		rows += f.Rows
	}
	ew.line("Mapp import files: %s rows in %d file(s), UTF-8, separator comma, at most %s bytes each:",
		group(int64(rows)), len(files), group(Limit))
	for _, f := range files {
		ew.line("  %s  %s bytes  %s rows", f.Path, group(f.Bytes), group(int64(f.Rows)))
	}
	ew.line("columns: %s", strings.Join(header, ", "))
	ew.line("")
	ew.line("Upload them one at a time, in numbered order, into an existing group (Mapp always imports into a group):")
	ew.line("  in Mapp Engage: Audience > Group Management > Groups, the group's menu > Members > Import;")
	ew.line("    File Type CSV, Separator \",\" (comma), Character Set UTF-8;")
	ew.line("  or from FTP: Automation, a whiteboard with the job \"Import Contacts\" reading the files from your FTP server.")
	if id == mapping.External {
		ew.line("The files match contacts by external id (user.Identifier): follow Mapp's \"Updating Contacts with an")
		ew.line("  External Identifier\"; a row creates a contact only when it also carries an email address or mobile number.")
	}
	ew.line("Import mode: \"Add and Update All\" creates new contacts and updates existing ones, as `import` does;")
	ew.line("  \"Add\" leaves existing profiles unchanged (as `import --mode create`); \"Update Current Members\" only updates members.")
	ew.line("Rows naming one contact twice are all kept, in input order (import would apply the later one last); Mapp")
	ew.line("  does not document how its file import treats a contact named twice in one file.")
	ew.line("An empty cell is written as \"\"; Mapp does not document whether that clears a stored value when it updates")
	ew.line("  a contact: before updating existing contacts this way, try it on one test contact.")
	return ew.err
}

// group writes n with thousands separators: 50,000,000.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) line(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format+"\n", args...)
	}
}
