//go:build ignore

package main

import (
	"encoding/base64"
	"fmt"
	"html"
	"path/filepath"
	"strings"
)

// cell is one spreadsheet cell of a flat OpenDocument sheet: kind "s" text, "d" a date
// (v as 2006-01-02), "t" a date and time (v as 2006-01-02T15:04:05), "b" a truth value
// ("true"/"false"); shown is the text the cell displays.
type cell struct{ kind, v, shown string }

func text(s string) cell { return cell{"s", s, s} }

// sheet is a table of a workbook: hidden sheets and hidden leading columns are what
// Dynamics 365 writes.
type sheet struct {
	name          string
	hidden        bool
	hiddenColumns int
	rows          [][]cell
}

// fods writes sheets as a flat OpenDocument spreadsheet, which LibreOffice converts to XLSX
// (README): dates in the display format datePattern ("DMY." or "MDY/"), times as
// M/D/YYYY h:mm AM/PM.
func fods(path, datePattern string, sheets []sheet) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
`)
	sep := string(datePattern[3])
	b.WriteString(`  <number:date-style style:name="Ndate">`)
	for k, part := range datePattern[:3] {
		if k > 0 {
			b.WriteString(`<number:text>` + sep + `</number:text>`)
		}
		long := ""
		if datePattern[0] == 'D' { // 01.03.1985; the US short date is 3/1/1985
			long = ` number:style="long"`
		}
		b.WriteString(map[rune]string{'D': `<number:day` + long + `/>`, 'M': `<number:month` + long + `/>`,
			'Y': `<number:year number:style="long"/>`}[part])
	}
	b.WriteString(`</number:date-style>
  <number:date-style style:name="Ntime"><number:month/><number:text>/</number:text><number:day/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours/><number:text>:</number:text><number:minutes number:style="long"/><number:text> </number:text><number:am-pm/></number:date-style>
  <number:boolean-style style:name="Nbool"><number:boolean/></number:boolean-style>
  <style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Ndate"/>
  <style:style style:name="ceTime" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Ntime"/>
  <style:style style:name="ceBool" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="Nbool"/>
  <style:style style:name="taShown" style:family="table"><style:table-properties table:display="true"/></style:style>
  <style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
