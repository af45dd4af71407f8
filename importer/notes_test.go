package importer

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// notedMapping omits a failing Mobile cell and restores what a spreadsheet dropped.
const notedMapping = `lost_leading_zeros: true
phone_region: {column: Country}
columns:
  Email: email
  Mobile: {to: mobile, transform: [phone], invalid: omit}
  Zip: user.ZipCode
  Country: {to: user.ISOCountryCode, transform: [country]}
`

const notedInput = "Email;Mobile;Zip;Country\n" +
	"sci@example.org;4,91512E+12;10115;Deutschland\n" +
	"zero@example.org;15123456703;1080;Deutschland\n" +
	"clean@example.org;+49 151 23456704;10115;DE\n" +
	"not-an-email;+49 151 23456705;10115;DE\n"

func notedRun(t *testing.T, api *fakeAPI) (*memSink, *report.Summary) {
	t.Helper()
	src, err := source.Open(strings.NewReader(notedInput), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := compile(t, notedMapping, src.Header())
	cfg := Config{API: api, Throttle: pace.NewThrottle(pace.ThrottleConfig{Rate: 1000}), Mapper: m, Workers: 4,
		Tenant: engage.Tenant{Update: engage.UpdateMerges}}
	sink, sum := &memSink{}, &report.Summary{}
	if err := Run(context.Background(), cfg, src, sink, sum); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, sink.lines, 4)
	return sink, sum
}

// TestRunNotedRows: a row imported with an omitted or restored cell keeps its status (created,
// then updated), carries its notes in import.error and the first note's code, no class; the
// summary counts it per code; only the failed row counts as failed.
func TestRunNotedRows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		for _, st := range []report.Status{report.Created, report.Updated} {
			sink, sum := notedRun(t, api)
			want := []report.Line{
				{Status: st, Code: "spreadsheet_scientific"},
				{Status: st, Code: "restored_zero", Message: `column "Mobile": 15123456703 read as +4915123456703 (lost_leading_zeros); column "Zip": 1080 read as 01080 (lost_leading_zeros)`},
				{Status: st},
				{Status: report.Failed, Class: report.Validation, Code: "invalid_email", Message: `column "Email": not a valid email address`},
			}
			for i, w := range want {
				l := sink.lines[i]
				if l.Status != w.Status || l.Class != w.Class || l.Code != w.Code || (w.Message != "" || w.Code == "") && l.Message != w.Message {
					t.Errorf("%s run, row %d: %s %q %q %q, want %s %q %q %q", st, l.Row, l.Status, l.Class, l.Code, l.Message, w.Status, w.Class, w.Code, w.Message)
				}
			}
			if msg := sink.lines[0].Message; !strings.HasPrefix(msg, `column "Mobile" not sent (invalid: omit): looks like a spreadsheet changed it`) {
				t.Errorf("row 1 message %q", msg)
			}
			if wantNotes := map[string]int{"spreadsheet_scientific": 1, "restored_zero": 1}; !reflect.DeepEqual(sum.Notes, wantNotes) {
				t.Errorf("summary notes %v, want %v", sum.Notes, wantNotes)
			}
			if sum.Counts[st] != 3 || sum.Counts[report.Failed] != 1 {
				t.Errorf("summary counts %v, want 3 %s and 1 failed", sum.Counts, st)
			}
		}
		api.mu.Lock()
		defer api.mu.Unlock()
		if c := api.contacts["sci@example.org"]; c == nil || c.Mobile != "" {
			t.Errorf("omitted mobile: contact %+v, want it without a mobile number", c)
		}
		c := api.contacts["zero@example.org"]
		if c == nil || c.Mobile != "+4915123456703" || !slices.Contains(c.Attributes, engage.Attribute{Name: "user.ZipCode", Value: "01080"}) {
			t.Errorf("restored row: contact %+v, want +4915123456703 and zip 01080", c)
		}
	})
}

// TestCheckLineNoted: check reports a noted row valid, with its note.
func TestCheckLineNoted(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte(notedMapping))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(f, []string{"Email", "Mobile", "Zip", "Country"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := checkLine(m, source.Record{Row: 1, Line: 2, Cells: []string{"a@b.de", "4,91512E+12", "10115", "DE"}})
	if l.Status != report.Valid || l.Class != "" || l.Code != "spreadsheet_scientific" || !strings.Contains(l.Message, "not sent (invalid: omit)") {
		t.Errorf("line %+v, want valid with the note", l)
	}
}
