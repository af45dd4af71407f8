package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestSandboxServeBehaviourFlags starts `sandbox serve` as the strictest tenant and as the default
// one, and checks the start log line and the answers each flag changes, over HTTP.
func TestSandboxServeBehaviourFlags(t *testing.T) {
	type exchange struct {
		name         string
		method, path string
		body         string
		status       int
		answer       string // substring of the answer
	}
	seed := exchange{"seed", http.MethodPost, "/contact/create",
		`{"emailAddress":"ann@example.org","attributes":[{"name":"Tier","value":"gold"}]}`, 200, `"contactId":1`}
	tests := []struct {
		name      string
		args      []string
		log       string
		exchanges []exchange
	}{
		{"default", nil,
			"behaviour.update=merge behaviour.custom_attributes=either behaviour.known_attributes=any " +
				"behaviour.require_unified_identifier=false behaviour.exists_answer=envelope",
			[]exchange{
				seed,
				{"exists", http.MethodPost, "/contact/create", `{"emailAddress":"ann@example.org"}`, 400, `"errorCode":"OBJECT_ALREADY_EXISTS"`},
				{"prefixed name", http.MethodPost, "/contact/update?identifierType=EMAIL",
					`{"emailAddress":"ann@example.org","attributes":[{"name":"user.CustomAttribute.Colour","value":"red"}]}`, 200, `"name":"Tier"`},
				{"merge keeps Tier", http.MethodPost, "/contact/update?identifierType=EMAIL",
					`{"emailAddress":"ann@example.org"}`, 200, `{"name":"Tier","value":"gold"}`},
			}},
		{"strict", []string{"--update", "replace", "--custom-attributes", "bare", "--known-attributes", "Tier, Shoe Size",
			"--require-unified-identifier", "--exists-answer", "text"},
			"behaviour.update=replace behaviour.custom_attributes=bare behaviour.known_attributes=\"Tier,Shoe Size\" " +
				"behaviour.require_unified_identifier=true behaviour.exists_answer=text",
			[]exchange{
				seed,
				{"exists", http.MethodPost, "/contact/create", `{"emailAddress":"ann@example.org"}`, 400, "Such contact already exists"},
				{"no unifiedIdentifierName", http.MethodPost, "/contact/update?identifierType=EMAIL",
					`{"emailAddress":"ann@example.org"}`, 400, "Parameter unifiedIdentifierName and identifierType are mandatory"},
				{"prefixed name", http.MethodPost, "/contact/update?identifierType=EMAIL&unifiedIdentifierName=ann%40example.org",
					`{"emailAddress":"ann@example.org","attributes":[{"name":"user.CustomAttribute.Tier","value":"red"}]}`,
					400, "Attribute with name=user.CustomAttribute.Tier does not exist."},
				{"unknown name", http.MethodPost, "/contact/update?identifierType=EMAIL&unifiedIdentifierName=ann%40example.org",
					`{"emailAddress":"ann@example.org","attributes":[{"name":"Colour","value":"red"}]}`,
					400, "Attribute with name=Colour does not exist."},
				{"replace drops Tier", http.MethodPost, "/contact/update?identifierType=EMAIL&unifiedIdentifierName=ann%40example.org",
					`{"emailAddress":"ann@example.org","attributes":[{"name":"shoe size","value":"38"}]}`, 200, `"attributes":[{"name":"Shoe Size","value":"38"}]`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, _, stderr := startSandboxLogged(t, tt.args...)
			if log := stderr.String(); !strings.Contains(log, tt.log) {
				t.Errorf("start log %q, want it to contain %q", log, tt.log)
			}
			version := exchange{"version", http.MethodGet, "/system/getApiVersion", "", 200, `"0.95"`}
			for _, ex := range append(tt.exchanges, version) {
				// Unversioned, as the sandbox also serves it.
				url := strings.TrimSuffix(base, "/v19") + ex.path
				req, err := http.NewRequestWithContext(t.Context(), ex.method, url, strings.NewReader(ex.body))
				if err != nil {
					t.Fatal(err)
				}
				req.SetBasicAuth("sandbox", "sandbox")
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatalf("%s: %v", ex.name, err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != ex.status || !strings.Contains(string(body), ex.answer) {
					t.Errorf("%s: %d %s, want %d with %q", ex.name, resp.StatusCode, body, ex.status, ex.answer)
				}
			}
		})
	}
}