`)
	for _, sh := range sheets {
		style := "taShown"
		if sh.hidden {
			style = "taHidden"
		}
		fmt.Fprintf(&b, "   <table:table table:name=\"%s\" table:style-name=\"%s\">\n", html.EscapeString(sh.name), style)
		if sh.hiddenColumns > 0 {
			fmt.Fprintf(&b, "    <table:table-column table:number-columns-repeated=\"%d\" table:visibility=\"collapse\"/>\n", sh.hiddenColumns)
		}
		b.WriteString("    <table:table-column table:number-columns-repeated=\"40\"/>\n")
		for _, r := range sh.rows {
			b.WriteString("    <table:table-row>")
			for _, c := range r {
				b.WriteString(c.xml())
			}
			b.WriteString("</table:table-row>\n")
		}
		b.WriteString("   </table:table>\n")
	}
	b.WriteString("  </office:spreadsheet>\n </office:body>\n</office:document>\n")
	writeFile(path, []byte(b.String()))
}

func (c cell) xml() string {
	p := "<text:p>" + html.EscapeString(c.shown) + "</text:p>"
	switch {
	case c.v == "":
		return "<table:table-cell/>"
	case c.kind == "d":
		return `<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="` + c.v + `">` + p + "</table:table-cell>"
	case c.kind == "t":
		return `<table:table-cell table:style-name="ceTime" office:value-type="date" office:date-value="` + c.v + `">` + p + "</table:table-cell>"
	case c.kind == "b":
		return `<table:table-cell table:style-name="ceBool" office:value-type="boolean" office:boolean-value="` + c.v + `">` + p + "</table:table-cell>"
	}
	return `<table:table-cell office:value-type="string">` + p + "</table:table-cell>"
}

// numbers writes the source of a Numbers workbook exported to Excel with the summary
// worksheet: first "Export Summary", then the table "Tabelle 1" of the sheet "Kunden" as the
// worksheet "Kunden - Tabelle 1". Birthdays are date cells, the newsletter checkbox is a
// truth value.
func numbers(dir string) {
	summary := sheet{name: "Export Summary", rows: [][]cell{
		{text("This document was exported from Numbers. Each table was converted to an Excel worksheet. " +
			"All other objects on each Numbers sheet were placed on separate worksheets. " +
			"Please be aware that formula calculations may differ in Excel.")},
		{text("Numbers Sheet Name"), text("Numbers Table Name"), text("Excel Worksheet Name")},
		{text("Kunden")},
		{text(""), text("Tabelle 1"), text("Kunden - Tabelle 1")},
	}}
	list := sheet{name: "Kunden - Tabelle 1", rows: [][]cell{{text("Vorname"), text("Nachname"), text("E-Mail"),
		text("Mobil"), text("Geburtstag"), text("Land"), text("Newsletter")}}}
	land := map[string]string{"DE": "Deutschland", "GB": "Vereinigtes Königreich", "JP": "Japan"}
	for i, p := range world(48, "DDDDDDGDDDDJ") {
		mobile := []string{p.national(), p.intl(), p.national(), ""}[i%4]
		if p.country == "JP" {
			mobile = p.national()
		}
		birth := cell{}
		if i%5 != 2 {
			birth = cell{"d", p.ymd(), fmt.Sprintf("%02d.%02d.%d", p.birth[0], p.birth[1], p.birth[2])}
		}
		email := p.email
		if i%16 == 15 {
			email = ""
		}
		news := i%6 != 4 && i%7 != 3
		list.rows = append(list.rows, []cell{text(p.first), text(p.last), text(email), text(mobile), birth,
			text(land[p.country]), {"b", fmt.Sprint(news), map[bool]string{true: "WAHR", false: "FALSCH"}[news]}})
	}
	fods(filepath.Join(dir, "numbers-xlsx", "Kunden.fods"), "DMY.", []sheet{summary, list})
}

// dynamics writes the source of a Dynamics 365 "Export to Excel" of a contact view: the
// hidden columns (Do Not Modify) Contact, Row Checksum and Modified On first, then the view's
// columns, and a hidden worksheet with the entity's name.
func dynamics(dir string) {
	list := sheet{name: "Active Contacts", hiddenColumns: 3, rows: [][]cell{{text("(Do Not Modify) Contact"),
		text("(Do Not Modify) Row Checksum"), text("(Do Not Modify) Modified On"), text("Full Name"), text("Email"),
		text("Company Name"), text("Business Phone"), text("Mobile Phone"), text("Address 1: City"),
		text("Address 1: Country/Region"), text("Address 1: ZIP/Postal Code"), text("Bulk Email"), text("Birthday")}}}
	for i, p := range world(54, "UUUUGUUDUUUC") {
		id := fmt.Sprintf("%08x-%04x-ef11-%04x-%012x", 0x3f2a0000+i*7919, 0x1000+i*31, 0x8000+i*17, 0x6045bd000000+i*104729)
		sum := base64.StdEncoding.EncodeToString([]byte(madeUpID(i+500, 48, "abcdefghijklmnopqrstuvwxyz0123456789+/")))
		modH, modM := 8+i%10, (i*7)%60
		ampm := map[bool]string{true: "PM", false: "AM"}[modH >= 12]
		modified := cell{"t", fmt.Sprintf("2026-%02d-%02dT%02d:%02d:00", 1+i%11, 1+(i*3)%28, modH, modM),
			fmt.Sprintf("%d/%d/2026 %d:%02d %s", 1+i%11, 1+(i*3)%28, (modH+11)%12+1, modM, ampm)}
		email := p.email
		if i%13 == 12 {
			email = ""
		}
		business := ""
		if i%3 == 0 && (p.country == "US" || p.country == "CA") {
			business = fmt.Sprintf("(425) 555-01%02d", 50+i%50)
		}
		mobile := []string{p.national(), p.dashed(), p.intl(), ""}[i%4]
		if p.country != "US" {
			mobile = []string{p.national(), p.intl()}[i%2]
		}
		bulk := "Allow"
		if i%8 == 5 || i%11 == 9 {
			bulk = "Do Not Allow"
		}
		birth := cell{}
		if i%3 != 2 {
			birth = cell{"d", p.ymd(), fmt.Sprintf("%d/%d/%d", p.birth[1], p.birth[0], p.birth[2])}
		}
		list.rows = append(list.rows, []cell{text(id), text(sum), modified, text(p.first + " " + p.last), text(email),
			text([]string{"Contoso Pharmaceuticals", "Fabrikam, Inc.", "", "Litware, Inc."}[i%4]), text(business), text(mobile),
			text(p.city), text(p.countryName), text(p.zip), text(bulk), birth})
	}
	hidden := sheet{name: "hiddenSheet", hidden: true, rows: [][]cell{
		{text("contact"), text("Active Contacts")},
		{text("Bulk Email"), text("Allow"), text("Do Not Allow")},
	}}
	fods(filepath.Join(dir, "dynamics-xlsx", "Active Contacts 11-30-2026 10-15-00 AM.fods"), "MDY/", []sheet{list, hidden})
}
