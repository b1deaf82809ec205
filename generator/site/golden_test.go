package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// TestGoldenPages compares one page of each type, built from the fixture,
// with its golden file; run with -update after an intended change and
// review the diff.
func TestGoldenPages(t *testing.T) {
	out := buildFixture(t)
	pages := []string{
		"index.html", "regions/index.html", "regions/53/index.html", "departements/35/index.html",
		"etablissements/0350001A/index.html", "etablissements/0750003C/index.html", "formations/40025000/index.html",
		"domaines/250/index.html", "donnees/index.html", "recherche/index.html", "404.html",
		"donnees/regions.csv", "regions/53/formations-region-53.csv", "etablissements/0350001A/offres-0350001A.csv",
	}
	for _, p := range pages {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".html") {
			// One tag per line, so that diffs of golden files are readable.
			got = bytes.ReplaceAll(got, []byte("><"), []byte(">\n<"))
		}
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator/site -run TestGoldenPages -update)", err)
		}
		if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
			t.Errorf("%s differs from %s (-golden +built); review, then run go test ./generator/site -run TestGoldenPages -update:\n%s", p, golden, diff)
		}
	}
}
