package sample

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/load"
)

// An extract keeps the published bytes of the lines it keeps: byte order
// mark, quoting, Windows-1252, CRLF and the missing final newline.
func TestSubsetIsByteForByte(t *testing.T) {
	for _, c := range []struct {
		name, enc, content, want string
	}{
		{"BOM, CRLF, quotes", "utf-8",
			"\xEF\xBB\xBFCODE;\"LIBELLE\"\r\n1;\"a;b\"\r\n2;c\r\n3;\"d \"\"e\"\"\"\r\n",
			"\xEF\xBB\xBFCODE;\"LIBELLE\"\r\n1;\"a;b\"\r\n3;\"d \"\"e\"\"\"\r\n"},
		{"Windows-1252, no final newline", "windows-1252",
			"CODE;LIBELLE\n1;\xc9B\xc9NISTE\n2;x\n3;C\x8cUR",
			"CODE;LIBELLE\n1;\xc9B\xc9NISTE\n3;C\x8cUR"},
	} {
		f := map[string]*load.Format{"f.csv": {Encoding: c.enc, Header: []string{"CODE", "LIBELLE"}}}
		tb, err := readTable("f.csv", []byte(c.content), f)
		if err != nil {
			t.Fatal(err)
		}
		if got := tb.cell(tb.rows[0], "LIBELLE"); got != map[string]string{"utf-8": "a;b", "windows-1252": "ÉBÉNISTE"}[c.enc] {
			t.Errorf("%s: cell %q", c.name, got)
		}
		if got := string(tb.subset(func(i int) bool { return i != 1 })); got != c.want {
			t.Errorf("%s: subset\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}

// A bundle file that does not match its format stops the extraction with
// the file and line, as `orion build` would.
func TestExtractChecksTheBundleAsTheLoaderDoes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, filepath.FromSlash(pathMef))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("MEF;AUTRE\n1;2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := extract(dir)
	if err == nil || !strings.Contains(err.Error(), pathMef+":1: expected a header of") {
		t.Errorf("extract from a wrong nMef.csv: %v", err)
	}
}
