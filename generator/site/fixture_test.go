package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// buildFixture builds the hand-made data set of testdata/fixture, whose
// expected figures are computed by hand in the tests below.
func buildFixture(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{DataDir: "testdata/fixture", OutDir: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

// fixtureCopy copies testdata/fixture to a temporary directory through
// edit, which may change a file's content or drop it (nil).
func fixtureCopy(t *testing.T, edit func(name string, b []byte) []byte) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/fixture", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if b = edit(e.Name(), b); b != nil {
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// readCSV returns the rows of a CSV as maps keyed by header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func byKey(rows []map[string]string, col, key string) map[string]string {
	for _, r := range rows {
		if r[col] == key {
			return r
		}
	}
	return nil
}

func check(t *testing.T, what string, row map[string]string, want map[string]string) {
	t.Helper()
	if row == nil {
		t.Fatalf("%s: row missing", what)
	}
	for k, v := range want {
		if got, ok := row[k]; !ok {
			t.Errorf("%s: no column %q", what, k)
		} else if got != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v)
		}
	}
}

func TestFixtureIndicators(t *testing.T) {
	out := buildFixture(t)
	regions := readCSV(t, filepath.Join(out, "donnees/regions.csv"))
	// Bretagne: schools A (public) and B (private) of département 035.
	check(t, "Bretagne", byKey(regions, "code_region", "53"), map[string]string{
		"rentree_effectifs":          "2023",
		"rentree_capacite_voeux":     "2023",
		"rentree_remplissage":        "2023",
		"millesime_insertion":        "2022_2023",
		"nb_etablissements":          "2",
		"effectif_annee_1":           "42", // 20 (A, X) + 10 (A, Y) + 12 (B, X)
		"effectif_entree":            "42",
		"effectif_total":             "75", // + 18 + 15
		"capacite":                   "36", // A: 12+12 (X) + 12 (Y); B private: none; "vœu de recensement" ignored
		"premiers_voeux":             "56", // 30 + 6 + 20
		"taux_pression":              "1.00",
		"taux_remplissage":           "83.3", // (20+10)/(24+12)
		"taux_emploi_6_mois":         "",     // 10/19: secret
		"taux_emploi_6_mois_statut":  "secret statistique",
		"taux_emploi_12_mois_statut": "secret statistique",
		"taux_poursuite_etudes":      "37.1", // (21+5)/(40+30)
		"taux_devenir_favorable":     "77.5", // (21+10)/40, the CAP row lacks emploi
		"nb_annee_terminale":         "70",
	})
	// Île-de-France: school C's capacity of 600 is outside 5–500.
	check(t, "Île-de-France", byKey(regions, "code_region", "11"), map[string]string{
		"capacite":                  "",
		"premiers_voeux":            "50",
		"taux_pression":             "",
		"taux_emploi_6_mois":        "50.0", // 30/60, threshold reached
		"taux_emploi_12_mois":       "60.0",
		"taux_poursuite_etudes":     "40.0",
		"taux_devenir_favorable":    "70.0",
		"taux_emploi_6_mois_statut": "publié",
	})
	forms := readCSV(t, filepath.Join(out, "regions/11/formations-region-11.csv"))
	check(t, "X in Île-de-France", byKey(forms, "code_formation_diplome", "40025000"), map[string]string{
		"position_quadrant": "Q1", // equal to the regional mean of its niveau
	})
	forms = readCSV(t, filepath.Join(out, "regions/53/formations-region-53.csv"))
	check(t, "X in Bretagne", byKey(forms, "code_formation_diplome", "40025000"), map[string]string{
		"position_quadrant": "hors quadrant", // emploi under secret
		"capacite":          "24",
		"taux_pression":     "1.25",
		"taux_remplissage":  "83.3",
	})
	// Départements show their région's InserJeunes rates.
	deps := readCSV(t, filepath.Join(out, "donnees/departements.csv"))
	check(t, "Ille-et-Vilaine", byKey(deps, "code_departement", "35"), map[string]string{
		"taux_poursuite_etudes": "37.1",
		"echelle_insertion":     "régionale",
	})
	if len(deps) != 2 {
		t.Errorf("%d départements, want 2 (988 is outside the perimeter)", len(deps))
	}
	etabs := readCSV(t, filepath.Join(out, "donnees/etablissements.csv"))
	if len(etabs) != 3 {
		t.Errorf("%d schools, want 3", len(etabs))
	}
	check(t, "school A", byKey(etabs, "uai", "0350001A"), map[string]string{
		"nom": "Lycée A de Rennes", "secteur": "public", "valeur_ajoutee_depp_ensemble": "10", "taux_emploi_6_mois_depp_ensemble": "51", // whole numbers, as the DEPP publishes them
	})
	check(t, "school C", byKey(etabs, "uai", "0750003C"), map[string]string{"nom": ""})
	page, err := os.ReadFile(filepath.Join(out, "etablissements/0750003C/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Aucun fichier ouvert ne donne le nom") {
		t.Error("a school without a name does not say so")
	}
	// The per-school × formation InserJeunes file (ij_uai_data.csv).
	offres := readCSV(t, filepath.Join(out, "etablissements/0350001A/offres-0350001A.csv"))
	check(t, "X at school A", byKey(offres, "code_formation_diplome", "40025000"), map[string]string{
		"taux_emploi_6_mois_etablissement":    "60.0", // 12/20
		"taux_poursuite_etudes_etablissement": "20.0", // 5/25
		"taux_poursuite_etudes":               "52.5", // the région's: 21/40
		"echelle_insertion":                   "régionale",
	})
	check(t, "Y at school A", byKey(offres, "code_formation_diplome", "50025000"), map[string]string{
		"taux_emploi_6_mois_etablissement_statut": "secret statistique", // 8 leavers
	})
	nat := readCSV(t, filepath.Join(out, "donnees/formations.csv"))
	check(t, "X national", byKey(nat, "code_formation_diplome", "40025000"), map[string]string{
		"taux_emploi_6_mois":    "50.6", // (10+30)/(19+60)
		"taux_poursuite_etudes": "43.6", // (21+40)/(40+100)
	})
}

func TestCancelledBuildKeepsPreviousSite(t *testing.T) {
	out := buildFixture(t)
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, Config{DataDir: "testdata/fixture", OutDir: out}); err == nil {
		t.Fatal("a cancelled build succeeded")
	}
	after, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Fatal("a cancelled build changed the previous site")
	}
}

