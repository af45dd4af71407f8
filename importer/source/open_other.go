//go:build !unix

package source

// nonBlocking is 0 where opening a file cannot wait for a writer (no named pipes in the
// file system).
const nonBlocking = 0
