package doctor

import (
	"errors"
	"fmt"
	"strings"

	"contactimport/importer/engage"
)

// maxQuoted caps how much of a tenant's text a finding quotes.
const maxQuoted = 120

// answer spells the tenant's answer in err the way the profile keeps it: "HTTP 400
// OBJECT_ALREADY_EXISTS", "HTTP 400 text: Such contact already exists", with the values in
// hide (the probe's address and number) taken out. An error that is not an answer is described.
func answer(err error, hide []string) string {
	var ae *engage.APIError
	if !errors.As(err, &ae) {
		return describe(err)
	}
	s := fmt.Sprintf("HTTP %d", ae.Status)
	switch {
	case ae.Body.ErrorCode != "":
		s += " " + ae.Body.ErrorCode
	case ae.Text != "":
		s += " text: " + quote(ae.Text, hide)
	case ae.Body.Message != "":
		s += " message: " + quote(ae.Body.Message, hide)
	}
	return s
}

// detail is answer plus the message of an error envelope, for findings a person reads.
func detail(err error, hide []string) string {
	s := answer(err, hide)
	var ae *engage.APIError
	if errors.As(err, &ae) && ae.Body.ErrorCode != "" && ae.Body.Message != "" {
		msg := ae.Body.Message
		for _, v := range []string{ae.Body.PropertyValue, ae.Body.Value} {
			if v != "" {
				msg = strings.ReplaceAll(msg, v, "…")
			}
		}
		s += ": " + quote(msg, hide)
	}
	return s
}

// describe is an error for a finding: its text, which engage keeps free of personal data.
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return quote(err.Error(), nil)
}

// quote shortens s and takes the values in hide out of it.
func quote(s string, hide []string) string {
	for _, h := range hide {
		if h != "" {
			s = strings.ReplaceAll(s, h, "…")
			s = strings.ReplaceAll(s, strings.ToLower(h), "…")
		}
	}
	if r := []rune(s); len(r) > maxQuoted {
		s = string(r[:maxQuoted]) + "…"
	}
	return s
}
