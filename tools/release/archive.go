package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// entry is one file of an archive. Its mode and time are set by the archive, not taken from the
// disk, so that the same content always gives the same bytes.
type entry struct {
	name string // slash-separated, relative to the archive's top directory
	data []byte
	exec bool
}

// layout is the sorted list of directories and files of an archive under top, every one with
// the same time.
func layout(top string, files []entry) (dirs []string, sorted []entry) {
	seen := map[string]bool{}
	sorted = slices.Clone(files)
	slices.SortFunc(sorted, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for _, f := range sorted {
		for d := path.Dir(f.name); d != "."; d = path.Dir(d) {
			seen[d] = true
		}
	}
	dirs = []string{top + "/"}
	for d := range seen {
		dirs = append(dirs, top+"/"+d+"/")
	}
	slices.Sort(dirs)
	return dirs, sorted
}

func fileMode(f entry) int64 {
	if f.exec {
		return 0o755
	}
	return 0o644
}

// writeTarGz writes files under top as a gzip-compressed tar: root-owned, fixed modes, mtime
// at, sorted entries, and a gzip header without a name or a time.
func writeTarGz(w io.Writer, top string, files []entry, at time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	dirs, sorted := layout(top, files)
	for _, d := range dirs {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: at, Format: tar.FormatUSTAR}); err != nil {
			return err
		}
	}
	for _, f := range sorted {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: top + "/" + f.name, Mode: fileMode(f), Size: int64(len(f.data)),
			ModTime: at, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes files under top as a zip archive: fixed modes, time at, sorted entries.
func writeZip(w io.Writer, top string, files []entry, at time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	dirs, sorted := layout(top, files)
	for _, d := range dirs {
		h := &zip.FileHeader{Name: d, Method: zip.Store, Modified: at}
		h.SetMode(fs.ModeDir | 0o755)
		if _, err := zw.CreateHeader(h); err != nil {
			return err
		}
	}
	for _, f := range sorted {
		h := &zip.FileHeader{Name: top + "/" + f.name, Method: zip.Deflate, Modified: at}
		h.SetMode(fs.FileMode(fileMode(f)))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
