package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

// groupCall sends a group or membership call: method to /api/rest/v19/path, a query, and a body
// for updateAttributes (nil for none, which then goes out without Content-Type).
func groupCall(t *testing.T, s *Server, method, pathAndQuery string, body any) *httptest.ResponseRecorder {
	t.Helper()
	text := ""
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		text = string(data)
	}
	r := request(t.Context(), method, "/api/rest/v19/"+pathAndQuery, text)
	if body == nil {
		r.Header.Del("Content-Type")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	return rec
}

func subscribe(t *testing.T, s *Server, query string) *httptest.ResponseRecorder {
	t.Helper()
	return groupCall(t, s, http.MethodPost, "membership/subscribe?"+query, nil)
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
}

// membership reads contact user's membership in group through membership/get; nil when the answer
// is "not a member".
func membership(t *testing.T, s *Server, query string) *wireMembership {
	t.Helper()
	rec := groupCall(t, s, http.MethodGet, "membership/get?"+query, nil)
	if rec.Code == http.StatusBadRequest {
		if e := envelope(t, rec); e.ObjectType == "Membership" && e.ErrorCode == engage.CodeNoSuchObject {
			return nil
		}
	}
	wantStatus(t, rec, http.StatusOK)
	var m wireMembership
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("membership answer %s: %v", rec.Body, err)
	}
	return &m
}

// seedContacts creates ann (contact 1) and bob (contact 2).
func seedContacts(t *testing.T, s *Server) {
	t.Helper()
	mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org", "identifier": "crm-1"})
	mustCall(t, s, "create", map[string]any{"mobileNumber": "4915100000002"})
}

func TestParseGroups(t *testing.T) {
	tests := []struct {
		in      string
		want    []Group
		wantErr string
	}{
		{in: "", want: []Group{}},
		{in: "1001", want: []Group{{ID: 1001, Name: "group 1001"}}},
		{in: "1001=newsletter, 7=old list:ARCHIVED,9:archived", want: []Group{
			{ID: 1001, Name: "newsletter"}, {ID: 7, Name: "old list", Archived: true}, {ID: 9, Name: "group 9", Archived: true}}},
		{in: "x", wantErr: `group "x": the id is not a positive whole number`},
		{in: "0=zero", wantErr: "not a positive whole number"},
		{in: "5=", wantErr: "group 5: the name after = is empty"},
		{in: "5,6,5=again", wantErr: "group 5 is given twice"},
	}
	for _, tt := range tests {
		got, err := ParseGroups(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseGroups(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseGroups(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if again, err := ParseGroups(FormatGroups(got)); err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("ParseGroups(FormatGroups(%+v)) = %+v, %v", got, again, err)
		}
	}
}

func TestGroupGet(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name, query string
		status      int
		want        string // the answer, or the envelope's errorCode and objectType
	}{
		{"live group", "groupId=1001", 200, `{"id":1001,"name":"newsletter","archived":false}`},
		{"archived group", "groupId=1003", 200, `{"id":1003,"name":"archived","archived":true}`},
		{"unknown group", "groupId=4242", 400, "NO_SUCH_OBJECT Group"},
		{"no groupId", "", 400, "MISSING_PARAMETER "},
		{"groupId not a number", "groupId=abc", 400, "INVALID_PARAMETER "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := groupCall(t, s, http.MethodGet, "group/get?"+tt.query, nil)
			wantStatus(t, rec, tt.status)
			got := strings.TrimSpace(rec.Body.String())
			if tt.status != 200 {
				e := envelope(t, rec)
				got = e.ErrorCode + " " + e.ObjectType
			}
			if got != tt.want {
				t.Errorf("answer %s, want %s", got, tt.want)
			}
		})
	}
	rec := groupCall(t, s, http.MethodPost, "group/get?groupId=1001", nil)
	wantStatus(t, rec, http.StatusMethodNotAllowed)
}

