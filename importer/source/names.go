package source

import "slices"

// delimiters are the field separators the reader takes, each with the names a person may give
// it; the first name is the one to offer. A comma of 0 means: sniff it from the header line.
var delimiters = []struct {
	names []string
	comma rune
}{
	{[]string{"auto", ""}, 0},
	{[]string{",", "comma"}, ','},
	{[]string{";", "semicolon"}, ';'},
	{[]string{"tab", "\t", `\t`}, '\t'},
	{[]string{"|", "pipe"}, '|'},
}

// DelimiterNames returns the first name of each field separator the reader takes, "auto" first:
// the values to offer for a delimiter option.
func DelimiterNames() []string {
	names := make([]string, len(delimiters))
	for i, d := range delimiters {
		names[i] = d.names[0]
	}
	return names
}

// EncodingNames returns the canonical name of each encoding the reader takes, "auto" first: the
// values to offer for an encoding option. Aliases (latin1, cp1252 …) are taken too but not
// offered.
func EncodingNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, enc := range encodingAliases {
		if enc != "" && !seen[enc] {
			seen[enc] = true
			names = append(names, enc)
		}
	}
	slices.Sort(names)
	return append([]string{"auto"}, names...)
}
