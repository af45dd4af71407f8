package main

import (
	"context"

	"contactimport/importer/source"
	"contactimport/mapping/guess"
	"contactimport/ui"
)

// uiEngine is the UI's engine: the compiler says so, not a failing page.
var _ ui.Engine = (*uiEngine)(nil)

// listOptions are the input options of the open and map screens as the command-line flags
// would give them (--encoding, --delimiter, --sheet, init's --skip-lines), for openList.
func listOptions(path string, in ui.ListInput) *options {
	return &options{command: "ui", file: path, encoding: orAutoInput(in.Encoding), delimiter: orAutoInput(in.Delimiter),
		sheet: in.Sheet, skipLines: in.SkipLines, findStart: in.FindStart}
}

func orAutoInput(s string) string {
	if s == "" {
		return "auto"
	}
	return s
}

// OpenList opens the list at path through the input prologue every command that reads a list
// runs (openList): fingerprinted, then read as the options say.
func (e *uiEngine) OpenList(ctx context.Context, path string, in ui.ListInput) (*source.List, error) {
	return openList(ctx, listOptions(path, in))
}

// Sample reads the list as `contactimport init` does (sampleInput, which finds where the list
// starts), and names a sheet or title lines the person chose, as init names --sheet and
// --skip-lines, so that the draft carries them.
func (e *uiEngine) Sample(ctx context.Context, path string, in ui.ListInput) (*guess.Sample, error) {
	o := listOptions(path, in)
	o.findStart = true
	s, _, _, err := sampleInput(ctx, o)
	if err != nil {
		return nil, err
	}
	if in.Sheet != "" {
		s.SheetWhy = "the sheet chosen when the list was opened"
	}
	if in.SkipLines > 0 {
		s.SkipLines, s.SkipLinesWhy = in.SkipLines, "lines above the header, chosen when the list was opened"
	}
	return s, nil
}
