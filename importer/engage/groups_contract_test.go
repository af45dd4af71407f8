package engage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// groupReasons are the sentinels of refused group calls; a *GroupError matches the one of its
// reason and no other (ErrNoContact also matches ErrNotMember).
var groupReasons = []error{engage.ErrNoSuchGroup, engage.ErrGroupArchived, engage.ErrNoContact,
	engage.ErrNotMember, engage.ErrAlreadyMember}

// checkGroupErr is checkErr for a group call, which also names its step and group and may match
// a group sentinel.
func checkGroupErr(t *testing.T, err error, want wantErr, reason error, prefix string) {
	t.Helper()
	checkErr(t, err, want)
	var ge *engage.GroupError
	if !errors.As(err, &ge) {
		t.Fatalf("error %q (%T) is not a *GroupError", err, err)
	}
	for _, r := range groupReasons {
		wantIs := r == reason || (r == engage.ErrNotMember && reason == engage.ErrNoContact)
		if got := errors.Is(err, r); got != wantIs {
			t.Errorf("errors.Is(%q, %v) = %v", err, r, got)
		}
	}
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q, want it to start with %q", err, prefix)
	}
	if want.code != "" && ge.Code() != want.code {
		t.Errorf("Code() = %q, want %q", ge.Code(), want.code)
	}
}

type groupCall func(ctx context.Context, c *engage.Client) error

func subscribeCall(user, group int64, mode engage.SubscriptionMode) groupCall {
	return func(ctx context.Context, c *engage.Client) error { return c.Subscribe(ctx, user, group, mode) }
}

func membershipCall(user, group int64) groupCall {
	return func(ctx context.Context, c *engage.Client) error {
		_, err := c.Membership(ctx, user, group)
		return err
	}
}

// TestContractGroupErrors is every refusal of the group and membership calls against the sandbox:
// bob (contact 2) is a member of group 1001, ann (contact 1) of none; 1003 is archived.
func TestContractGroupErrors(t *testing.T) {
	notFound := func(code string) wantErr { return wantErr{is: engage.ErrNotFound, status: 400, code: code} }
	invalid := func(param string) wantErr {
		return wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeInvalidParameter, param: param}
	}
	tests := []struct {
		name   string
		opts   sandbox.Options
		call   groupCall
		want   wantErr
		reason error
		prefix string
	}{
		{name: "check an unknown group", call: func(ctx context.Context, c *engage.Client) error { _, err := c.Group(ctx, 4242); return err },
			want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNoSuchGroup,
			prefix: "check group 4242: NO_SUCH_OBJECT: Group with groupId … cannot be found."},
		{name: "subscribe into an archived group", call: subscribeCall(1, 1003, engage.OptIn), want: invalid("groupId"),
			reason: engage.ErrGroupArchived, prefix: "subscribe to group 1003: INVALID_PARAMETER: Group with groupId … is archived."},
		{name: "subscribe into an unknown group", call: subscribeCall(1, 4242, engage.OptIn),
			want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNoSuchGroup, prefix: "subscribe to group 4242: "},
		{name: "subscribe an unknown contact", call: subscribeCall(99, 1001, engage.DoubleOptIn),
			want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNoContact,
			prefix: "subscribe to group 1001: NO_SUCH_OBJECT: User with id … does not exist."},
		{name: "subscribe with a mode Engage does not know", call: subscribeCall(1, 1001, "opt_in"),
			want: invalid("subscriptionMode"), prefix: "subscribe to group 1001: INVALID_PARAMETER"},
		{name: "subscribe a member, on a tenant where that is an error",
			opts: sandbox.Options{Behaviour: sandbox.Behaviour{ResubscribeError: true, ExistsAnswer: sandbox.ExistsText}},
			call: subscribeCall(2, 1001, engage.OptIn), want: wantErr{is: engage.ErrExists, status: 400, code: engage.CodeAlreadyExists},
			reason: engage.ErrAlreadyMember, prefix: "subscribe to group 1001: OBJECT_ALREADY_EXISTS: Membership"},
		{name: "membership of a non-member", call: membershipCall(1, 1001), want: notFound(engage.CodeNoSuchObject),
			reason: engage.ErrNotMember, prefix: "look up membership in group 1001: NO_SUCH_OBJECT"},
		{name: "membership of an unknown contact", call: membershipCall(99, 1001), want: notFound(engage.CodeNoSuchObject),
			reason: engage.ErrNoContact, prefix: "look up membership in group 1001: "},
		{name: "membership in an unknown group", call: membershipCall(2, 4242), want: notFound(engage.CodeNoSuchObject),
			reason: engage.ErrNoSuchGroup, prefix: "look up membership in group 4242: "},
		{name: "unsubscribe a non-member", call: func(ctx context.Context, c *engage.Client) error { return c.Unsubscribe(ctx, 1, 1001) },
			want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNotMember, prefix: "unsubscribe from group 1001: "},
		{name: "delete the membership of a non-member", call: func(ctx context.Context, c *engage.Client) error {
			return c.DeleteMembership(ctx, 1, 1001)
		}, want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNotMember, prefix: "delete membership in group 1001: "},
		{name: "member attributes of a non-member", call: func(ctx context.Context, c *engage.Client) error {
			return c.UpdateMemberAttributes(ctx, 1, 1001, []engage.Attribute{{Name: "car", Value: "red"}})
		}, want: notFound(engage.CodeNoSuchObject), reason: engage.ErrNotMember, prefix: "update member attributes in group 1001: "},
		{name: "member attribute too long", call: func(ctx context.Context, c *engage.Client) error {
			return c.UpdateMemberAttributes(ctx, 2, 1001, []engage.Attribute{{Name: "car", Value: strings.Repeat("x", 2001)}})
		}, want: invalid("car"), prefix: "update member attributes in group 1001: INVALID_PARAMETER"},
		{name: "wrong password", call: subscribeCall(2, 1001, engage.OptIn),
			want: wantErr{is: engage.ErrAuth, status: 403, code: "HTTP 403", text: "Forbidden"}, prefix: "subscribe to group 1001: HTTP 403"},
		{name: "throttled", opts: sandbox.Options{Rate: 3}, call: membershipCall(2, 1001), // the setup took this second's three
			want: wantErr{is: engage.ErrThrottled, status: 500, code: engage.CodeLimitExceeded}, prefix: "look up membership in group 1001: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, box := contractSandbox(t, tt.opts, nil)
			subscribeBob(t, box)
			if tt.name == "wrong password" {
				c = clientWith(t, c, func(cfg *engage.Config) { cfg.Password = contractPassword + "x" })
			}
			checkGroupErr(t, tt.call(t.Context(), c), tt.want, tt.reason, tt.prefix)
		})
	}
}