func TestGroupsOption(t *testing.T) {
	s := newTestServer(t, Options{Groups: []Group{{ID: 5, Name: "five"}, {ID: 1001, Name: "renamed", Archived: true}}})
	got, err := s.Groups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Group{{ID: 5, Name: "five"}, {ID: 1001, Name: "renamed", Archived: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups %+v, want %+v (nil Groups alone adds the defaults)", got, want)
	}
	if _, err := New(Options{Groups: []Group{{ID: -1, Name: "x"}}}); err == nil {
		t.Error("New with group -1 succeeded")
	}
}

func TestSubscribeModes(t *testing.T) {
	tests := []struct {
		mode        string
		status      string // member.Status of the membership
		member      bool   // counted as a member, else as invited
		notes       map[string]int
		wantInStats string
	}{
		{mode: "OPT_IN", status: "ACTIVE", member: true, notes: map[string]int{}},
		{mode: "CONFIRMED_OPT_IN", status: "ACTIVE", member: true, notes: map[string]int{NoteWelcome: 1}},
		{mode: "DOUBLE_OPT_IN", status: "PENDING", notes: map[string]int{NoteInvitation: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			s := newTestServer(t, Options{})
			seedContacts(t, s)
			wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode="+tt.mode), http.StatusNoContent)
			m := membership(t, s, "userId=1&groupId=1001")
			want := &wireMembership{UserID: 1, GroupID: 1001, Attributes: []wireAttribute{{attrStatus, tt.status}, {attrMode, tt.mode}}}
			if !reflect.DeepEqual(m, want) {
				t.Errorf("membership %+v, want %+v", m, want)
			}
			if m := membership(t, s, "userId=2&groupId=1001"); m != nil {
				t.Errorf("bob is in the group: %+v", m)
			}
			if m := membership(t, s, "userId=1&groupId=1002"); m != nil {
				t.Errorf("ann is in group 1002: %+v", m)
			}
			st := s.Stats()
			if (st.Members == 1) != tt.member || st.Members+st.Invited != 1 {
				t.Errorf("members %d, invited %d; want one %s", st.Members, st.Invited, tt.status)
			}
			if !reflect.DeepEqual(st.Notifications, tt.notes) {
				t.Errorf("notifications %v, want %v", st.Notifications, tt.notes)
			}
		})
	}
}

func TestSubscribeRefusals(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	tests := []struct {
		name, query string
		want        engage.ErrorBody
	}{
		{"archived group", "userId=1&groupId=1003&subscriptionMode=OPT_IN", engage.ErrorBody{ErrorActor: "CLIENT",
			ErrorCode: "INVALID_PARAMETER", Message: "Group with groupId 1003 is archived.", ObjectType: "Group",
			ParameterName: "groupId", Value: "1003"}},
		{"unknown group", "userId=1&groupId=4242&subscriptionMode=OPT_IN", engage.ErrorBody{ErrorActor: "CLIENT",
			ErrorCode: "NO_SUCH_OBJECT", Message: "Group with groupId 4242 cannot be found.", ObjectType: "Group",
			PropertyName: "groupId", PropertyValue: "4242"}},
		{"unknown contact", "userId=99&groupId=1001&subscriptionMode=OPT_IN", engage.ErrorBody{ErrorActor: "CLIENT",
			ErrorCode: "NO_SUCH_OBJECT", Message: "User with id 99 does not exist.", ObjectType: "User",
			PropertyName: "userId", PropertyValue: "99"}},
		{"no userId", "groupId=1001&subscriptionMode=OPT_IN", engage.ErrorBody{ErrorActor: "CLIENT",
			ErrorCode: "MISSING_PARAMETER", Message: "Parameter 'userId' is mandatory, but is missing or empty.", ParameterName: "userId"}},
		{"no mode", "userId=1&groupId=1001", engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: "MISSING_PARAMETER",
			Message: "Parameter 'subscriptionMode' is mandatory, but is missing or empty.", ParameterName: "subscriptionMode"}},
		{"mode in lower case", "userId=1&groupId=1001&subscriptionMode=opt_in", engage.ErrorBody{ErrorActor: "CLIENT",
			ErrorCode: "INVALID_PARAMETER", Message: "Invalid value for parameter subscriptionMode: not one of OPT_IN, CONFIRMED_OPT_IN, DOUBLE_OPT_IN.",
			ParameterName: "subscriptionMode", Value: "opt_in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := subscribe(t, s, tt.query)
			wantStatus(t, rec, http.StatusBadRequest)
			if got := envelope(t, rec); got != tt.want {
				t.Errorf("envelope %+v\nwant     %+v", got, tt.want)
			}
		})
	}
	if st := s.Stats(); st.Members+st.Invited != 0 {
		t.Errorf("refused subscriptions stored %d members, %d invited", st.Members, st.Invited)
	}
}

