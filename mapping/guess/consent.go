package guess

import (
	"fmt"
	"slices"
	"strings"

	"contactimport/mapping"
)

// A consent column says whether a person may be mailed. Its polarity tells what a yes means:
// an opt-out column's yes (or any value) marks someone who must not be mailed; a consent
// column's yes marks someone who may, and its no or empty cell someone who may not.
const (
	optOut  = "opt-out"
	consent = "consent"
)

// consentWords recognises a consent or opt-out column by its header words. Timestamps of such
// columns are skipped: the state column beside them decides.
func consentWords(s wordSet) (known, bool) {
	neg := s.contains("optout", "optedout", "unsub", "donotemail", "donotmail", "donotcontact",
		"suppress", "blacklist", "blocklist", "bounce", "spam", "complain", "werbesperre", "abgemeldet",
		"abmeldung", "désinscri", "desinscri", "cleaned") || s.has("cleantime")
	pos := s.contains("consent", "optin", "optedin", "subscri", "einwilligung",
		"permission", "acceptsemail", "acceptsmarketing", "emailmarketing", "bulkemail", "allowemail",
		"marketingemail", "zustimmung", "werbung")
	if !neg && !pos {
		return known{}, false
	}
	if s.contains("timestamp", "zeitstempel") || s.has("time", "date", "datum", "updated", "reason", "campaign", "source", "method", "ip", "at", "on", "since", "seit") {
		if neg && !s.has("reason", "campaign", "source", "method", "ip") {
			// When someone unsubscribed or was suppressed: a date there marks them (Mailchimp's
			// UNSUB_TIME), unless a state column beside it decides (see sibling).
			return known{kind: kSkipTime, note: "when the contact opted out or was suppressed", reason: "opted out or suppressed"}, true
		}
		return known{kind: kSkip, note: "when or why consent was given or withdrawn; the state itself decides"}, true
	}
	k := known{kind: kConsent, note: "consent to email", polarity: consent}
	if neg {
		k.polarity, k.note = optOut, "marks people who must not be mailed"
	}
	if s.has("sms", "text", "phone", "mobile", "whatsapp", "push", "post", "mail", "call", "fax") && !s.contains("email") {
		k.channel = "sms"
		if !s.has("sms", "text", "mobile", "phone", "whatsapp") {
			k.channel = "other"
		}
	}
	return k, true
}

// The values consent and opt-out columns are written with, after strings.ToLower. Consent
// values are a fixed vocabulary: they may be written into a draft as they are.
var (
	notMailable = map[string]bool{
		"unsubscribed": true, "never_subscribed": true, "never subscribed": true, "neversubscribed": true,
		"not_subscribed": true, "not subscribed": true, "non_subscribed": true, "nonsubscribed": true,
		"cleaned": true, "bounced": true, "hard_bounce": true, "hard bounce": true, "soft_bounce": true,
		"suppressed": true, "unsubscribe": true, "spam_complaint": true, "spam complaint": true,
		"spam": true, "complained": true, "invalid_email": true, "opted out": true, "opted-out": true,
		"optedout": true, "opt-out": true, "opt out": true, "do not allow": true, "do not email": true,
		"donotallow": true, "blocklisted": true, "blacklisted": true, "blocked": true, "pending": true,
		"transactional": true, "non-marketing": true, "non marketing": true, "nonmarketing": true,
		"abgemeldet": true, "gesperrt": true, "unconfirmed": true, "declined": true, "denied": true,
		"revoked": true, "withdrawn": true, "user_suppressed": true, "non-subscribed": true,
	}
	mailable = map[string]bool{
		"subscribed": true, "opted in": true, "opted-in": true, "opt-in": true, "opt in": true,
		"optedin": true, "allow": true, "allowed": true, "confirmed": true, "single opt-in": true,
		"double opt-in": true, "granted": true, "given": true, "angemeldet": true,
		"marketing": true, "subscriber": true,
	}
)

// consentColumn turns a consent or opt-out column into skip_rows conditions: the rows of
// people who must not be mailed are left out, with the reason in words. A channel other than
// the identifier's (SMS consent on an email list) does not decide who is imported.
func (g *guesser) consentColumn(c *ColumnGuess, st *columnStats, k known) {
	*c = skipped(*c, k.note)
	channel := "email"
	if g.d.Identifier == "mobile" {
		channel = "sms"
	}
	if k.channel != "" && k.channel != channel || k.channel == "" && channel == "sms" {
		c.Note = fmt.Sprintf("consent for another channel than %s; it does not decide who is imported", channel)
		return
	}
	who := g.d.System
	reason := func(what string) string {
		if k.reason != "" {
			what = k.reason
		}
		if src := systemName(who); src != "" {
			return what + " (" + src + ")"
		}
		return what
	}
	if g.consentShapes(c, st, k, reason) {
		return
	}
	no, yes, unknown := sortConsent(st, k)
	n := 0
	for _, v := range no {
		n += st.counts[v]
	}
	switch {
	case k.polarity == optOut && len(yes) == 0 && !st.all(st.bools):
		// Reasons or marks of any kind (Klaviyo's UNSUBSCRIBE, HARD_BOUNCE): any value leaves the row out.
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, NotEmpty: true,
			Reason: reason("marked as not to be mailed"), Note: fmt.Sprintf("set in %s", g.share(st, st.nonEmpty))})
		return
	case len(unknown) > 0:
		c.TODO = fmt.Sprintf("%d of its values are not consent words I know: add those that mean no consent to a skip_rows condition (until then those rows are imported)", len(unknown))
	}
	if g.s.Group != 0 && len(unknown) == 0 && !g.taken[mapping.TargetKey("subscription")] {
		g.subscription(c, st, k, no, yes)
		return
	}
	if len(no) > 0 {
		what := "did not consent to email"
		if k.polarity == optOut {
			what = "opted out of email"
		}
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, Values: no, Reason: reason(what),
			Note: fmt.Sprintf("%s in %s", strings.Join(no, ", "), g.share(st, n))})
	} else {
		c.Note += "; no row sampled marks someone who must not be mailed"
	}
	if k.polarity == consent && st.nonEmpty < st.cells {
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, Empty: true, Reason: "no consent given",
			Note: fmt.Sprintf("empty in %s: an unticked box or no answer", g.share(st, st.cells-st.nonEmpty))})
	}
}

