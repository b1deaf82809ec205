package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
	"github.com/orion-static/orion/generator/sample"
)

// sampleOptions are the options of the default sample, which needs nothing
// but the repository.
func sampleOptions(_ *testing.T, seed int64) sample.Options {
	return sample.Options{Seed: seed, Scale: 1}
}

// TestSampleBuild builds the embedded default twice: every page says the
// data are fictional, the whole-site link check passes, the per-school InserJeunes
// rates reach the school pages, and both builds are byte-identical.
func TestSampleBuild(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(context.Background(), dir, sampleOptions(t, 1)); err != nil {
		t.Fatal(err)
	}
	var outs [2]string
	for i := range outs {
		outs[i] = filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Config{DataDir: dir, OutDir: outs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	pages, own := 0, 0
	err := filepath.WalkDir(outs[0], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		a, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(outs[0], p)
		b, err := os.ReadFile(filepath.Join(outs[1], rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", rel)
		}
		if strings.HasSuffix(p, ".html") {
			pages++
			if !bytes.Contains(a, []byte("Données fictives")) {
				t.Errorf("%s does not say the data are fictional", rel)
			}
		}
		if strings.HasPrefix(rel, "etablissements/") && strings.Contains(rel, "offres-") {
			for _, rec := range readCSV(t, p) {
				if rec["taux_emploi_6_mois_etablissement_statut"] == "publié" {
					own++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 400 {
		t.Errorf("%d pages", pages)
	}
	if own == 0 {
		t.Error("no school shows its own per-formation InserJeunes rate")
	}
	// The fictional journal passes the handler's own rules against the
	// reference the build published.
	f, err := os.Open(filepath.Join(outs[0], "propositions/reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := proposition.ReadReference(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	ps, torn, err := journal.Load(filepath.Join(dir, JournalName))
	if err != nil || torn != nil || len(ps) < 30 {
		t.Fatalf("sample journal: %d proposals, torn %v, err %v", len(ps), torn, err)
	}
	for _, p := range ps {
		if e := proposition.Validate(p, ref, p.CreatedAt); len(e) > 0 {
			t.Errorf("sample proposal %s breaks the rules: %v", p.Numero, e.Sorted())
		}
	}
	if _, err := os.Stat(filepath.Join(outs[0], "pilotage/transformation-regions.csv")); err != nil {
		t.Error("the sample build has no transformation dashboard")
	}
	t.Run("whole site", func(t *testing.T) { checkWholeSite(t, outs[0], "") })
}
