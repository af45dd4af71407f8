package engage_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/engage"
)

// TestAnswerAboutTheContactAskedFor: a create, update or get counts only when its answer names
// the contact asked for, compared the way Engage compares: email without regard to case and with
// the domain in Punycode, mobile numbers by their digits, aliases, external ids and contactIds
// exactly. Another contact in the answer, or none named, is an unreadable answer: transient, an
// unknown outcome for the caller to re-check.
func TestAnswerAboutTheContactAskedFor(t *testing.T) {
	ann := engage.Contact{Email: "ann@example.org", Mobile: "+4915100000001", Identifier: "crm-1"}
	tests := []struct {
		name   string
		call   contractCall
		answer string
		ok     bool
	}{
		{"create, same contact", callCreate(ann), `{"contactId":7,"emailAddress":"ann@example.org","mobileNumber":"+4915100000001","identifier":"crm-1"}`, true},
		{"create, email in other case", callCreate(ann), `{"contactId":7,"emailAddress":"Ann@Example.ORG"}`, true},
		{"create, mobile without +", callCreate(engage.Contact{Mobile: "+4915100000001"}), `{"contactId":7,"mobileNumber":"4915100000001"}`, true},
		{"create, domain in Punycode", callCreate(engage.Contact{Email: "jörg@müller.de"}), `{"contactId":7,"emailAddress":"jörg@xn--mller-kva.de"}`, true},
		{"create, mobile missing from the answer", callCreate(ann), `{"contactId":7,"emailAddress":"ann@example.org"}`, true},
		{"create, another email", callCreate(ann), `{"contactId":9,"emailAddress":"bob@example.org"}`, false},
		{"create, another mobile", callCreate(ann), `{"contactId":9,"emailAddress":"ann@example.org","mobileNumber":"+4915100000002"}`, false},
		{"create, another external id", callCreate(ann), `{"contactId":9,"emailAddress":"ann@example.org","identifier":"crm-2"}`, false},
		{"create, names nobody", callCreate(ann), `{"contactId":9}`, false},
		{"create, external id only", callCreate(ann), `{"contactId":9,"identifier":"crm-1"}`, false},
		{"update by email, same", callUpdate(engage.IdentEmail, ann), `{"contactId":7,"emailAddress":"ann@example.org"}`, true},
		{"update by email, another", callUpdate(engage.IdentEmail, ann), `{"contactId":9,"emailAddress":"bob@example.org"}`, false},
		{"update by email, no email", callUpdate(engage.IdentEmail, ann), `{"contactId":7,"mobileNumber":"+4915100000001"}`, false},
		{"update by mobile, another", callUpdate(engage.IdentMobile, ann), `{"contactId":7,"emailAddress":"ann@example.org","mobileNumber":"+4915100000009"}`, false},
		{"update by external id, another", callUpdate(engage.IdentExternal, ann), `{"contactId":7,"identifier":"crm-2","emailAddress":"ann@example.org"}`, false},
		{"update by external id, same", callUpdate(engage.IdentExternal, ann), `{"contactId":7,"identifier":"crm-1"}`, true},
		{"update by id, another id", callUpdate(engage.IdentID, engage.Contact{ContactID: 42, Email: "ann@example.org"}), `{"contactId":43,"emailAddress":"ann@example.org"}`, false},
		{"update by id, same", callUpdate(engage.IdentID, engage.Contact{ContactID: 42, Email: "ann@example.org"}), `{"contactId":42,"emailAddress":"ann@example.org"}`, true},
		{"get by email, same", callGet(engage.IdentEmail, "ANN@example.org"), `{"contactId":7,"emailAddress":"ann@example.org"}`, true},
		{"get by email, another", callGet(engage.IdentEmail, "ann@example.org"), `{"contactId":9,"emailAddress":"bob@example.org"}`, false},
		{"get by id, another", callGet(engage.IdentID, "42"), `{"contactId":43,"emailAddress":"ann@example.org"}`, false},
		{"get by alias, other case", callGet(engage.IdentAlias, "App1"), `{"contactId":7,"applicationAlias":"app1"}`, false},
		{"get by external id, none named", callGet(engage.IdentExternal, "crm-1"), `{"contactId":7,"emailAddress":"ann@example.org"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, tt.answer)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: contractUser, Password: contractPassword})
			if err != nil {
				t.Fatal(err)
			}
			_, err = tt.call(t.Context(), c)
			if tt.ok {
				if err != nil {
					t.Fatalf("err = %v, want the answer accepted", err)
				}
				return
			}
			var ue *engage.UnreadableError
			if !errors.As(err, &ue) || !ue.Other || !errors.Is(err, engage.ErrUnreadable) || engage.KindOf(err) != engage.KindTransient {
				t.Fatalf("err = %v, want an unreadable answer about another contact (transient)", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "another contact") || !strings.Contains(msg, "unknown") {
				t.Errorf("message %q does not say the answer is about another contact and the outcome unknown", msg)
			}
			for _, pd := range []string{"bob@", "ann@", "4915100000009", "crm-2"} {
				if strings.Contains(msg, pd) {
					t.Errorf("message %q quotes a value (%s)", msg, pd)
				}
			}
		})
	}
}

// TestAnswerMismatchClosesTheConnection: an answer about another contact means the connection's
// answers are out of step with its requests; the next call goes out on a new connection, and
// from then on each call on one of its own.
func TestAnswerMismatchClosesTheConnection(t *testing.T) {
	var mu sync.Mutex
	var addrs []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		addrs = append(addrs, r.RemoteAddr)
		n := len(addrs)
		mu.Unlock()
		email := "ann@example.org"
		if n == 2 {
			email = "bob@example.org"
		}
		io.WriteString(w, `{"contactId":7,"emailAddress":"`+email+`"}`)
	}))
	defer ts.Close()
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", HTTP: ts.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ann := &engage.Contact{Email: "ann@example.org"}
	for i, wantErr := range []bool{false, true, false, false} {
		_, err := c.Create(context.Background(), ann)
		if (err != nil) != wantErr {
			t.Fatalf("call %d: err = %v, want error %v", i+1, err, wantErr)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if addrs[0] != addrs[1] {
		t.Fatalf("calls 1 and 2 came on different connections (%s, %s); the test needs keep-alive", addrs[0], addrs[1])
	}
	if addrs[2] == addrs[1] {
		t.Errorf("call 3 came on the connection that gave an answer about another contact (%s)", addrs[2])
	}
	if addrs[3] == addrs[2] {
		t.Errorf("call 4 came on the connection of call 3 (%s): after an answer out of step, each call has a connection of its own", addrs[3])
	}
}

// TestRefusalAboutAnotherContact: "no such contact" and "contact exists" decide what is written
// next; one whose propertyValue is none of the identifiers sent belongs to another request and
// is an unreadable answer, while one naming the row's own value keeps its kind.
func TestRefusalAboutAnotherContact(t *testing.T) {
	ann := engage.Contact{Email: "ann@example.org", Mobile: "+4915100000001"}
	tests := []struct {
		name, code, property, value string
		call                        contractCall
		want                        error
	}{
		{"not found, own email", engage.CodeNoSuchObject, "identifier", "Ann@example.org", callUpdate(engage.IdentEmail, ann), engage.ErrNotFound},
		{"not found, another email", engage.CodeNoSuchObject, "identifier", "bob@example.org", callUpdate(engage.IdentEmail, ann), engage.ErrUnreadable},
		{"get not found, another email", engage.CodeNoSuchObject, "identifier", "bob@example.org", callGet(engage.IdentEmail, "ann@example.org"), engage.ErrUnreadable},
		{"not found, another shape", engage.CodeNoSuchObject, "objectId", "17", callGet(engage.IdentEmail, "ann@example.org"), engage.ErrNotFound},
		{"exists, own mobile", engage.CodeAlreadyExists, "mobileNumber", "4915100000001", callCreate(ann), engage.ErrExists},
		{"exists, another email", engage.CodeAlreadyExists, "emailAddress", "bob@example.org", callCreate(ann), engage.ErrUnreadable},
		{"exists, email of another field", engage.CodeAlreadyExists, "mobileNumber", "ann@example.org", callCreate(ann), engage.ErrUnreadable},
		{"exists, no value named", engage.CodeAlreadyExists, "", "", callCreate(ann), engage.ErrExists},
		{"exists, a field not judged", engage.CodeAlreadyExists, "contact", "42", callCreate(ann), engage.ErrExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"errorActor":"CLIENT","errorCode":"`+tt.code+`","objectType":"Contact","propertyName":"`+tt.property+`","propertyValue":"`+tt.value+`"}`)
			}))
			defer ts.Close()
			c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = tt.call(t.Context(), c)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
