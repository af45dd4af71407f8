package main

import (
	"contactimport/importer/engage/sandbox"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"
)

// serveBehaviour holds the flags of `sandbox serve` that choose the reading of Engage's
// documentation the sandbox plays.
type serveBehaviour struct {
	update, naming, exists *string
	require, resubscribe   *bool
	known                  []string // nil unless --known-attributes was given
	defs                   *serveDefinitions
}

// behaviourFlags defines those flags on flags; read them with behaviour after Parse.
func behaviourFlags(flags *flag.FlagSet) *serveBehaviour {
	b := &serveBehaviour{defs: definitionFlags(flags)}
	b.update = flags.String("update", string(sandbox.UpdateMerge), "`mode` of contact/update: merge keeps what the body leaves out, replace\n"+
		"removes it: the attributes, and mobileNumber, applicationAlias, identifier and\n"+
		"emailAddress unless the contact was found by it")
	b.naming = flags.String("custom-attributes", string(sandbox.NamingEither), "`naming` of custom attributes on the tenant: bare (Tier),\n"+
		"prefixed (user.CustomAttribute.Tier) or either; a name in the other spelling is refused\n"+
		"as an unknown attribute")
	flags.Func("known-attributes", "comma-separated `names` of the only custom attributes the tenant has; others\n"+
		"are refused with 400 INVALID_PARAMETER (default: any name; \"\": none)", func(v string) error {
		b.known = []string{}
		if strings.TrimSpace(v) != "" {
			for name := range strings.SplitSeq(v, ",") {
				b.known = append(b.known, strings.TrimSpace(name))
			}
		}
		return nil
	})
	b.require = flags.Bool("require-unified-identifier", false,
		"refuse contact/update without a unifiedIdentifierName query parameter (400 MISSING_PARAMETER)")
	b.exists = flags.String("exists-answer", string(sandbox.ExistsEnvelope), "`answer` to \"contact exists\": envelope (JSON,\n"+
		"OBJECT_ALREADY_EXISTS) or text (a bare text/plain 400 \"Such contact already exists\")")
	b.resubscribe = flags.Bool("resubscribe-error", false,
		"answer membership/subscribe of a contact already in the group with 400 OBJECT_ALREADY_EXISTS\n"+
			"(default: a quiet 204 that changes nothing)")
	return b
}

// behaviour returns the Behaviour the flags ask for, or the usage error in them.
func (b *serveBehaviour) behaviour() (sandbox.Behaviour, string) {
	out := sandbox.Behaviour{Update: sandbox.UpdateMode(*b.update), CustomAttributes: sandbox.Naming(*b.naming),
		KnownCustomAttributes: b.known, RequireUnifiedIdentifierName: *b.require, ExistsAnswer: sandbox.ExistsAnswer(*b.exists),
		ResubscribeError: *b.resubscribe}
	oneOf := func(v string, values ...string) bool { return slices.Contains(values, v) }
	switch {
	case !oneOf(*b.update, "merge", "replace"):
		return out, fmt.Sprintf("--update %q is not merge or replace", *b.update)
	case !oneOf(*b.naming, "bare", "prefixed", "either"):
		return out, fmt.Sprintf("--custom-attributes %q is not bare, prefixed or either", *b.naming)
	case !oneOf(*b.exists, "envelope", "text"):
		return out, fmt.Sprintf("--exists-answer %q is not envelope or text", *b.exists)
	}
	if err := b.defs.apply(&out); err != nil {
		return out, err.Error()
	}
	if err := out.Validate(); err != nil {
		return out, "--known-attributes: " + err.Error()
	}
	return out, ""
}

// serveDefinitions holds the flags of `sandbox serve` about attribute definitions.
type serveDefinitions struct {
	file     *string
	unlisted *bool
	visible  *time.Duration
}

func definitionFlags(flags *flag.FlagSet) *serveDefinitions {
	return &serveDefinitions{
		file: flags.String("definitions", "", "JSON `file` of the tenant's profile attribute definitions, in the shape\n"+
			"profileAttributes/list answers (name, dataType, enumeratedValues, technical, archived; a\n"+
			"technical one may carry a \"value\" the tenant sets on new contacts); values are enforced on writes"),
		unlisted: flags.Bool("no-definitions", false, "play a tenant older than the attribute definition calls (404)"),
		visible:  flags.Duration("visible-after", 0, "`delay` before contact/get shows an update (asynchronous saving)"),
	}
}

// apply sets what the flags ask for on b.
func (d *serveDefinitions) apply(b *sandbox.Behaviour) error {
	b.Definitions.Unlisted = *d.unlisted
	b.Definitions.VisibleAfter = *d.visible
	if *d.file == "" {
		return nil
	}
	defs, err := sandbox.ReadDefinitions(*d.file)
	if err != nil {
		return fmt.Errorf("--definitions: %w", err)
	}
	b.Definitions.Profile = defs
	return nil
}

// sftpFlags are sandbox serve's flags for the file road: the SFTP server and the import
// automations that read from it.
type sftpFlags struct {
	addr  string
	dir   string
	autos []sandbox.Automation
	given bool // --automations was given
}

func addSFTPFlags(flags *flag.FlagSet) *sftpFlags {
	f := &sftpFlags{autos: sandbox.DefaultAutomations()}
	flags.StringVar(&f.addr, "sftp", "", "also serve SFTP on `address` (e.g. 127.0.0.1:2222) and the import automations that read from it")
	flags.StringVar(&f.dir, "sftp-dir", "contactimport-sandbox-sftp", "the SFTP server's data `directory`: host key, client key, authorized_keys, files/")
	flags.Func("automations", "import automations `ID:DIR:MODE[:GROUP],…`, MODE add|update|add-and-update, DIR under files/\n"+
		"(default \""+sandbox.FormatAutomations(f.autos)+"\")", func(v string) error {
		var err error
		f.autos, err = sandbox.ParseAutomations(v)
		f.given = true
		return err
	})
	return f
}

// problem says what is wrong with the flags given together, "" when nothing is.
func (f *sftpFlags) problem() string {
	if f.given && f.addr == "" {
		return "--automations needs --sftp: they import the files uploaded to it"
	}
	return ""
}