// systemName is the system's own name in a draft's System phrase ("a Klaviyo profile export").
func systemName(system string) string {
	f := strings.Fields(system)
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// saysNo reports whether v marks someone who must not be mailed, in a column of polarity k.
func saysNo(v string, k known) bool {
	l := strings.ToLower(v)
	b, isBool := yesNoWords[l]
	return notMailable[l] || isBool && b == (k.polarity == optOut)
}

// sibling returns the consent column whose header starts the header of column i (Klaviyo's
// "Email Suppressions" beside "Email Suppressions Timestamp"), or -1.
func (g *guesser) sibling(i int) int {
	key := headerKey(g.s.Header[i])
	for j, k := range g.kinds {
		if j != i && k == kConsent && strings.HasPrefix(key, headerKey(g.s.Header[j])) {
			return j
		}
	}
	return -1
}

// subscription makes a consent column the row's decision about the group (init --group): who
// must not be mailed leaves it (unsubscribe), who consented joins it; an empty cell means no
// consent in a consent column, nothing said in an opt-out one.
func (g *guesser) subscription(c *ColumnGuess, st *columnStats, k known, no, yes []string) {
	g.claim("subscription")
	c.Skip, c.Target = false, "subscription"
	for _, v := range st.order {
		decision := "subscribe"
		if slices.Contains(no, v) {
			decision = "unsubscribe"
		}
		c.Values = append(c.Values, [2]string{v, decision})
	}
	c.Default = "subscribe"
	if k.polarity == consent {
		c.Default = "unsubscribe"
	}
	n := 0
	for _, v := range no {
		n += st.counts[v]
	}
	c.Note = fmt.Sprintf("%s; %s say no: they are imported but not members of the group (unsubscribe), an empty cell: %s", k.note, g.share(st, n), c.Default)
}

// consentValues reports whether a column's values are consent states (Mailchimp's Status:
// subscribed, unsubscribed, cleaned, pending), at least one of them a "no": whatever its header
// says, it decides who may be mailed.
func consentValues(st *columnStats) bool {
	if st.many || len(st.order) == 0 {
		return false
	}
	no := false
	for _, v := range st.order {
		l := strings.ToLower(v)
		if !notMailable[l] && !mailable[l] {
			return false
		}
		no = no || notMailable[l]
	}
	return no
}

// sortConsent sorts a consent column's values: those that mark someone who must not be mailed,
// those that do not, and those it does not know.
func sortConsent(st *columnStats, k known) (no, yes, unknown []string) {
	for _, v := range st.order {
		l := strings.ToLower(v)
		b, isBool := yesNoWords[l]
		switch {
		case notMailable[l], isBool && b == (k.polarity == optOut):
			no = append(no, v)
		case mailable[l], isBool:
			yes = append(yes, v)
		default:
			unknown = append(unknown, v)
		}
	}
	return no, yes, unknown
}

// consentShapes handles the consent columns whose values are no short list of states: a form's
// checkbox (one answer, empty when unticked), and columns of many values (dates, reasons). It
// reports whether it decided the column.
func (g *guesser) consentShapes(c *ColumnGuess, st *columnStats, k known, reason func(string) string) bool {
	if k.polarity == consent && len(st.distinct) == 1 && st.nonEmpty < st.cells && (st.many || !saysNo(st.order[0], k)) {
		// A form's checkbox: ticked is one text (however long), unticked is empty.
		c.Note = fmt.Sprintf("a consent box: ticked in %s, one answer, empty otherwise", g.share(st, st.nonEmpty))
		g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, Empty: true, Reason: "consent box not ticked",
			Note: fmt.Sprintf("empty in %s", g.share(st, st.cells-st.nonEmpty))})
		return true
	}
	if st.many {
		if k.polarity == optOut {
			g.d.SkipRows = append(g.d.SkipRows, SkipRowGuess{Column: c.Name, NotEmpty: true,
				Reason: reason("marked as not to be mailed"), Note: fmt.Sprintf("set in %s", g.share(st, st.nonEmpty))})
			return true
		}
		c.TODO = fmt.Sprintf("%s were seen: add a skip_rows condition for the ones that mean no consent (until then everybody is imported)", st.distinctWords())
		return true
	}
	return false
}
