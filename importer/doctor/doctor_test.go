package doctor_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"contactimport/importer/doctor"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

const (
	user       = "api-user"
	password   = "api-password"
	probeEmail = "doctor-probe@example.org"
)

// target serves a sandbox playing b, through wrap when it is not nil, and returns a client of it.
func target(t *testing.T, b sandbox.Behaviour, wrap func(http.Handler) http.Handler) (*engage.Client, *sandbox.Server) {
	t.Helper()
	box, err := sandbox.New(sandbox.Options{User: user, Password: password, Behaviour: b})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	var h http.Handler = box
	if wrap != nil {
		h = wrap(box)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: user, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	return c, box
}

// finding returns the finding of check, failing the test when there is none.
func finding(t *testing.T, res *doctor.Result, check string) engage.Finding {
	t.Helper()
	for _, f := range res.Findings {
		if f.Check == check {
			return f
		}
	}
	t.Fatalf("no finding %q in %+v", check, res.Findings)
	return engage.Finding{}
}

// checkClean asserts that the sandbox holds want contacts and no memberships, and that doctor
// sent no more than 30 requests: as many as the sandbox saw, plus at most intercepted that a
// wrapper answered itself or that a cancelled context kept from being sent.
func checkClean(t *testing.T, box *sandbox.Server, res *doctor.Result, want, intercepted int) {
	t.Helper()
	st := box.Stats()
	if st.Contacts != want {
		t.Errorf("sandbox holds %d contacts afterwards, want %d", st.Contacts, want)
	}
	if st.Members != 0 || st.Invited != 0 || len(st.Notifications) != 0 {
		t.Errorf("sandbox holds %d members and %d invitations afterwards and sent %v, want none", st.Members, st.Invited, st.Notifications)
	}
	if res.Calls > doctor.DefaultMaxCalls {
		t.Errorf("%d requests, want at most %d", res.Calls, doctor.DefaultMaxCalls)
	}
	if res.Calls < st.Total || res.Calls > st.Total+intercepted {
		t.Errorf("sandbox saw %d requests and at most %d were intercepted, the result counts %d", st.Total, intercepted, res.Calls)
	}
}

// TestVariants runs the probe against every reading of the documentation the sandbox plays,
// with a mapping of two custom attributes of which the strict tenants know only one, and a group
// that subscribing a member again is an error of on the strict tenants.
func TestVariants(t *testing.T) {
	attrs := []string{"CustomerTier", "Newsletter"}
	for _, v := range sandbox.Behaviours([]string{"customertier"}) {
		t.Run(v.Name, func(t *testing.T) {
			c, box := target(t, v.Behaviour, nil)
			res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: attrs,
				Mobiles: []string{"+447700900001"}, Group: 1001})
			strict := v.RequireUnifiedIdentifierName
			want := engage.Tenant{
				Update:                engage.UpdateMerges,
				CustomAttributes:      engage.NamingEither,
				UnifiedIdentifierName: engage.NotRequired,
				Exists:                "HTTP 400 " + engage.CodeAlreadyExists,
				NotFound:              "HTTP 400 " + engage.CodeNoSuchObject,
				Resubscribe:           engage.ResubscribeOK,
			}
			if v.Update == sandbox.UpdateReplace {
				want.Update = engage.UpdateReplaces
			}
			switch v.CustomAttributes {
			case sandbox.NamingBare:
				want.CustomAttributes = engage.NamingBare
			case sandbox.NamingPrefixed:
				want.CustomAttributes = engage.NamingPrefixed
			}
			if strict {
				// The strict tenants list their attribute definitions: doctor keeps the one the
				// mapping sends that exists, and finds the missing one without writing it.
				want.Definitions = &engage.Definitions{Profile: []engage.Definition{{ID: 11, Name: "customertier", DisplayName: "customertier", DataType: engage.TypeString}}}
				want.UnifiedIdentifierName = engage.Required
				want.UnifiedIdentifierForm = engage.UnifiedFormValue
				want.Exists = "HTTP 400 text: Such contact already exists"
				want.MissingAttributes = []string{"Newsletter"}
				want.Resubscribe = engage.ResubscribeError
			}
			if !reflect.DeepEqual(res.Tenant, want) {
				t.Errorf("tenant\n%+v\nwant\n%+v", res.Tenant, want)
			}
			if res.Version != sandbox.APIVersion || !res.Probed || res.Refused || res.Interrupted || len(res.Leftovers) > 0 {
				t.Errorf("result %+v", res)
			}
			if res.Blocking() != strict {
				t.Errorf("Blocking() = %t, want %t: %+v", res.Blocking(), strict, res.Findings)
			}
			if strict {
				f := finding(t, res, "custom attribute Newsletter")
				if f.OK || !strings.Contains(f.Meaning, "no custom attribute Newsletter") || !strings.Contains(f.Meaning, "remove the column") {
					t.Errorf("missing attribute finding %+v", f)
				}
			}
			for _, check := range []string{"connection", "credentials", "API version", "latency", "no such contact",
				"contact exists", "custom attribute naming", "update behaviour", "unifiedIdentifierName", "probe contact",
				"group", "subscribing a member again"} {
				if f := finding(t, res, check); !f.OK || f.Found == "" || f.Meaning == "" {
					t.Errorf("finding %+v, want OK with what was found and what it means", f)
				}
			}
			for _, f := range res.Findings {
				if strings.Contains(f.Found+f.Meaning, probeEmail) || strings.Contains(f.Found+f.Meaning, "+447700900001") {
					t.Errorf("finding shows the probe address or number: %+v", f)
				}
			}
			checkClean(t, box, res, 0, 0)
		})
	}
}

