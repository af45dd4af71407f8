package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func TestExportGroup(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	mustCall(t, s, "create", map[string]any{"emailAddress": "cid@example.org", "applicationAlias": "cid"})
	wantStatus(t, subscribe(t, s, "userId=3&groupId=1001&subscriptionMode=CONFIRMED_OPT_IN"), http.StatusNoContent)
	wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=OPT_IN"), http.StatusNoContent)
	wantStatus(t, subscribe(t, s, "userId=2&groupId=1001&subscriptionMode=DOUBLE_OPT_IN"), http.StatusNoContent)
	wantStatus(t, subscribe(t, s, "userId=2&groupId=1002&subscriptionMode=OPT_IN"), http.StatusNoContent)
	for _, u := range []struct {
		query string
		attrs []wireAttribute
	}{
		{"userId=1&groupId=1001", []wireAttribute{{"seat", "12A, window"}, {"Car", "red"}}},
		{"userId=3&groupId=1001", []wireAttribute{{"car", `"blue"`}}},
		{"userId=2&groupId=1002", []wireAttribute{{"other", "x"}}},
	} {
		wantStatus(t, groupCall(t, s, http.MethodPost, "membership/updateAttributes?"+u.query, u.attrs), http.StatusOK)
	}
	var sb strings.Builder
	if err := s.ExportGroup(t.Context(), &sb, 1001); err != nil {
		t.Fatal(err)
	}
	const want = "contactId,emailAddress,mobileNumber,applicationAlias,identifier,subscriptionMode,status,Car,seat\n" +
		"1,ann@example.org,,,crm-1,OPT_IN,member,red,\"12A, window\"\n" +
		"2,,4915100000002,,,DOUBLE_OPT_IN,invited,,\n" +
		"3,cid@example.org,,cid,,CONFIRMED_OPT_IN,member,\"\"\"blue\"\"\",\n"
	if sb.String() != want {
		t.Errorf("ExportGroup wrote\n%s\nwant\n%s", sb.String(), want)
	}
	sb.Reset()
	if err := s.ExportGroup(t.Context(), &sb, 1003); err != nil || sb.String() != "contactId,emailAddress,mobileNumber,applicationAlias,identifier,subscriptionMode,status\n" {
		t.Errorf("export of an empty group: %q, %v", sb.String(), err)
	}
	if err := s.ExportGroup(t.Context(), &sb, 4242); err == nil || !strings.Contains(err.Error(), "group 4242: no such group") {
		t.Errorf("export of an unknown group: %v", err)
	}
}

func TestMembershipStats(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	before := s.Stats()
	groupCall(t, s, http.MethodGet, "group/get?groupId=1001", nil)
	subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=OPT_IN")
	subscribe(t, s, "userId=1&groupId=1003&subscriptionMode=OPT_IN")
	groupCall(t, s, http.MethodGet, "membership/get?userId=1&groupId=1001", nil)
	groupCall(t, s, http.MethodPost, "membership/updateAttributes?userId=1&groupId=1001", []wireAttribute{{"car", "red"}})
	groupCall(t, s, http.MethodPost, "membership/unsubscribe?userId=1&groupId=1001&unsubscriptionMode=OPT_IN", nil)
	groupCall(t, s, http.MethodDelete, "membership/delete?userId=1&groupId=1001", nil)
	st := s.Stats()
	want := map[string]map[string]int{"create": {"200": 2}, "group/get": {"200": 1}, "membership/subscribe": {"204": 1, "400": 1},
		"membership/get": {"200": 1}, "membership/updateAttributes": {"200": 1}, "membership/unsubscribe": {"204": 1},
		"membership/delete": {"400": 1}}
	if !equalCounts(st.Requests, want) {
		t.Errorf("requests %v, want %v", st.Requests, want)
	}
	if st.Calls() != before.Calls() || st.Calls() != 2 {
		t.Errorf("Calls() = %d, want 2: membership calls are not contact calls", st.Calls())
	}
	if st.MembershipCalls() != 6 {
		t.Errorf("MembershipCalls() = %d, want 6 (group/get is not one)", st.MembershipCalls())
	}
}
