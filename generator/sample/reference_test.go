package sample

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/internal/testenv"
)

// TestReferenceIsAFreshExtraction: the committed extracts are exactly what
// `orion sample --refresh-reference` writes from the bundle, and written
// back in their published layout they are the bundle's own lines.
func TestReferenceIsAFreshExtraction(t *testing.T) {
	bundle := testenv.RealData(t)
	fresh, err := Extracts(bundle)
	if err != nil {
		t.Fatal(err)
	}
	committed := map[string][]byte{}
	fs.WalkDir(data.FS, referenceDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasSuffix(p, "/"+referenceNote) {
			committed[strings.TrimPrefix(p, referenceDir+"/")], _ = fs.ReadFile(data.FS, p)
		}
		return nil
	})
	for p, b := range fresh {
		if c, ok := committed[p]; !ok {
			t.Errorf("data/reference/%s is missing: run `orion sample --refresh-reference %s`", p, bundle)
		} else if !bytes.Equal(c, b) {
			t.Errorf("data/reference/%s differs from a fresh extraction: run `orion sample --refresh-reference %s`", p, bundle)
		}
		delete(committed, p)
	}
	for p := range committed {
		t.Errorf("data/reference/%s is no longer extracted", p)
	}
	raw, err := extract(bundle)
	if err != nil {
		t.Fatal(err)
	}
	restored, err := embeddedSeed()
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range raw {
		if !bytes.Equal(restored[p], b) {
			t.Errorf("%s: the extract written back in its published layout is not the bundle's lines", p)
		}
	}
}

// TestNoCommittedFileIsABundleFile: extracts, yes; a copy of a published
// file, never (the bundle is fetched, not committed).
func TestNoCommittedFileIsABundleFile(t *testing.T) {
	bundle := testenv.RealData(t)
	published := map[[32]byte]string{}
	filepath.WalkDir(bundle, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(p); err == nil {
				published[sha256.Sum256(b)] = p
			}
		}
		return nil
	})
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "public", "bin":
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if src, ok := published[sha256.Sum256(b)]; ok && len(b) > 0 {
			t.Errorf("%s is byte-identical to %s of the open-data bundle", p, src)
		}
		return nil
	})
	if n < 50 {
		t.Fatalf("only %d files walked under %s", n, root)
	}
}

// TestPublishedLayoutRoundTrip: normalize and restore are inverse for every
// layout the bundle uses.
func TestPublishedLayoutRoundTrip(t *testing.T) {
	for name, raw := range map[string]string{
		"plain":    "a;b\n1;2\n",
		"bom crlf": "\xEF\xBB\xBFa;b\r\n1;2\r\n",
		"no final": "a;b\r\n1;2",
		pathFD:     "\xEF\xBB\xBFLIBELLE\r\nCAP \xc9B\xc9NISTE\r\n",
	} {
		p := name
		n, l, err := normalize(p, []byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(n, []byte("\r")) || bytes.HasPrefix(n, []byte("\xEF\xBB\xBF")) || !bytes.HasSuffix(n, []byte("\n")) {
			t.Errorf("%s: committed form %q is not plain UTF-8 with LF", name, n)
		}
		back, err := l.restore(n)
		if err != nil {
			t.Fatal(err)
		}
		if string(back) != raw {
			t.Errorf("%s: %q came back as %q", name, raw, back)
		}
	}
}

// TestReferenceReadsFromAnyFS: the extracts are read through an fs.FS, so
// that a broken layout.json is a clear error, not a panic.
func TestReferenceReadsFromAnyFS(t *testing.T) {
	_, err := readReference(fstest.MapFS{"reference/layout.json": {Data: []byte(`{"x.csv":{"encoding":"utf-8"}}`)}})
	if err == nil || !strings.Contains(err.Error(), "x.csv") {
		t.Errorf("a missing extract gives %v", err)
	}
	files, err := readReference(fstest.MapFS{
		"reference/layout.json": {Data: []byte(`{"x.csv":{"encoding":"utf-8","bom":true,"crlf":true,"final_newline":true}}`)},
		"reference/x.csv":       {Data: []byte("a\n1\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p, b := range files {
		got = append(got, p+"="+string(b))
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "x.csv=\xEF\xBB\xBFa\r\n1\r\n" {
		t.Errorf("got %q", got)
	}
}
