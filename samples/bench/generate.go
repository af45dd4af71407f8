package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
)

// csvHeader is the header of generated files: Mapp's own import column names, which the CLI maps
// without a mapping file.
var csvHeader = []string{
	"user.Email", "user.FirstName", "user.LastName", "user.MobileNumber", "user.ISOCountryCode",
	"user.DateOfBirth", "user.ZipCode", "user.CustomAttribute.CustomerTier",
}

// genOptions say which rows Generate writes.
type genOptions struct {
	Rows   int    // data rows to write
	Offset int    // key of the first row: a file with Offset k shares keys k… with a file starting at 0
	Seed   uint64 // varies the non-identifying attributes; the same seed gives the same bytes
	// Shuffle writes the keys in an order drawn from the seed instead of ascending, so that
	// a file overlapping an earlier one mixes known and new contacts throughout.
	Shuffle bool
}

// person is a name with the ASCII spelling used in email addresses.
type person struct{ name, ascii string }

var (
	firstNames = []person{
		{"Anna", "anna"}, {"Jonas", "jonas"}, {"Zoë", "zoe"}, {"Lukas", "lukas"}, {"Marie", "marie"},
		{"Élodie", "elodie"}, {"Mehmet", "mehmet"}, {"Sofia", "sofia"}, {"Jürgen", "juergen"},
		{"Chloé", "chloe"}, {"Noah", "noah"}, {"Emma", "emma"}, {"Luca", "luca"}, {"Mia", "mia"},
		{"Björn", "bjoern"}, {"Ines", "ines"}, {"Paul", "paul"}, {"Lena", "lena"}, {"José", "jose"},
		{"Hannah", "hannah"}, {"Felix", "felix"}, {"Aylin", "aylin"}, {"Oskar", "oskar"}, {"Léa", "lea"},
	}
	lastNames = []person{
		{"Müller", "mueller"}, {"Schmidt", "schmidt"}, {"Schneider", "schneider"}, {"Fischer", "fischer"},
		{"Weber", "weber"}, {"Meyer", "meyer"}, {"Wagner", "wagner"}, {"Becker", "becker"},
		{"Schulz", "schulz"}, {"Hoffmann", "hoffmann"}, {"Koch", "koch"}, {"Richter", "richter"},
		{"Klein", "klein"}, {"Wolf", "wolf"}, {"Schröder", "schroeder"}, {"Neumann", "neumann"},
		{"Dubois", "dubois"}, {"O'Brien", "obrien"}, {"van der Berg", "vanderberg"}, {"Yılmaz", "yilmaz"},
		{"García", "garcia"}, {"Nowak", "nowak"}, {"Rossi", "rossi"}, {"Smith, Jr.", "smith"},
	}
	domains   = []string{"example.com", "example.org", "example.net", "mail.example.com"}
	countries = []string{"DE", "DE", "DE", "DE", "AT", "CH", "FR", "NL", "IT", "GB", "US", "ES", "PL", "TR"}
	tiers     = []string{"bronze", "bronze", "bronze", "silver", "silver", "gold", "platinum", ""}
)

// generate writes opts.Rows realistic contact rows under csvHeader to w. A row's identity (email,
// names, mobile number) depends only on its key, so files that overlap in keys describe the
// same contacts; the other attributes also depend on the seed, so a second seed changes them.
// Every email address and mobile number is unique across keys, as Engage requires.
func generate(w io.Writer, opts genOptions) error {
	if opts.Rows < 0 || opts.Offset < 0 {
		return errors.New("generate: rows and offset must not be negative")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	var order []int
	if opts.Shuffle {
		order = rand.New(rand.NewPCG(opts.Seed, 0xda3e39cb94b95bdb)).Perm(opts.Rows)
	}
	rec := make([]string, len(csvHeader))
	for i := range opts.Rows {
		k := i
		if order != nil {
			k = order[i]
		}
		fillRecord(rec, opts.Offset+k, opts.Seed)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("generate: row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	return nil
}

// fillRecord fills rec with the contact of key k.
func fillRecord(rec []string, k int, seed uint64) {
	id := rand.New(rand.NewPCG(uint64(k), 0x9e3779b97f4a7c15))
	attr := rand.New(rand.NewPCG(uint64(k), seed^0x5851f42d4c957f2d))
	first := firstNames[id.IntN(len(firstNames))]
	last := lastNames[id.IntN(len(lastNames))]
	rec[0] = first.ascii + "." + last.ascii + "." + strconv.Itoa(k) + "@" + domains[id.IntN(len(domains))]
	if id.IntN(4) == 0 {
		// Some address books write the domain in capitals; Engage compares emails case-insensitively.
		rec[0] = first.ascii + "." + last.ascii + "." + strconv.Itoa(k) + "@EXAMPLE.COM"
	}
	rec[1], rec[2] = first.name, last.name
	rec[3] = ""
	if id.IntN(10) < 7 {
		// German mobile block 0151 with an 8-digit subscriber number: the key keeps it unique.
		rec[3] = fmt.Sprintf("+49151%08d", k%100_000_000)
	}
	rec[4] = countries[attr.IntN(len(countries))]
	rec[5] = fmt.Sprintf("%04d-%02d-%02d", 1940+attr.IntN(66), 1+attr.IntN(12), 1+attr.IntN(28))
	rec[6] = fmt.Sprintf("%05d", 1000+attr.IntN(98000))
	rec[7] = tiers[attr.IntN(len(tiers))]
}

// writeFile generates a file at path.
func writeFile(path string, opts genOptions) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := generate(f, opts); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runGenerate implements `bench generate [-rows N] [-offset K] [-seed S] [-o FILE]`.
func runGenerate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts genOptions
	fs.IntVar(&opts.Rows, "rows", 1000, "data rows to write")
	fs.IntVar(&opts.Offset, "offset", 0, "key of the first row (a file from -offset K shares keys K… with one from 0)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed of the non-identifying attributes and of -shuffle")
	fs.BoolVar(&opts.Shuffle, "shuffle", false, "write the keys in a seeded random order")
	out := fs.String("o", "-", "output `file`; - for stdout")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: go run ./samples/bench generate [flags]\n\n"+
			"Writes a realistic contacts CSV with Mapp import headers, the same bytes for the same flags.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("generate: unexpected argument %q", fs.Arg(0))
	}
	if *out == "-" {
		return generate(stdout, opts)
	}
	return writeFile(*out, opts)
}
