package report_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"contactimport/report"
)

func ExampleSummary_WriteTable() {
	start := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	s := &report.Summary{
		Command:        "import",
		Target:         "https://engage.example.com/api/rest/v19",
		Report:         "kunden.20261126-010000.report.csv",
		Rows:           1000,
		Counts:         map[report.Status]int{report.Created: 900, report.Updated: 80, report.Failed: 20},
		Failures:       map[report.Class]int{report.Validation: 15, report.Transient: 5},
		Calls:          map[string]int{"update": 85, "create": 930, "get": 2},
		ThrottleEvents: 2,
		Started:        start,
		Ended:          start.Add(102*time.Second + 400*time.Millisecond),
		RowsPerSecond:  9.77,
		Finished:       true,
	}
	if err := s.WriteTable(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// target           https://engage.example.com/api/rest/v19
	// created          900
	// updated          80
	// failed           20
	//   validation     15
	//   transient      5
	// api calls        1017 (get 2, create 930, update 85), 1.02 per row
	// throttle events  2
	// elapsed          1m42s
	// rows/s           9.8
	// report           kunden.20261126-010000.report.csv
	// result           finished
}

func ExampleSummary_WriteTable_sandboxStopped() {
	start := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	s := &report.Summary{
		Command:       "import",
		Target:        "sandbox (contactimport-sandbox.db)",
		Sandbox:       true,
		Report:        "list.report.csv",
		Rows:          40,
		Counts:        map[report.Status]int{report.Unchanged: 30, report.Skipped: 10},
		Calls:         map[string]int{"get": 40},
		Started:       start,
		Ended:         start.Add(4250 * time.Millisecond),
		RowsPerSecond: 9.41,
		Finished:      false,
		Stopped:       "interrupted by signal",
		Resumed:       12,
	}
	var b strings.Builder
	if err := s.WriteTable(&b); err != nil {
		fmt.Println(err)
	}
	fmt.Print(b.String())
	// Output:
	// target           sandbox (contactimport-sandbox.db)
	// unchanged        30
	// skipped          10
	// failed           0
	// resumed rows     12
	// api calls        40 (get 40), 1.00 per row
	// throttle events  0
	// elapsed          4.3s
	// rows/s           9.4
	// report           list.report.csv
	// result           stopped: interrupted by signal
}

// A report is written with the input's header and read back for retry.
func ExampleWriter() {
	var b strings.Builder
	w := report.NewWriter(&b, []string{"E-Mail", "Vorname"})
	_ = w.WriteHeader()
	_ = w.Write(report.Line{Row: 1, Line: 2, Status: report.Created, ContactID: 4711, Attempts: 1,
		Cells: []string{"anna@example.com", "Anna"}})
	_ = w.Write(report.Line{Row: 2, Line: 3, Status: report.Failed, Class: report.Validation,
		Code: "invalid_email", Message: "column E-Mail: not an email address", Cells: []string{"bernd@", "Bernd"}})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	out, bom := strings.CutPrefix(b.String(), "\ufeff") // for Excel: the file is UTF-8
	fmt.Print(out)
	fmt.Println("byte order mark:", bom)

	r, err := report.NewReader(strings.NewReader(b.String()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		l, err := r.Read()
		if err != nil {
			break
		}
		if l.Status == report.Failed {
			fmt.Printf("retry row %d from line %d: %q\n", l.Row, l.Line, r.InputHeader())
		}
	}
	// Output:
	// E-Mail,Vorname,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts
	// anna@example.com,Anna,1,2,created,4711,,,,1
	// bernd@,Bernd,2,3,failed,,validation,invalid_email,column E-Mail: not an email address,0
	// byte order mark: true
	// retry row 2 from line 3: ["E-Mail" "Vorname"]
}
