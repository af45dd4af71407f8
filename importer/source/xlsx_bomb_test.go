//go:build linux

package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bombEnv names the workbook TestXLSXBombChild reads.
const bombEnv = "CONTACTIMPORT_TEST_XLSX_BOMB"

// maxBombRSS is the peak resident memory a process reading a bomb may reach.
const maxBombRSS = 150 << 20

// TestXLSXBombs reads workbooks made to exhaust memory, each in a process of its own, and
// measures its peak resident memory: each is refused saying what was too large, or read, and
// no process goes past 150 MB. The bombs are built here: small files that unpack to hundreds
// of MiB.
func TestXLSXBombs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds and reads 512 MiB bombs; peak memory is measured without -short and -race")
	}
	base := workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetRow("Sheet1", "A1", &[]any{"email", "first"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A2", &[]any{"a@example.org", "Ann"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A3", &[]any{"b@example.org", "Bo"}))
	})
	const bomb = 512 << 20
	tests := []struct {
		name  string
		part  string                         // the part replaced or added
		write func(w io.Writer, orig []byte) // writes the part; orig is the base's, or nil
		want  string                         // "" when the workbook is read; else part of the refusal
	}{
		{"whitespace in the sheet", "xl/worksheets/sheet1.xml", func(w io.Writer, orig []byte) {
			i := bytes.Index(orig, []byte("<sheetData>")) + len("<sheetData>")
			w.Write(orig[:i])
			repeatTo(w, ' ', bomb)
			w.Write(orig[i:])
		}, `its part "xl/worksheets/sheet1.xml" holds more than 1 MiB of text or markup between two tags`},
		{"whitespace in the styles", "xl/styles.xml", func(w io.Writer, orig []byte) {
			i := bytes.IndexByte(orig, '>') + 1
			w.Write(orig[:i])
			for range bomb / (512 << 10) {
				repeatTo(w, '\n', 512<<10)
				w.Write([]byte("<!-- -->"))
			}
			w.Write(orig[i:])
		}, `its part "xl/styles.xml" unpacks to more than 16 MiB`},
		{"a part no sheet uses", "xl/media/image1.png", func(w io.Writer, _ []byte) {
			repeatTo(w, 0, bomb)
		}, ""},
		{"3 million shared strings no cell uses", "xl/sharedStrings.xml", func(w io.Writer, orig []byte) {
			i := bytes.Index(orig, []byte("</sst>"))
			w.Write(orig[:i])
			for n := range 3_000_000 {
				fmt.Fprintf(w, "<si><t>s%07d</t></si>", n)
			}
			w.Write(orig[i:])
		}, "its shared strings number 3000006, but its sheets have only 6 cells to use them"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".xlsx")
			writeBomb(t, path, base, tt.part, tt.write)
			fi, _ := os.Stat(path)
			t.Logf("%s: %d bytes", filepath.Base(path), fi.Size())
			cmd := exec.Command(os.Args[0], "-test.run=^TestXLSXBombChild$", "-test.v")
			cmd.Env = []string{bombEnv + "=" + path, "TMPDIR=" + dir, "PATH=" + os.Getenv("PATH")}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			t.Logf("peak RSS %.1f MB", float64(rss)/1e6)
			if rss > maxBombRSS {
				t.Errorf("peak RSS %d bytes, more than %d", rss, maxBombRSS)
			}
			got := resultLine(string(out))
			switch {
			case tt.want == "" && got != "read 2 rows":
				t.Errorf("result %q, want the workbook read", got)
			case tt.want != "" && (!strings.HasPrefix(got, "refused: ") || !strings.Contains(got, tt.want)):
				t.Errorf("result %q, want a refusal saying %q", got, tt.want)
			}
		})
	}
}

// TestXLSXBombChild reads the workbook TestXLSXBombs names, and prints what came of it.
func TestXLSXBombChild(t *testing.T) {
	path := os.Getenv(bombEnv)
	if path == "" {
		t.Skip("run by TestXLSXBombs")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Open(f, Options{Name: filepath.Base(path)})
	if err != nil {
		fmt.Printf("RESULT refused: %v\n", err)
		return
	}
	defer s.Close()
	n := 0
	for {
		rec, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil || rec.Err != nil {
			fmt.Printf("RESULT row error: %v %v\n", err, rec.Err)
			return
		}
		n++
	}
	fmt.Printf("RESULT read %d rows\n", n)
}

func resultLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if r, ok := strings.CutPrefix(l, "RESULT "); ok {
			return r
		}
	}
	return "no result: " + out
}

// writeBomb writes base's parts to path, with part written by write instead (or added).
func writeBomb(t *testing.T, path string, base []byte, part string, write func(io.Writer, []byte)) {
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	mustDo(t, err)
	out, err := os.Create(path)
	mustDo(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	var orig []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		mustDo(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		mustDo(t, err)
		if f.Name == part {
			orig = data
			continue
		}
		w, err := zw.Create(f.Name)
		mustDo(t, err)
		w.Write(data)
	}
	w, err := zw.Create(part)
	mustDo(t, err)
	write(w, orig)
	mustDo(t, zw.Close())
}

// repeatTo writes n bytes c to w.
func repeatTo(w io.Writer, c byte, n int) {
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		w.Write(chunk[:k])
		n -= k
	}
}
