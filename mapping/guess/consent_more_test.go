package guess

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// TestDraftEmptyConsentIsNoConsent checks SPEC's consent rule for a consent column (a yes
// means "may be mailed") with empty cells: an empty cell is an unticked box or no answer, so
// the row is left out, and the draft says how many rows that is. In an opt-out column an empty
// cell says nothing: the row is imported.
func TestDraftEmptyConsentIsNoConsent(t *testing.T) {
	tests := []struct {
		name, header string
		values       []string
		out          []bool
		empty        string // the note of the skip_rows condition for empty cells, or ""
	}{
		{"Shopify", "Accepts Email Marketing", []string{"yes", "no", "", "yes"}, []bool{false, true, true, false}, "empty in 1 of 4 sampled rows: an unticked box or no answer"},
		{"Dynamics", "Bulk Email", []string{"Allow", "", "", "Do Not Allow", "Allow"}, []bool{false, true, true, true, false}, "empty in 2 of 5 sampled rows: an unticked box or no answer"},
		{"SalesforceOptOut", "Email Opt Out", []string{"0", "1", "", "0"}, []bool{false, true, false, false}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", tt.header}, File: "list.csv"}
			for i, v := range tt.values {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), v})
			}
			d, m := compileDraft(t, s)
			for i, row := range s.Rows {
				if _, skipped := m.Skip(row); skipped != tt.out[i] {
					t.Errorf("row %d (%q): left out %v, want %v\n%s", i, row[1], skipped, tt.out[i], d.Render())
				}
			}
			var empty []SkipRowGuess
			for _, r := range d.SkipRows {
				if r.Empty {
					empty = append(empty, r)
				}
			}
			switch {
			case tt.empty == "" && len(empty) != 0:
				t.Errorf("an opt-out column leaves out empty cells: %+v", empty)
			case tt.empty != "" && (len(empty) != 1 || empty[0].Note != tt.empty || empty[0].Reason != "no consent given"):
				t.Errorf("skip_rows for empty cells %+v, want one noting %q", empty, tt.empty)
			}
		})
	}
}

// TestDraftOptOutSubscriptionWithGroup checks an opt-out column under init --group: who opted
// out is imported but not a member (unsubscribe), who did not is subscribed, and an empty cell
// (nothing said) subscribes; with a consent column an empty cell unsubscribes (no consent).
func TestDraftOptOutSubscriptionWithGroup(t *testing.T) {
	tests := []struct {
		name, header string
		values       []string
		labels       [][2]string
		def          string
		want         []mapping.Subscription
	}{
		{"OptOut", "Email Opt Out", []string{"0", "1", "", "1"}, [][2]string{{"0", "subscribe"}, {"1", "unsubscribe"}}, "subscribe",
			[]mapping.Subscription{mapping.Subscribe, mapping.Unsubscribe, mapping.Subscribe, mapping.Unsubscribe}},
		{"Consent", "Accepts Email Marketing", []string{"yes", "no", "", "yes"}, [][2]string{{"yes", "subscribe"}, {"no", "unsubscribe"}}, "unsubscribe",
			[]mapping.Subscription{mapping.Subscribe, mapping.Unsubscribe, mapping.Unsubscribe, mapping.Subscribe}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", tt.header}, File: "list.csv", Group: 12}
			for i, v := range tt.values {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), v})
			}
			d, m := compileDraft(t, s)
			c := d.column(t, tt.header)
			if c.Target != "subscription" || c.Skip || !reflect.DeepEqual(c.Values, tt.labels) || c.Default != tt.def {
				t.Errorf("%+v, want subscription with %v, default %s", c, tt.labels, tt.def)
			}
			if !strings.Contains(c.Note, "empty cell: "+tt.def) {
				t.Errorf("note %q does not say what an empty cell does", c.Note)
			}
			for i, row := range s.Rows {
				if _, skipped := m.Skip(row); skipped {
					t.Errorf("row %d left out, want it imported with subscription %q", i, tt.want[i])
					continue
				}
				got, err := m.Map(row)
				if err != nil || got.Subscription != tt.want[i] {
					t.Errorf("row %d (%q): subscription %q, %v; want %q", i, row[1], got.Subscription, err, tt.want[i])
				}
			}
		})
	}
}

