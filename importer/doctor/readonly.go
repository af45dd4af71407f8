package doctor

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"time"

	"contactimport/importer/engage"
)

// latencyCalls is how many getApiVersion calls measure the latency.
const latencyCalls = 3

// The names of the read-only checks, as findings show them.
const (
	checkConnection  = "connection"
	checkCredentials = "credentials"
	checkVersion     = "API version"
	checkLatency     = "latency"
)

// readOnly runs the checks without side effects. It reports whether the target can be probed:
// reached, credentials accepted, and the API answering.
func (r *run) readOnly(ctx context.Context) bool {
	var times []time.Duration
	var lastErr error
	for i := range latencyCalls {
		start := time.Now()
		v, err := r.c.APIVersion(ctx)
		r.res.Calls++
		took := time.Since(start)
		if r.interrupted(ctx) {
			return false
		}
		if i == 0 {
			if err != nil {
				r.firstCallFailed(err)
				return false
			}
			r.res.Version = v
			r.add(checkConnection, true, "reached "+r.where(), "the import can reach the target with these network settings")
			r.add(checkCredentials, true, "accepted", "the import can sign in")
			r.add(checkVersion, true, v, "the contact calls the import uses exist from REST v7 on; the version string is informational")
		}
		if err != nil {
			lastErr = err
			continue
		}
		times = append(times, took)
	}
	r.latency(times, lastErr)
	return true
}

// where names the target and how it was reached, for the connection finding.
func (r *run) where() string {
	u, err := url.Parse(r.c.BaseURL())
	if err != nil {
		return r.c.BaseURL()
	}
	if u.Scheme == "https" {
		return u.Host + " over HTTPS, certificate verified"
	}
	return u.Host + " over plain HTTP (no TLS: use https:// for a real tenant)"
}

// firstCallFailed turns the failure of the first call into the finding that explains it.
func (r *run) firstCallFailed(err error) {
	var ae *engage.APIError
	var ue *engage.UnreadableError
	switch {
	case isCertificate(err):
		r.add(checkConnection, false, "the server's TLS certificate is not trusted: "+describe(err),
			"no import can run; if the tenant sits behind a private certificate authority, pass its certificate with --ca-cert FILE")
	case errors.As(err, &ae) && ae.Kind == engage.KindAuth:
		r.add(checkConnection, true, "reached "+r.where(), "the import can reach the target with these network settings")
		r.add(checkCredentials, false, "refused ("+answer(err, nil)+")",
			"no import can run: check ENGAGE_USER and ENGAGE_PASSWORD; the user must be an Engage system user of type API or Hybrid")
	case errors.As(err, &ae) && ae.Kind == engage.KindEndpoint:
		r.add(checkConnection, false, "the URL does not lead to the Engage API: "+describe(err),
			"no import can run: set --url or ENGAGE_URL to the API base, like https://host/api/rest/v19")
	case errors.As(err, &ae):
		r.add(checkConnection, false, "the target answered "+answer(err, nil),
			"no import can run now: the target or a proxy in front of it fails; try again later")
	case errors.As(err, &ue):
		r.add(checkVersion, false, "the answer to getApiVersion is not a version ("+ue.Why+")",
			"the URL may lead to something other than the Engage API (a login page, a proxy): check --url or ENGAGE_URL")
	default:
		r.add(checkConnection, false, "could not reach the target: "+describe(err),
			"no import can run: check the URL, the network, and HTTPS_PROXY/NO_PROXY")
	}
}

// latency summarises the getApiVersion timings.
func (r *run) latency(times []time.Duration, lastErr error) {
	if len(times) == 0 {
		r.add(checkLatency, false, "not measured: "+describe(lastErr), "the target answers unreliably; try again later")
		return
	}
	slices.Sort(times)
	ms := func(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }
	med := times[len(times)/2]
	found := fmt.Sprintf("min %s, median %s, max %s over %d getApiVersion calls", ms(times[0]), ms(med), ms(times[len(times)-1]), len(times))
	if lastErr != nil {
		found += fmt.Sprintf("; %d failed (%s)", latencyCalls-len(times), describe(lastErr))
	}
	meaning := "the time per call does not limit the import: it keeps several calls in flight"
	if r.opts.Rate > 0 {
		need := int(math.Ceil(r.opts.Rate * med.Seconds()))
		meaning = fmt.Sprintf("at --rate %g the import needs about %d calls in flight at once to keep its pace", r.opts.Rate, max(need, 1))
	}
	r.add(checkLatency, true, found, meaning)
}

// isCertificate reports whether err is a failed TLS certificate check.
func isCertificate(err error) bool {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid) || errors.As(err, &verify)
}
