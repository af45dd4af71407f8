package doctor

import (
	"bytes"
	"strings"
	"testing"
)

// TestDoctorOutputLeftoverGroup: a probe contact left behind that may still be a member of the
// group is named with the group, so that whoever removes it knows where to look.
func TestDoctorOutputLeftoverGroup(t *testing.T) {
	var b bytes.Buffer
	out := &Output{W: &b, Target: "https://host/api/rest/v19"}
	out.Print(&Result{Leftovers: []Leftover{
		{Email: "probe@example.org", ContactID: 42, Group: 1001},
		{Email: "probe@example.org", ContactID: 43},
	}})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := []string{
		"REMOVE   delete the probe contact probe@example.org (contactId 42, perhaps still a member of group 1001) in Mapp by hand",
		"REMOVE   delete the probe contact probe@example.org (contactId 43) in Mapp by hand",
	}
	if len(lines) != 3 || lines[1] != want[0] || lines[2] != want[1] {
		t.Errorf("output\n%s\nwant the target line, then\n%s", b.String(), strings.Join(want, "\n"))
	}
}