// TestNoCustomAttributes: without custom attributes in the mapping the naming is not probed and
// stays unknown; everything else is found.
func TestNoCustomAttributes(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{Update: sandbox.UpdateReplace}, nil)
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, Mobiles: []string{"+447700900002"}})
	if res.Tenant.CustomAttributes != "" || res.Tenant.Update != engage.UpdateReplaces || res.Blocking() {
		t.Errorf("tenant %+v, findings %+v", res.Tenant, res.Findings)
	}
	if f := finding(t, res, "custom attributes"); !strings.HasPrefix(f.Found, "not checked") {
		t.Errorf("custom attributes finding %+v", f)
	}
	checkClean(t, box, res, 0, 0)
}

// TestNoAttributeExists: a tenant without any of the mapping's custom attributes blocks the
// import, naming each.
func TestNoAttributeExists(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{KnownCustomAttributes: []string{}}, nil)
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: []string{"Tier", "Source"},
		Mobiles: []string{"+447700900003"}})
	if want := []string{"Tier", "Source"}; !reflect.DeepEqual(res.Tenant.MissingAttributes, want) {
		t.Errorf("missing %q, want %q", res.Tenant.MissingAttributes, want)
	}
	if res.Tenant.CustomAttributes != "" || !res.Blocking() || res.Tenant.Update != engage.UpdateMerges {
		t.Errorf("tenant %+v", res.Tenant)
	}
	checkClean(t, box, res, 0, 0)
}

// TestCallBudget: a mapping of many custom attributes that a tenant without attribute
// definitions lacks runs out of calls; the probe says which were not checked and still deletes
// its contact within 30 calls.
func TestCallBudget(t *testing.T) {
	c, box := target(t, sandbox.Behaviour{KnownCustomAttributes: []string{}, Definitions: sandbox.Definitions{Unlisted: true}}, nil)
	var attrs []string
	for _, n := range strings.Fields("A B C D E F G H I J K L M N") {
		attrs = append(attrs, "Attr"+n)
	}
	res := doctor.Run(t.Context(), c, doctor.Options{ProbeEmail: probeEmail, CustomAttributes: attrs, Mobiles: []string{"+447700900004"}})
	if f := finding(t, res, "custom attributes"); f.OK || !strings.Contains(f.Found, "not checked") {
		t.Errorf("finding %+v, want the unchecked attributes named", f)
	}
	// The last call kept for asking about unifiedIdentifierName is not needed when an earlier
	// update without it was accepted.
	if res.Calls < doctor.DefaultMaxCalls-1 || res.Calls > doctor.DefaultMaxCalls {
		t.Errorf("%d calls, want the budget of %d spent", res.Calls, doctor.DefaultMaxCalls)
	}
	checkClean(t, box, res, 0, 0)
}

func TestCustomAttributes(t *testing.T) {
	tests := []struct {
		targets []string
		want    []string
	}{
		{nil, nil},
		{[]string{"email", "mobile", "user.FirstName", "LastName", "user.email", "user.MobileNumber", "(skip)", "(ignored)"}, nil},
		{[]string{"user.CustomAttribute.Tier", "Tier", "user.customattribute.tier"}, []string{"Tier"}},
		{[]string{"Source", "user.Newsletter", "member.Car", "user.CustomAttribute.Title", "user.Title"}, []string{"Source", "Newsletter", "Title"}},
		{[]string{"user.CustomAttribute. ", "user.ISOCountryCode", "identifier", "user.FaxNumber"}, nil},
	}
	for _, tt := range tests {
		if got := doctor.CustomAttributes(tt.targets); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CustomAttributes(%q) = %q, want %q", tt.targets, got, tt.want)
		}
	}
}

func TestFictionMobiles(t *testing.T) {
	got := doctor.FictionMobiles(5)
	seen := map[string]bool{}
	for _, m := range got {
		if len(m) != len("+447700900123") || !strings.HasPrefix(m, "+447700900") || seen[m] {
			t.Errorf("number %q of %q is not a new one from +447700900000 to +447700900999", m, got)
		}
		seen[m] = true
	}
	if len(got) != 5 {
		t.Errorf("%d numbers, want 5", len(got))
	}
}
