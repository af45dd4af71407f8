//go:build race

package source

// raceEnabled: the race detector multiplies the cost of reading 512 MiB bombs and the memory
// a process takes, so TestXLSXBombs measures without it.
const raceEnabled = true
