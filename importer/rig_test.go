package importer_test

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/source"
	"contactimport/mapping"
)

// rig is a sandbox served over a socket, and a client for it that waits on its own throttle
// before every attempt, as the CLI wires them.
type rig struct {
	box    *sandbox.Server
	client *engage.Client
	th     *importer.Throttle
}

// newRig starts a sandbox with opts (credentials u/p) and a client at rate that logs in with
// password.
func newRig(t *testing.T, opts sandbox.Options, rate float64, password string) *rig {
	t.Helper()
	opts.User, opts.Password = "u", "p"
	box, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(box)
	t.Cleanup(func() { srv.Close(); box.Close() })
	th := importer.NewThrottle(importer.ThrottleConfig{Rate: rate})
	client, err := engage.New(engage.Config{BaseURL: srv.URL + "/api/rest/v19", User: "u", Password: password, BeforeAttempt: th.Wait})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{box: box, client: client, th: th}
}

// openAuto opens input as a source and auto-maps its header.
func openAuto(t *testing.T, input []byte) (*source.Reader, *mapping.Mapper) {
	t.Helper()
	src, err := source.Open(bytes.NewReader(input), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(nil, src.Header(), mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src, m
}
