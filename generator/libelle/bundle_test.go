package libelle

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/orion-static/orion/generator/internal/testenv"
)

// labelFiles are the bundle's files whose labels pages show.
var labelFiles = []struct {
	path, column string
	cp1252       bool // else UTF-8, with or without BOM
	formation    bool
}{
	{"tjp-pilotage/n_groupe_specialite_.csv", "LIBELLE_LONG", false, false},
	{"tjp-pilotage/n_domaine_specialite_.csv", "LIBELLE_LONG", false, false},
	{"tjp-pilotage/nFormationDiplome_.csv", "LIBELLE_LONG_200", true, true},
	{"tjp-pilotage/vFormationDiplome_.csv", "LIBELLE_LONG_200", false, true},
}

type bundleLabel struct {
	where     string // file:line
	text      string
	formation bool
}

// bundleLabels reads every label of the four files (skipping the test, or
// failing it under CI, without the bundle).
func bundleLabels(t testing.TB) []bundleLabel {
	t.Helper()
	dir := testenv.RealData(t)
	var out []bundleLabel
	for _, f := range labelFiles {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.path)))
		if err != nil {
			t.Fatal(err)
		}
		if f.cp1252 {
			if b, err = charmap.Windows1252.NewDecoder().Bytes(b); err != nil {
				t.Fatalf("%s: %v", f.path, err)
			}
		}
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
		lines := strings.Split(string(b), "\n")
		col := -1
		for i, h := range strings.Split(strings.TrimRight(lines[0], "\r"), ";") {
			if h == f.column {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("%s:1: no column %s", f.path, f.column)
		}
		for n, line := range lines[1:] {
			line = strings.TrimRight(line, "\r")
			if line == "" {
				continue
			}
			cells := strings.Split(line, ";")
			if col >= len(cells) {
				t.Fatalf("%s:%d: %d cells, want a column %d (%s)", f.path, n+2, len(cells), col+1, f.column)
			}
			out = append(out, bundleLabel{fmt.Sprintf("%s:%d", f.path, n+2), cells[col], f.formation})
		}
	}
	if len(out) < 10000 {
		t.Fatalf("%d labels in the bundle, expected about 15 000", len(out))
	}
	return out
}

// TestBundleKeepsWords: on every label of the bundle, Phrase and Formation
// invent, drop and expand no word: without accents and in upper case, the
// output is the input (Formation less its diploma).
func TestBundleKeepsWords(t *testing.T) {
	bad := 0
	for _, l := range bundleLabels(t) {
		msg := sameWords(l.text, Phrase(l.text))
		if msg == "" && l.formation {
			msg = droppedDiplomaOnly(l.text, Formation(l.text))
		}
		if msg != "" {
			bad++
			if bad <= 20 {
				t.Errorf("%s: %s", l.where, msg)
			}
		}
	}
	if bad > 20 {
		t.Errorf("... %d labels in all", bad)
	}
}

// TestBundleWordsReviewed: every word of the bundle's labels was reviewed
// once: it is in dictionary.txt (with its accents), plain.txt (no accent
// needed) or capitals.txt (kept as written). It lists the words left, ready
// to be sorted into one of them. Words the BCN writes in lower case (its own
// case, kept), single letters (rules in letter) and numbers need no entry.
func TestBundleWordsReviewed(t *testing.T) {
	type seen struct {
		n       int
		example string
	}
	missing := map[string]*seen{}
	var kinds [3]int
	counted := map[string]bool{}
	words := 0
	for _, l := range bundleLabels(t) {
		for _, p := range split(nfc(l.text)) {
			if !p.word || hasLower(p.text) || isNumber(p.text) {
				continue
			}
			k := fold(p.text)
			if len([]rune(k)) == 1 {
				continue
			}
			words++
			e, ok := lexicon[k]
			if !ok {
				if missing[k] == nil {
					missing[k] = &seen{example: l.where + ": " + l.text}
				}
				missing[k].n++
				continue
			}
			if !counted[k] {
				counted[k] = true
				kinds[e.kind]++
			}
		}
	}
	t.Logf("%d words in the labels, %d distinct: %d in dictionary.txt, %d in plain.txt, %d in capitals.txt, %d in none",
		words, len(counted)+len(missing), kinds[accented], kinds[plain], kinds[capitals], len(missing))
	if len(missing) == 0 {
		return
	}
	keys := make([]string, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s\t%d\t%s\n", k, missing[k].n, missing[k].example)
	}
	t.Errorf("%d words of the bundle are in no list: add each to dictionary.txt (with its accents), plain.txt or capitals.txt:\n%s",
		len(missing), b.String())
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// TestBundleGroupesStayDistinct: two groupes de spécialité (or two domaines)
// with different BCN labels get different phrases, so that a page never
// shows two groupes under one name (why the "DO22 : " prefix is kept).
func TestBundleGroupesStayDistinct(t *testing.T) {
	byFile := map[string]map[string]string{}
	for _, l := range bundleLabels(t) {
		if l.formation {
			continue
		}
		file, _, _ := strings.Cut(l.where, ":")
		if byFile[file] == nil {
			byFile[file] = map[string]string{}
		}
		p := Phrase(l.text)
		if other, ok := byFile[file][p]; ok && other != l.text {
			t.Errorf("%s: %q and %q both read %q", l.where, other, l.text, p)
		}
		byFile[file][p] = l.text
	}
}

func BenchmarkPhrase(b *testing.B) {
	labels := bundleLabels(b)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range labels {
			if l.formation {
				Formation(l.text)
			} else {
				Phrase(l.text)
			}
		}
	}
	b.ReportMetric(float64(len(labels)), "labels/op")
}
