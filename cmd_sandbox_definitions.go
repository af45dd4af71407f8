package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// maxDefinitionsFile caps the --definitions file.
const maxDefinitionsFile = 1 << 20

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

// fileDefinition is one entry of a --definitions file.
type fileDefinition struct {
	engage.Definition
	Value string `json:"value"`
}

// apply sets what the flags ask for on b.
func (d *serveDefinitions) apply(b *sandbox.Behaviour) error {
	b.Definitions.Unlisted = *d.unlisted
	b.Definitions.VisibleAfter = *d.visible
	if *d.file == "" {
		return nil
	}
	f, err := os.Open(*d.file)
	if err != nil {
		return fmt.Errorf("--definitions: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDefinitionsFile+1))
	if err != nil {
		return fmt.Errorf("--definitions %s: %w", *d.file, err)
	}
	if len(data) > maxDefinitionsFile {
		return fmt.Errorf("--definitions %s: larger than %d bytes", *d.file, maxDefinitionsFile)
	}
	var defs []fileDefinition
	if err := json.Unmarshal(data, &defs); err != nil {
		return fmt.Errorf("--definitions %s: not a JSON list of attribute definitions: %w", *d.file, err)
	}
	if len(defs) == 0 {
		return errors.New("--definitions " + *d.file + ": the list is empty")
	}
	b.Definitions.Profile = make([]sandbox.Definition, 0, len(defs))
	for _, fd := range defs {
		sd := sandbox.Definition{Name: fd.Name, DisplayName: fd.DisplayName, Type: sandbox.DataType(fd.DataType),
			Standard: fd.Standard, Technical: fd.Technical, Archived: fd.Archived, Value: fd.Value}
		if fd.Enumerated {
			sd.Enum = append([]string{}, fd.EnumeratedValues...)
		}
		b.Definitions.Profile = append(b.Definitions.Profile, sd)
	}
	return nil
}
