package engage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Sentinels for errors.Is on a *GroupError: what a refusal of a group or membership call is
// about. They come on top of the kind sentinels (ErrNotFound, ErrInvalid, ...), which still match.
var (
	ErrNoSuchGroup   = errors.New("group does not exist")
	ErrGroupArchived = errors.New("group is archived")
	// ErrNoContact is "User with id … does not exist": the contactId names no contact. Such a
	// contact is no member either, so the error also matches ErrNotMember.
	ErrNoContact     = errors.New("no contact with this contactId")
	ErrNotMember     = errors.New("contact is not a member of the group")
	ErrAlreadyMember = errors.New("contact is already in the group")
)

// The operations of the group calls, as GroupError.Op and APIError.Op name them.
const (
	opCheck       = "check group"
	opSubscribe   = "subscribe"
	opUnsubscribe = "unsubscribe"
	opMembership  = "get membership"
	opDelete      = "delete membership"
	opAttributes  = "update member attributes"
)

// groupOp is one group call: what it does and in which group.
type groupOp struct {
	verb  string
	group int64
}

func (o groupOp) unreadable(why string) *GroupError {
	return &GroupError{Op: o.verb, Group: o.group, Err: &UnreadableError{Op: o.verb, Status: http.StatusOK, Why: why}}
}

// GroupError is a failed group or membership call. Err is the *APIError, *TransportError or
// *UnreadableError beneath (so KindOf and the kind sentinels work as for contact calls), and
// Reason the group sentinel the refusal matches, if any.
type GroupError struct {
	Op     string // "check group", "subscribe", "unsubscribe", "get membership", "delete membership", "update member attributes"
	Group  int64
	Reason error // ErrNoSuchGroup, ErrGroupArchived, ErrNoContact, ErrNotMember, ErrAlreadyMember or nil
	Err    error
}

// Error names the step and the group, then the cause: "subscribe to group 1001: NO_SUCH_OBJECT:
// User with id … does not exist." Values Engage repeats are taken out, as for contact calls.
func (e *GroupError) Error() string {
	var what string
	switch e.Op {
	case opCheck:
		what = "check group"
	case opSubscribe:
		what = "subscribe to group"
	case opUnsubscribe:
		what = "unsubscribe from group"
	case opMembership:
		what = "look up membership in group"
	default:
		what = e.Op + " in group"
	}
	return fmt.Sprintf("%s %d: %s", what, e.Group, cause(e.Err))
}

// cause is err's message without the "<op> contact: " that the contact call types start with.
func cause(err error) string {
	var ae *APIError
	var te *TransportError
	var ue *UnreadableError
	switch {
	case errors.As(err, &ae):
		return strings.TrimPrefix(ae.Error(), ae.Op+" contact: ")
	case errors.As(err, &te):
		return te.Err.Error()
	case errors.As(err, &ue):
		return fmt.Sprintf("the HTTP %d answer cannot be used (%s), so whether the call took effect is unknown", ue.Status, ue.Why)
	}
	return err.Error()
}

func (e *GroupError) Unwrap() error { return e.Err }

// Is matches the Reason; ErrNoContact also matches ErrNotMember.
func (e *GroupError) Is(target error) bool {
	return target != nil && (target == e.Reason || (target == ErrNotMember && e.Reason == ErrNoContact))
}

// Code is the machine code for reports: Engage's errorCode or "HTTP <status>", CodeUnreadable,
// or "" for a failure without an answer.
func (e *GroupError) Code() string {
	var ae *APIError
	if errors.As(e.Err, &ae) {
		return ae.Code()
	}
	if errors.Is(e.Err, ErrUnreadable) {
		return CodeUnreadable
	}
	return ""
}

// send makes one attempt at a group call, with the contact calls' credentials, User-Agent,
// BeforeAttempt and redirect policy. in, when not nil, goes as the JSON body. It returns the body
// of a 2xx answer; every failure is a *GroupError.
func (c *Client) send(ctx context.Context, op groupOp, method, path string, q url.Values, in any) ([]byte, error) {
	data, _, err := c.exchange(ctx, op.verb, method, path, q, in)
	var ae *APIError
	switch {
	case err == nil:
		return data, nil
	case errors.As(err, &ae) && (ae.Status < 300 || ae.Status > 399):
		return nil, &GroupError{Op: op.verb, Group: op.group, Reason: reasonOf(op.verb, ae, foldText(bodyText(bytes.TrimSpace(data)))), Err: ae}
	}
	return nil, &GroupError{Op: op.verb, Group: op.group, Err: err}
}

// reasonOf tells what a refused group call is about. Engage's objectType decides where it is
// given ("Group", "User", "Membership"); otherwise the text does, since Mapp documents only texts
// for these answers ("Group with groupId cannot be found", "User with id does not exist", the
// group being archived), and last the kind of the answer on calls where it can mean one thing.
func reasonOf(op string, ae *APIError, text string) error {
	if ae.Status < 400 || ae.Status > 499 || ae.Kind == KindAuth || ae.Kind == KindEndpoint {
		return nil
	}
	missing := strings.Contains(text, "cannot be found") || strings.Contains(text, "not found") ||
		strings.Contains(text, "does not exist")
	switch strings.ToLower(ae.Body.ObjectType) {
	case "group":
		if strings.Contains(text, "archived") {
			return ErrGroupArchived
		}
		return ErrNoSuchGroup
	case "user", "contact":
		return ErrNoContact
	case "membership":
		if ae.Kind == KindExists {
			return ErrAlreadyMember
		}
		return ErrNotMember
	}
	switch {
	case strings.Contains(text, "archived"):
		return ErrGroupArchived
	case strings.Contains(text, "user with id") && missing:
		return ErrNoContact
	case strings.Contains(text, "not a member") || (strings.Contains(text, "membership") && missing):
		return ErrNotMember
	case strings.Contains(text, "group") && missing:
		return ErrNoSuchGroup
	case op == opSubscribe && ae.Kind == KindExists:
		return ErrAlreadyMember
	case op == opCheck && ae.Kind == KindNotFound:
		return ErrNoSuchGroup
	case op != opSubscribe && op != opCheck && ae.Kind == KindNotFound:
		return ErrNotMember
	}
	return nil
}
