package engage

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestProfileRoundTrip(t *testing.T) {
	p := &Profile{
		Target:  "https://tenant.example/api/rest/v19",
		Checked: time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC),
		Tenant: Tenant{Update: UpdateReplaces, CustomAttributes: NamingBare, UnifiedIdentifierName: Required,
			Exists: "HTTP 400 text: Such contact already exists", MissingAttributes: []string{"Tier"},
			Resubscribe: ResubscribeError},
		Findings: []Finding{{Check: "credentials", OK: true, Found: "accepted", Meaning: "the import can log in"}},
	}
	var b bytes.Buffer
	if err := WriteProfile(&b, p); err != nil {
		t.Fatal(err)
	}
	got, err := ReadProfile(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, p)
	}
}

func TestReadProfileRefuses(t *testing.T) {
	for _, tt := range []struct{ name, doc, want string }{
		{"no target", `{"tenant":{}}`, "no target"},
		{"unknown field", `{"target":"x","password":"y"}`, "unknown field"},
		{"unknown update", `{"target":"x","tenant":{"update":"sometimes"}}`, "update behaviour"},
		{"unknown naming", `{"target":"x","tenant":{"custom_attributes":"odd"}}`, "naming"},
		{"unknown resubscribe", `{"target":"x","tenant":{"resubscribe":"maybe"}}`, "subscribing a member again"},
		{"not json", `target=x`, "read tenant profile"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadProfile(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadProfile(%s) = %v, want an error saying %q", tt.doc, err, tt.want)
			}
		})
	}
}