// subscribeBob makes bob (contact 2) a member of group 1001 straight through the sandbox.
func subscribeBob(t *testing.T, box *sandbox.Server) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/rest/v19/membership/subscribe?userId=2&groupId=1001&subscriptionMode=OPT_IN", nil)
	r.SetBasicAuth(contractUser, contractPassword)
	rec := httptest.NewRecorder()
	box.ServeHTTP(rec, r)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("subscribe bob: %d %s", rec.Code, rec.Body)
	}
}

// clientWith is a client for the same sandbox as c, its configuration changed by edit.
func clientWith(t *testing.T, c *engage.Client, edit func(*engage.Config)) *engage.Client {
	t.Helper()
	cfg := engage.Config{BaseURL: c.BaseURL(), User: contractUser, Password: contractPassword}
	edit(&cfg)
	out, err := engage.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestContractGroups is the happy path of every group call against the sandbox, in the order an
// import into a group makes them.
func TestContractGroups(t *testing.T) {
	c, box := contractSandbox(t, sandbox.Options{}, nil)
	ctx := t.Context()
	for _, want := range []engage.Group{{ID: 1001, Name: "newsletter"}, {ID: 1003, Name: "archived", Archived: true}} {
		g, err := c.Group(ctx, want.ID)
		if err != nil || *g != want {
			t.Errorf("Group(%d) = %+v, %v; want %+v", want.ID, g, err, want)
		}
	}
	membershipOf := func(user int64) *engage.Membership {
		t.Helper()
		m, err := c.Membership(ctx, user, 1001)
		if err != nil {
			t.Fatalf("Membership(%d, 1001): %v", user, err)
		}
		return m
	}

	if err := c.Subscribe(ctx, 1, 1001, engage.ConfirmedOptIn); err != nil {
		t.Fatalf("Subscribe ann: %v", err)
	}
	// Subscribing a member again is quiet on the default tenant.
	if err := c.Subscribe(ctx, 1, 1001, engage.OptIn); err != nil {
		t.Fatalf("Subscribe ann again: %v", err)
	}
	if m := membershipOf(1); m.Status() != engage.MemberActive || m.UserID != 1 || m.GroupID != 1001 {
		t.Errorf("ann: %+v, status %v; want a member", m, m.Status())
	}
	if err := c.UpdateMemberAttributes(ctx, 1, 1001, []engage.Attribute{{Name: "car", Value: "red"}, {Name: "seat", Value: "12A"}}); err != nil {
		t.Fatalf("UpdateMemberAttributes: %v", err)
	}
	if err := c.UpdateMemberAttributes(ctx, 1, 1001, []engage.Attribute{{Name: "car", Value: "blue"}}); err != nil {
		t.Fatalf("UpdateMemberAttributes: %v", err)
	}
	want := []engage.Attribute{{Name: "car", Value: "blue"}, {Name: "seat", Value: "12A"}}
	if got := membershipOf(1).MemberAttributes(); !reflect.DeepEqual(got, want) {
		t.Errorf("member attributes %v, want %v", got, want)
	}

	// Double opt-in: invited until the contact accepts.
	if err := c.Subscribe(ctx, 2, 1001, engage.DoubleOptIn); err != nil {
		t.Fatalf("Subscribe bob: %v", err)
	}
	if m := membershipOf(2); m.Status() != engage.MemberInvited {
		t.Errorf("bob before accepting: %v, want invited", m.Status())
	}
	rec := httptest.NewRecorder()
	box.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, sandbox.AcceptPath+"?userId=2&groupId=1001", nil))
	if rec.Code != http.StatusNoContent {
		t.Fatalf("accept: %d", rec.Code)
	}
	if m := membershipOf(2); m.Status() != engage.MemberActive {
		t.Errorf("bob after accepting: %v, want member", m.Status())
	}

	if err := c.Unsubscribe(ctx, 1, 1001); err != nil {
		t.Fatalf("Unsubscribe: %v", err)
	}
	if err := c.DeleteMembership(ctx, 2, 1001); err != nil {
		t.Fatalf("DeleteMembership: %v", err)
	}
	st := box.Stats()
	if st.Members != 0 || st.Notifications[sandbox.NoteWelcome] != 1 || st.Notifications[sandbox.NoteInvitation] != 1 ||
		st.Notifications[sandbox.NoteUnsubscribe] != 0 {
		t.Errorf("stats: members %d, notifications %v; want 0 and one welcome, one invitation, no unsubscribe confirmation",
			st.Members, st.Notifications)
	}
	if st.Calls() != 2 { // the two seeding creates
		t.Errorf("contact calls %d, want 2", st.Calls())
	}
}