func TestDoubleOptInAccept(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	accept := func(query string) int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, AcceptPath+"?"+query, nil))
		return rec.Code
	}
	if code := accept("userId=1&groupId=1001"); code != http.StatusNotFound {
		t.Errorf("accept without an invitation: %d, want 404", code)
	}
	wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=DOUBLE_OPT_IN"), http.StatusNoContent)
	rec := groupCall(t, s, http.MethodPost, "membership/updateAttributes?userId=1&groupId=1001", []wireAttribute{{"car", "red"}})
	wantStatus(t, rec, http.StatusBadRequest)
	if e := envelope(t, rec); e.ObjectType != "Membership" {
		t.Errorf("member attributes of an invited contact: %+v, want the not-a-member refusal", e)
	}
	// The invitation again: sent again, still invited.
	wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=DOUBLE_OPT_IN"), http.StatusNoContent)
	if st := s.Stats(); st.Invited != 1 || st.Notifications[NoteInvitation] != 2 {
		t.Errorf("invited %d, invitations %d; want 1, 2", st.Invited, st.Notifications[NoteInvitation])
	}
	if code := accept("userId=1&groupId=1001"); code != http.StatusNoContent {
		t.Fatalf("accept: %d, want 204", code)
	}
	m := membership(t, s, "userId=1&groupId=1001")
	if m == nil || m.Attributes[0] != (wireAttribute{attrStatus, "ACTIVE"}) || m.Attributes[1] != (wireAttribute{attrMode, "DOUBLE_OPT_IN"}) {
		t.Errorf("after accepting: %+v, want ACTIVE by DOUBLE_OPT_IN", m)
	}
	if code := accept("userId=1&groupId=1001"); code != http.StatusNotFound {
		t.Errorf("accepting twice: %d, want 404", code)
	}
	if st := s.Stats(); st.Members != 1 || st.Invited != 0 || st.Total != 6 {
		t.Errorf("members %d, invited %d, requests %d; want 1, 0, 6 (accepting is not counted)", st.Members, st.Invited, st.Total)
	}
}

func TestResubscribe(t *testing.T) {
	for _, strict := range []bool{false, true} {
		// ExistsText changes the contact calls' "exists" answer only; a membership keeps its envelope.
		s := newTestServer(t, Options{Behaviour: Behaviour{ResubscribeError: strict, ExistsAnswer: ExistsText}})
		seedContacts(t, s)
		wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=CONFIRMED_OPT_IN"), http.StatusNoContent)
		wantStatus(t, subscribe(t, s, "userId=2&groupId=1001&subscriptionMode=DOUBLE_OPT_IN"), http.StatusNoContent)
		for _, user := range []string{"1", "2"} {
			rec := subscribe(t, s, "userId="+user+"&groupId=1001&subscriptionMode=CONFIRMED_OPT_IN")
			if !strict {
				wantStatus(t, rec, http.StatusNoContent)
				continue
			}
			wantStatus(t, rec, http.StatusBadRequest)
			want := engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists,
				Message:    "Membership of user " + user + " in group 1001 already exists.",
				ObjectType: "Membership", PropertyName: "userId", PropertyValue: user}
			if got := envelope(t, rec); got != want {
				t.Errorf("strict resubscribe: %+v\nwant %+v", got, want)
			}
		}
		// Lenient: ann, a member, gets no second welcome; bob, invited, becomes a member with one.
		wantWelcomes, wantMembers := 2, 2
		if strict {
			wantWelcomes, wantMembers = 1, 1
		}
		if st := s.Stats(); st.Notifications[NoteWelcome] != wantWelcomes || st.Members != wantMembers {
			t.Errorf("ResubscribeError=%t: welcomes %d, members %d; want %d, %d", strict,
				st.Notifications[NoteWelcome], st.Members, wantWelcomes, wantMembers)
		}
	}
}

