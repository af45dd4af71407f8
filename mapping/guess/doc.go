// Package guess drafts a mapping file for a list it has only sampled: `contactimport init`. It
// judges each column by its header words and by the shapes of its sampled values, decides the
// identifier, the phone region, the rows to leave out (opted-out people, report footers) and
// writes the draft as YAML that mapping.ParseFile reads as it stands, every line commented with
// what was seen, in counts and shapes, never the cells.
//
// Everything here is a pure function of the sample: no I/O, no goroutines, no package-level
// state that changes. It imports mapping; mapping does not import it.
package guess
