package source

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

// ErrUnsupportedFormat is the cause when the input is a file of a kind the reader does not
// take (a workbook other than XLSX, a zip, a PDF, an HTML page): see *FormatError.
var ErrUnsupportedFormat = errors.New("not a CSV or XLSX file")

// FormatError names what the input is, judged by its content, and how to save it as a file
// the reader takes.
type FormatError struct {
	What string // "an Excel 97-2003 workbook (.xls)", …
	Hint string // how to save it as CSV or XLSX
}

func (e *FormatError) Error() string {
	return "the file is " + e.What + ", not a CSV or XLSX file: " + e.Hint
}

func (e *FormatError) Is(target error) bool { return target == ErrUnsupportedFormat }

// format is what the first bytes of an input say it is.
type format int

const (
	formatText format = iota // CSV, TSV, TXT: anything not recognised below
	formatGzip
	formatZip
	formatOLE2
	formatPDF
	formatHTML
	formatXML
)

// Magic numbers, as the first bytes of a file.
var (
	magicGzip     = []byte{0x1f, 0x8b}
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicOLE2     = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
	magicPDF      = []byte("%PDF-")
)

// formatHead is how many bytes sniffFormat needs at most.
const formatHead = 1024

// sniffFormat tells the kind of an input from its first bytes. Only the markup checks look
// past a byte order mark and leading white space: a CSV cannot begin with a tag.
func sniffFormat(head []byte) format {
	switch {
	case bytes.HasPrefix(head, magicGzip):
		return formatGzip
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipEmpty):
		return formatZip
	case bytes.HasPrefix(head, magicOLE2):
		return formatOLE2
	case bytes.HasPrefix(head, magicPDF):
		return formatPDF
	}
	text := bytes.TrimPrefix(head, utf8BOM)
	text = bytes.TrimLeft(text, " \t\r\n\f")
	lower := strings.ToLower(string(text[:min(len(text), formatHead)]))
	switch {
	case strings.HasPrefix(lower, "<!doctype html"), strings.HasPrefix(lower, "<html"):
		return formatHTML
	case strings.HasPrefix(lower, "<?xml"):
		if strings.Contains(lower, "<html") {
			return formatHTML
		}
		return formatXML
	}
	return formatText
}

// What a person is told to do with each kind. The menu words are those of the programs' English
// versions.
const (
	saveFromExcel    = "in Excel choose File > Save As and the type \"Excel Workbook (*.xlsx)\" or \"CSV UTF-8 (Comma delimited) (*.csv)\""
	saveFromCalc     = "in LibreOffice Calc choose File > Save As… and the type \"Excel 2007-365 (.xlsx)\" or \"Text CSV (.csv)\""
	saveFromNumbers  = "in Numbers choose File > Export To > Excel… or CSV…"
	exportFromSource = "export the contacts from the system they come from as CSV or XLSX instead"
)

// refusal returns the error for an input of kind f, or nil when the reader takes it.
func refusal(f format, head []byte) *FormatError {
	switch f {
	case formatOLE2:
		return &FormatError{
			What: "an Excel 97-2003 workbook (.xls) or another OLE2 document (a password-protected workbook is one too)",
			Hint: "open it and save it again: " + saveFromExcel + "; " + saveFromCalc + " (remove a password first)",
		}
	case formatPDF:
		return &FormatError{What: "a PDF document", Hint: "contacts cannot be read from a PDF reliably; " + exportFromSource}
	case formatHTML:
		return &FormatError{
			What: "an HTML page (some systems' \"Excel export\" is a web page)",
			Hint: "open it in a spreadsheet and save it again: " + saveFromExcel + "; " + saveFromCalc,
		}
	case formatXML:
		what := "an XML file"
		lower := strings.ToLower(string(head))
		switch {
		case strings.Contains(lower, "urn:schemas-microsoft-com:office:spreadsheet"):
			what = "an Excel 2003 XML spreadsheet"
		case strings.Contains(lower, "opendocument"):
			what = "a flat OpenDocument file (.fods)"
		}
		return &FormatError{What: what, Hint: "open it in a spreadsheet and save it again: " + saveFromExcel + "; " + saveFromCalc}
	}
	return nil
}

// Zip-based kinds, told apart by their entries.
const (
	zipXLSX = iota
	zipOther
)

// classifyZip tells an XLSX workbook from the other zip-based files: an OpenDocument file
// (its stored "mimetype" entry names it), an Apple Numbers document, another Office Open XML
// document, or a plain zip archive. It returns nil for an XLSX workbook.
func classifyZip(zr *zip.Reader) *FormatError {
	var has = map[string]bool{}
	var mimetype string
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		has[name] = true
		if name == "mimetype" && f.UncompressedSize64 < 256 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 256))
				rc.Close()
				mimetype = strings.TrimSpace(string(b))
			}
		}
	}
	switch {
	case has["xl/workbook.xml"]:
		return nil
	case mimetype == "application/vnd.oasis.opendocument.spreadsheet":
		return &FormatError{
			What: "an OpenDocument spreadsheet (.ods)",
			Hint: saveFromCalc + "; or open it in Excel and choose File > Save As, \"Excel Workbook (*.xlsx)\"",
		}
	case strings.HasPrefix(mimetype, "application/vnd.oasis.opendocument."):
		return &FormatError{
			What: "an OpenDocument file that is not a spreadsheet (" + strings.TrimPrefix(mimetype, "application/vnd.oasis.opendocument.") + ")",
			Hint: "put the contacts into a spreadsheet and save it: " + saveFromCalc,
		}
	case has["index/document.iwa"], has["index.xml"] || has["index.xml.gz"] && has["buildversionhistory.plist"]:
		return &FormatError{What: "an Apple Numbers document (.numbers)", Hint: saveFromNumbers}
	case has["xl/workbook.bin"]:
		return &FormatError{What: "an Excel binary workbook (.xlsb)", Hint: saveFromExcel}
	case has["word/document.xml"]:
		return &FormatError{What: "a Word document (.docx)", Hint: "put the contacts into a spreadsheet and save it: " + saveFromExcel}
	case has["[content_types].xml"]:
		return &FormatError{What: "an Office Open XML document that is not an Excel workbook", Hint: exportFromSource}
	}
	return &FormatError{
		What: "a zip archive",
		Hint: "extract it and import the contact list inside (a .csv or .xlsx file)",
	}
}