func TestUnsubscribeAndDelete(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	for _, q := range []string{"userId=1&groupId=1001", "userId=2&groupId=1001", "userId=1&groupId=1002"} {
		wantStatus(t, subscribe(t, s, q+"&subscriptionMode=OPT_IN"), http.StatusNoContent)
	}
	wantStatus(t, groupCall(t, s, http.MethodPost, "membership/updateAttributes?userId=1&groupId=1001",
		[]wireAttribute{{"car", "red"}}), http.StatusOK)

	unsubscribe := func(q string) *httptest.ResponseRecorder {
		return groupCall(t, s, http.MethodPost, "membership/unsubscribe?"+q, nil)
	}
	wantStatus(t, unsubscribe("userId=1&groupId=1001&unsubscriptionMode=OPT_IN"), http.StatusNoContent)
	wantStatus(t, unsubscribe("userId=2&groupId=1001&unsubscriptionMode=CONFIRMED_OPT_IN"), http.StatusNoContent)
	if st := s.Stats(); st.Notifications[NoteUnsubscribe] != 1 {
		t.Errorf("unsubscribe confirmations %d, want 1 (OPT_IN is silent)", st.Notifications[NoteUnsubscribe])
	}
	for _, q := range []string{"userId=1&groupId=1001&unsubscriptionMode=OPT_IN", "userId=1&groupId=1001&unsubscriptionMode=OPT_IN"} {
		rec := unsubscribe(q)
		wantStatus(t, rec, http.StatusBadRequest)
		if e := envelope(t, rec); e.ErrorCode != engage.CodeNoSuchObject || e.ObjectType != "Membership" {
			t.Errorf("unsubscribe of a non-member: %+v", e)
		}
	}
	if e := envelope(t, unsubscribe("userId=2&groupId=1002&unsubscriptionMode=DOUBLE_OPT_IN")); e.ErrorCode != engage.CodeInvalidParameter {
		t.Errorf("unsubscriptionMode DOUBLE_OPT_IN: %+v, want INVALID_PARAMETER", e)
	}
	// Subscribing again starts without the member attributes of the earlier membership.
	wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=OPT_IN"), http.StatusNoContent)
	if m := membership(t, s, "userId=1&groupId=1001"); len(m.Attributes) != 2 {
		t.Errorf("membership after leaving and joining again: %+v, want no member attributes", m)
	}

	wantStatus(t, groupCall(t, s, http.MethodPost, "membership/delete?userId=1&groupId=1002", nil), http.StatusMethodNotAllowed)
	wantStatus(t, groupCall(t, s, http.MethodDelete, "membership/delete?userId=1&groupId=1002", nil), http.StatusNoContent)
	wantStatus(t, groupCall(t, s, http.MethodDelete, "membership/delete?userId=1&groupId=1002", nil), http.StatusBadRequest)
	if m := membership(t, s, "userId=1&groupId=1002"); m != nil {
		t.Errorf("after delete: %+v", m)
	}
	// Deleting the contact takes its memberships along.
	mustCall(t, s, "delete", map[string]string{"type": "ID", "value": "1"})
	if st := s.Stats(); st.Members != 0 {
		t.Errorf("after deleting the contact, %d members remain", st.Members)
	}
	if e := envelope(t, groupCall(t, s, http.MethodGet, "membership/get?userId=1&groupId=1001", nil)); e.ObjectType != "User" {
		t.Errorf("membership of a deleted contact: %+v, want the no-such-user refusal", e)
	}
}

func TestMemberAttributes(t *testing.T) {
	s := newTestServer(t, Options{})
	seedContacts(t, s)
	wantStatus(t, subscribe(t, s, "userId=1&groupId=1001&subscriptionMode=OPT_IN"), http.StatusNoContent)
	update := func(user string, attrs any) *httptest.ResponseRecorder {
		return groupCall(t, s, http.MethodPost, "membership/updateAttributes?userId="+user+"&groupId=1001", attrs)
	}
	wantStatus(t, update("1", []wireAttribute{{"car", "red"}, {"Seat", "12A"}, {"colour", "blue"}}), http.StatusOK)
	wantStatus(t, update("1", []wireAttribute{{"CAR", "green"}, {"colour", ""}}), http.StatusOK)
	m := membership(t, s, "userId=1&groupId=1001")
	want := []wireAttribute{{attrStatus, "ACTIVE"}, {attrMode, "OPT_IN"}, {"Seat", "12A"}, {"car", "green"}}
	if !reflect.DeepEqual(m.Attributes, want) {
		t.Errorf("attributes %v, want %v (upsert per attribute, first spelling, empty removes)", m.Attributes, want)
	}
	tests := []struct {
		name  string
		user  string
		attrs any
		code  string
		obj   string
	}{
		{"not a member", "2", []wireAttribute{{"car", "red"}}, engage.CodeNoSuchObject, "Membership"},
		{"no such contact", "9", []wireAttribute{{"car", "red"}}, engage.CodeNoSuchObject, "User"},
		{"no name", "1", []wireAttribute{{" ", "red"}}, engage.CodeInvalidParameter, ""},
		{"value too long", "1", []wireAttribute{{"car", strings.Repeat("x", 2001)}}, engage.CodeInvalidParameter, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := update(tt.user, tt.attrs)
			wantStatus(t, rec, http.StatusBadRequest)
			if e := envelope(t, rec); e.ErrorCode != tt.code || e.ObjectType != tt.obj {
				t.Errorf("envelope %+v, want %s %q", e, tt.code, tt.obj)
			}
		})
	}
	r := request(t.Context(), http.MethodPost, "/api/rest/v19/membership/updateAttributes?userId=1&groupId=1001", `{"name":"car"}`)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "JSON parse error") {
		t.Errorf("an object instead of a list: %d %s", rec.Code, rec.Body)
	}
}
