package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"contactimport/importer"
	"contactimport/importer/engage"
)

// groupFlags adds the flags of a run into a group to import and retry.
func groupFlags(fs *flag.FlagSet, o *options) {
	fs.Func("group", "also make every contact a member of the Engage group with this `ID` (default: the mapping's group:)", func(s string) error {
		var id int64
		if _, err := fmt.Sscan(strings.TrimSpace(s), &id); err != nil || id < 1 || fmt.Sprint(id) != strings.TrimSpace(s) {
			return errors.New("want a group id, a positive number as Engage shows it")
		}
		o.group = id
		return nil
	})
	fs.StringVar(&o.subscription, "subscription", "", "how contacts join the group, `mode` OPT_IN (silent), CONFIRMED_OPT_IN (welcome message) or DOUBLE_OPT_IN (invitation) (default: the mapping's subscription_mode:, else OPT_IN)")
	if o.command == "import" {
		fs.BoolVar(&o.unsubMissing, "unsubscribe-missing", false, "nightly mirror (needs --state and a group): members earlier runs made that the file no longer holds leave the group silently, listed in <report stem>.removed.csv")
		fs.StringVar(&o.maxRemovals, "max-removals", "5%", "with --unsubscribe-missing: remove nobody when more than `N|P%` of the members known before the run would go")
	}
}

// checkGroupFlags checks the group flags on their own; resolveGroup checks them against the
// mapping.
func (o *options) checkGroupFlags() error {
	if o.subscription != "" {
		mode := engage.SubscriptionMode(strings.ToUpper(strings.TrimSpace(o.subscription)))
		if !mode.Valid() {
			return fmt.Errorf("--subscription must be OPT_IN, CONFIRMED_OPT_IN or DOUBLE_OPT_IN, not %q", o.subscription)
		}
		o.subscription = string(mode)
	}
	if o.unsubMissing && o.state == "" {
		return errors.New("--unsubscribe-missing needs --state: the state file remembers whom earlier runs made members")
	}
	if _, err := importer.ParseRemovals(o.maxRemovals); o.command == "import" && err != nil {
		return err
	}
	return nil
}