// TestDraftConsentOfManyValues checks consent columns whose values are no short list of states:
// bounce messages in an opt-out column leave every marked row out, whatever the message; dates
// in a consent column cannot be read as yes or no, so the draft asks (a TODO) instead of
// guessing.
func TestDraftConsentOfManyValues(t *testing.T) {
	bounced := Sample{Header: []string{"Email", "Bounced"}, File: "list.csv"}
	consented := Sample{Header: []string{"Email", "Marketing Consent"}, File: "list.csv"}
	for i := range 12 {
		email := fmt.Sprintf("p%d@example.org", i)
		msg := ""
		if i%2 == 0 {
			msg = fmt.Sprintf("550 5.1.1 <%s>: Recipient address rejected", email)
		}
		bounced.Rows = append(bounced.Rows, []string{email, msg})
		consented.Rows = append(consented.Rows, []string{email, fmt.Sprintf("2023-01-%02d", i+1)})
	}
	d, m := compileDraft(t, bounced)
	want := []SkipRowGuess{{Column: "Bounced", NotEmpty: true, Reason: "marked as not to be mailed", Note: "set in 6 of 12 sampled rows"}}
	if !reflect.DeepEqual(d.SkipRows, want) {
		t.Errorf("bounce messages: skip_rows %+v, want %+v", d.SkipRows, want)
	}
	for i, row := range bounced.Rows {
		if _, skipped := m.Skip(row); skipped != (row[1] != "") {
			t.Errorf("row %d: left out %v, want %v", i, skipped, row[1] != "")
		}
	}
	if out := string(d.Render()); strings.Contains(out, "Recipient") || strings.Contains(out, "p0@") {
		t.Errorf("the draft copies a bounce message:\n%s", out)
	}

	d = Mapping(consented)
	c := d.column(t, "Marketing Consent")
	if len(d.SkipRows) != 0 || !c.Skip || !strings.Contains(c.TODO, "12 distinct values were seen") || !strings.Contains(c.TODO, "until then everybody is imported") {
		t.Errorf("dates in a consent column: skip_rows %+v, column %+v; want a TODO saying everybody is imported", d.SkipRows, c)
	}
}

// TestDraftConsentWithoutAYes checks a consent column in whose sample nobody consented: the
// rows that say no are left out by their values, and the empty cells (no consent given) too;
// the reason names the consent, not an opt-out.
func TestDraftConsentWithoutAYes(t *testing.T) {
	s := sampleOf("Email;Email Marketing Consent", "a@x.io;UNSUBSCRIBED", "b@x.io;", "c@x.io;NEVER_SUBSCRIBED", "d@x.io;")
	d, m := compileDraft(t, s)
	for i, row := range s.Rows {
		if _, skipped := m.Skip(row); !skipped {
			t.Errorf("row %d (%q) imported, want it left out\n%s", i, row[1], d.Render())
		}
	}
	want := []SkipRowGuess{
		{Column: "Email Marketing Consent", Values: []string{"UNSUBSCRIBED", "NEVER_SUBSCRIBED"}, Reason: "not subscribed to email marketing (Klaviyo)",
			Note: "UNSUBSCRIBED, NEVER_SUBSCRIBED in 2 of 4 sampled rows"},
		{Column: "Email Marketing Consent", Empty: true, Reason: "no consent given", Note: "empty in 2 of 4 sampled rows: an unticked box or no answer"},
	}
	if !reflect.DeepEqual(d.SkipRows, want) {
		t.Errorf("skip_rows %+v\nwant %+v", d.SkipRows, want)
	}
}
