package runfile

import (
	"runtime"
	"testing"
)

// TestDoneRowsMemoryFollowsRows: the rows a resumed report holds are remembered in memory that
// follows how many there are, not how large their numbers are; a report line with
// import.row=999999999999 once made --resume allocate a bitset of that size and die.
func TestDoneRowsMemoryFollowsRows(t *testing.T) {
	for _, row := range []int{1_000_000_000, 999_999_999_999, 1<<62 + 5} {
		var rf Report
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rf.done.add(row)
		rf.done.add(3)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
			t.Fatalf("marking row %d done allocated %d bytes", row, grew)
		}
		if !rf.Skip(row) || !rf.Skip(3) || rf.Skip(row-1) || rf.Skip(row+1) || rf.Skip(2) {
			t.Fatalf("row set around %d: wrong membership", row)
		}
	}
}
