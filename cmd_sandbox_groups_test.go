package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// emptyDB is a sandbox database file with the default groups and no contacts.
func emptyDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "empty.db")
	box, err := sandbox.New(sandbox.Options{DB: path})
	if err != nil {
		t.Fatal(err)
	}
	box.Close()
	return path
}

// TestSandboxServeGroups runs `sandbox serve --groups … --resubscribe-error`, drives the group
// calls through the client, and reads the group back with `sandbox export --group`.
func TestSandboxServeGroups(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sandbox.db")
	base, stop, stderr := startSandboxLogged(t, "--db", db, "--groups", "5=five, 6=old list:archived", "--resubscribe-error")
	if log := stderr.String(); !strings.Contains(log, `groups="5=five,6=old list:archived"`) ||
		!strings.Contains(log, "behaviour.resubscribe_error=true") {
		t.Errorf("start log %q, want the groups and the resubscribe switch", log)
	}
	c, err := engage.New(engage.Config{BaseURL: base, User: "sandbox", Password: "sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if g, err := c.Group(ctx, 5); err != nil || g.Name != "five" || g.Archived {
		t.Errorf("group 5: %+v, %v", g, err)
	}
	if _, err := c.Group(ctx, 1001); !errors.Is(err, engage.ErrNoSuchGroup) {
		t.Errorf("group 1001 with --groups given: %v, want ErrNoSuchGroup", err)
	}
	for _, ct := range []*engage.Contact{{Email: "ann@example.org", Identifier: "crm-1"}, {Mobile: "4915100000002"}} {
		if _, err := c.Create(ctx, ct); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Subscribe(ctx, 1, 6, engage.OptIn); !errors.Is(err, engage.ErrGroupArchived) {
		t.Errorf("subscribe into the archived group: %v", err)
	}
	if err := c.Subscribe(ctx, 1, 5, engage.OptIn); err != nil {
		t.Fatal(err)
	}
	if err := c.Subscribe(ctx, 1, 5, engage.OptIn); !errors.Is(err, engage.ErrAlreadyMember) {
		t.Errorf("subscribe a member with --resubscribe-error: %v, want ErrAlreadyMember", err)
	}
	if err := c.Subscribe(ctx, 2, 5, engage.DoubleOptIn); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateMemberAttributes(ctx, 1, 5, []engage.Attribute{{Name: "car", Value: "red, old"}}); err != nil {
		t.Fatal(err)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("serve exited %d", code)
	}

	var out, errOut bytes.Buffer
	if code := runSandbox(ctx, []string{"export", "--db", db, "--group", "5"}, noEnv, &out, &errOut); code != exitOK {
		t.Fatalf("export --group exited %d: %s", code, errOut.String())
	}
	const want = "contactId,emailAddress,mobileNumber,applicationAlias,identifier,subscriptionMode,status,car\n" +
		"1,ann@example.org,,,crm-1,OPT_IN,member,\"red, old\"\n" +
		"2,,4915100000002,,,DOUBLE_OPT_IN,invited,\n"
	if out.String() != want {
		t.Errorf("export --group 5:\n%s\nwant\n%s", out.String(), want)
	}
	// Exporting adds no groups to the database: the defaults are not there.
	out.Reset()
	if code := runSandbox(ctx, []string{"export", "--db", db, "--group", "1001"}, noEnv, &out, &errOut); code != exitStopped {
		t.Errorf("export --group 1001 exited %d, want %d: the defaults were never in this database", code, exitStopped)
	}
}

// TestSandboxServeDefaultGroups: without --groups the sandbox has the default groups and says so.
func TestSandboxServeDefaultGroups(t *testing.T) {
	base, _, stderr := startSandboxLogged(t)
	if log := stderr.String(); !strings.Contains(log, `groups="1001=newsletter,1002=customers,1003=archived:archived"`) ||
		!strings.Contains(log, "behaviour.resubscribe_error=false") {
		t.Errorf("start log %q, want the default groups", log)
	}
	c, err := engage.New(engage.Config{BaseURL: base, User: "sandbox", Password: "sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	if g, err := c.Group(t.Context(), 1003); err != nil || !g.Archived {
		t.Errorf("group 1003: %+v, %v; want archived", g, err)
	}
}