func TestFixturePagesAreFictionalAndLinked(t *testing.T) {
	out := buildFixture(t)
	for _, p := range []string{"index.html", "regions/53/index.html", "etablissements/0350001A/index.html", "formations/40025000/index.html", "domaines/250/index.html", "departements/35/index.html"} {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, "Données fictives") {
			t.Errorf("%s does not say the data are fictional", p)
		}
		if strings.Count(s, "<h1>") != 1 || !strings.Contains(s, `<html lang="fr"`) {
			t.Errorf("%s: want one h1 and lang=fr", p)
		}
	}
}

func TestUnknownCodeFailsWithFileLineColumn(t *testing.T) {
	dir := fixtureCopy(t, func(name string, b []byte) []byte {
		if name == "constat.csv" {
			return bytes.Replace(b, []byte("2023;0750003C;23810025000;30"), []byte("2023;0750003C;23819999999;30"), 1)
		}
		return b
	})
	_, err := Build(context.Background(), Config{DataDir: dir, OutDir: filepath.Join(t.TempDir(), "public")})
	want := `constat.csv:14: column 3 (Mef Bcp 11): expected a MEF STAT 11 of the BCN (nMef.csv), got "23819999999"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v\nwant it to contain %s", err, want)
	}
}

func TestMissingFileIsNamed(t *testing.T) {
	dir := fixtureCopy(t, func(name string, b []byte) []byte {
		if name == "affelnet_2023.csv" {
			return nil
		}
		return b
	})
	_, err := Build(context.Background(), Config{DataDir: dir, OutDir: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), "affelnet_2023.csv: expected the Affelnet : capacités et premiers vœux file") {
		t.Fatalf("err = %v", err)
	}
}

// TestHostileLabelIsInert builds the fixture with a formation label that
// tries to close a script: it must come out as text everywhere, in the
// tables and inside the chart islands.
func TestHostileLabelIsInert(t *testing.T) {
	const hostile = `</script><script>alert(1)</script>`
	dir := fixtureCopy(t, func(name string, b []byte) []byte {
		if name == "n_formation_diplome.csv" {
			return bytes.Replace(b, []byte("FORMATION X (BAC PRO)"), []byte(hostile), 1)
		}
		return b
	})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{DataDir: dir, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	seen := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := os.ReadFile(p)
		if bad := strayScripts(b); bad > 0 {
			t.Errorf("%s: %d script element(s) that are neither a src script nor a JSON island", p, bad)
		}
		// (the label is shown in sentence case: compare in lower case)
		if l := bytes.ToLower(b); bytes.Contains(l, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)`)) || bytes.Contains(l, []byte("&lt;/script&gt;&lt;script&gt;alert(1)")) {
			seen++
		}
		return nil
	})
	if seen == 0 {
		t.Fatal("the hostile label is shown on no page")
	}
}

// strayScripts counts the script elements of a page that neither load a
// file nor hold a JSON island: what an injected label would create.
func strayScripts(b []byte) int {
	l := html.NewLexer(parse.NewInput(bytes.NewReader(b)))
	n := 0
	inScript, ok := false, false
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return n
		case html.StartTagToken:
			inScript = string(l.Text()) == "script"
			ok = false
		case html.AttributeToken:
			k, v := string(l.AttrKey()), strings.Trim(string(l.AttrVal()), `"'`)
			if inScript && (k == "src" || k == "type" && v == "application/json") {
				ok = true
			}
		case html.StartTagCloseToken:
			if inScript && !ok {
				n++
			}
			inScript = false
		}
	}
}
