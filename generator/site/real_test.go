package site

import (
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/internal/testenv"
	"html"

	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/orion-static/orion/generator/load"
	"github.com/orion-static/orion/generator/publish"
)

// realData is the real open-data bundle; without it the test skips (fails
// under CI=true).
func realData(t *testing.T) string {
	t.Helper()
	return testenv.RealData(t)
}

var (
	realOnce sync.Once
	realBase string // the two real builds' folder, removed by TestMain
	realOut  [2]string
	realErr  error
	realSum  *Summary
)

// TestMain removes the real builds (about 1 GB) once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if realBase != "" {
		os.RemoveAll(realBase)
	}
	os.Exit(code)
}

// buildReal builds the real bundle twice (for the determinism test) once
// per test binary.
func buildReal(t *testing.T) (string, *Summary) {
	dir := realData(t)
	realOnce.Do(func() {
		base, err := os.MkdirTemp("", "orion-real-*")
		if err != nil {
			realErr = err
			return
		}
		realBase = base
		// An empty journal, as the proposals handler leaves it before the
		// first proposal: the console and the dashboard are built too.
		journal := filepath.Join(base, "journal.jsonl")
		if realErr = os.WriteFile(journal, nil, 0o644); realErr != nil {
			return
		}
		for i := range realOut {
			realOut[i] = filepath.Join(base, fmt.Sprintf("public%d", i))
			s, err := Build(context.Background(), Config{DataDir: dir, OutDir: realOut[i], BaseURL: "https://orion.example.fr", Propositions: journal})
			if err != nil {
				realErr = err
				return
			}
			realSum = s
		}
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realOut[0], realSum
}

// rawCSV reads a real file with the standard library, independently of
// package load.
func rawCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

var scope = map[string]bool{"500": true, "503": true, "400": true, "403": true, "320": true, "323": true}

// departements3 are the 101 départements, on 3 characters.
func departements3(t *testing.T, dir string) map[string]bool {
	re := regexp.MustCompile(`^(0[0-9][0-9AB]|97[1-6])$`)
	out := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/departements_academies_regions.csv")) {
		if re.MatchString(r["codeDepartement"]) && r["codeRegion"] != "00" && r["codeRegion"] != "99" {
			out[r["codeDepartement"]] = true
		}
	}
	return out
}

func dep3(uai string) string {
	switch uai[:3] {
	case "620":
		return "02A"
	case "720":
		return "02B"
	}
	return uai[:3]
}

func TestRealBuildMatchesRawFiles(t *testing.T) {
	out, sum := buildReal(t)
	dir := realData(t)
	deps := departements3(t, dir)
	if len(deps) != 101 {
		t.Fatalf("%d départements in the raw file, want 101", len(deps))
	}
	mefCFD := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/nMef.csv")) {
		if r["MEF_STAT_11"] != "" && (mefCFD[r["MEF_STAT_11"]] == "" || r["DATE_FERMETURE"] == "") {
			mefCFD[r["MEF_STAT_11"]] = r["FORMATION_DIPLOME"]
		}
	}
	// Universe and pupils, recomputed from the raw constat and Affelnet files.
	universe := map[string]bool{}
	var pupils int64
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/2020/constat_2020.csv")) {
		cfd := mefCFD[r["Mef Bcp 11"]]
		if len(cfd) < 3 || !scope[cfd[:3]] || !deps[dep3(r["UAI"])] {
			continue
		}
		universe[r["UAI"]] = true
		n, err := strconv.ParseInt(r["Nombre d'élèves : Total"], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		pupils += n
	}
	for _, y := range []string{"2021", "2022"} {
		for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage", y, "attractivite_capacite_"+y+".csv")) {
			cfd := mefCFD[r["MEF STAT 11"]]
			if len(cfd) >= 3 && scope[cfd[:3]] && deps[dep3(r["Etablissement d'accueil"])] {
				universe[r["Etablissement d'accueil"]] = true
			}
		}
	}
	// Schools known only from Parcoursup (BTS, BTSA, voie scolaire) join
	// the universe, distance-learning providers aside (real_scope_test.go).
	added, _ := parcoursupSeul(t, dir)
	for uai := range added {
		universe[uai] = true
	}
	regions := readCSV(t, filepath.Join(out, "donnees/regions.csv"))
	var total int64
	for _, r := range regions {
		n, _ := strconv.ParseInt(r["effectif_total"], 10, 64)
		total += n
	}
	if total != pupils {
		t.Errorf("pupils of constat 2020 in the site = %d, raw file = %d", total, pupils)
	}
	want := map[string]int{"region": 18, "departement": 101, "etablissement": len(universe), "accueil": 1, "erreur": 1}
	for k, n := range want {
		if sum.Pages[k] != n {
			t.Errorf("%d pages %s, want %d", sum.Pages[k], k, n)
		}
	}
	if n := len(readCSV(t, filepath.Join(out, "donnees/formations.csv"))); sum.Pages["formation"] != n || n < 300 {
		t.Errorf("%d formation pages for %d formations", sum.Pages["formation"], n)
	}
	if n := len(readCSV(t, filepath.Join(out, "donnees/domaines.csv"))); sum.Pages["domaine"] != n || n < 30 {
		t.Errorf("%d domaine pages for %d domaines", sum.Pages["domaine"], n)
	}

	// Bretagne's taux d'emploi à 6 mois, from the raw InserJeunes sums.
	commune := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/familleMetiers.csv")) {
		commune[r["CFD_COMMUN"]] = true
	}
	var num, den, pnum, pden float64
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/ij_region_data.csv")) {
		if r["millesime"] != "2022_2023" || r["code_region"] != "53" || r["voie"] != "scolaire" {
			continue
		}
		cfd := mefCFD[r["mefstat11"]]
		if !scope[cfd[:3]] || commune[cfd] {
			continue
		}
		if r["nb_en_emploi_6_mois"] != "" && r["nb_sortant"] != "" {
			a, _ := strconv.ParseFloat(r["nb_en_emploi_6_mois"], 64)
			b, _ := strconv.ParseFloat(r["nb_sortant"], 64)
			num, den = num+a, den+b
		}
		if r["nb_poursuite_etudes"] != "" {
			a, _ := strconv.ParseFloat(r["nb_poursuite_etudes"], 64)
			b, _ := strconv.ParseFloat(r["nb_annee_term"], 64)
			pnum, pden = pnum+a, pden+b
		}
	}
	bzh := byKey(regions, "code_region", "53")
	check(t, "Bretagne", bzh, map[string]string{
		"taux_emploi_6_mois":    strconv.FormatFloat(math.Round(1000*num/den)/10, 'f', 1, 64),
		"taux_poursuite_etudes": strconv.FormatFloat(math.Round(1000*pnum/pden)/10, 'f', 1, 64),
		"millesime_insertion":   "2022_2023",
		"rentree_effectifs":     "2020",
		"rentree_remplissage":   "", // constat 2020 and Affelnet 2021-2022 never meet
		"taux_remplissage":      "",
	})

	// Bretagne's denominator of the taux de transformation: pupils of the
	// constat in their entry year (the 2nd for a spécialité of a famille de
	// métiers), without the 2ndes communes.
	mefAnnee := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/nMef.csv")) {
		if r["MEF_STAT_11"] != "" && (mefAnnee[r["MEF_STAT_11"]] == "" || r["DATE_FERMETURE"] == "") {
			mefAnnee[r["MEF_STAT_11"]] = r["ANNEE_DISPOSITIF"]
		}
	}
	// A spécialité: in familleMetiers.csv, or linked to a famille de
	// métiers (TG01) by the BCN.
	specialite := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/familleMetiers.csv")) {
		specialite[r["CFD_SPECIALITE"]] = true
	}
	tg01 := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/n_groupe_formation_.csv")) {
		tg01[r["GROUPE_FORMATION"]] = r["TYPE_GROUPE_FORMATION"] == "TG01"
	}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/n_lien_formation_groupe_.csv")) {
		if tg01[r["GROUPE_FORMATION"]] && !commune[r["FORMATION_DIPLOME"]] {
			specialite[r["FORMATION_DIPLOME"]] = true
		}
	}
	regionOf := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/departements_academies_regions.csv")) {
		regionOf[r["codeDepartement"]] = r["codeRegion"]
	}
	var entree int64
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/2020/constat_2020.csv")) {
		cfd := mefCFD[r["Mef Bcp 11"]]
		if len(cfd) < 3 || !scope[cfd[:3]] || regionOf[dep3(r["UAI"])] != "53" || commune[cfd] {
			continue
		}
		first := "1"
		if specialite[cfd] {
			first = "2"
		}
		if mefAnnee[r["Mef Bcp 11"]] == first {
			n, _ := strconv.ParseInt(r["Nombre d'élèves : Total"], 10, 64)
			entree += n
		}
	}
	check(t, "Bretagne (pilotage, journal vide)", byKey(readCSV(t, filepath.Join(out, "pilotage/transformation-regions.csv")), "code", "53"), map[string]string{
		"effectif_entree":     strconv.FormatInt(entree, 10),
		"places_transformees": "0",
		"taux_transformation": "0.0",
	})

	// Continuum: the renewed bac pro 40025012 has no InserJeunes row of its
	// own in 2022_2023; it shows the rates of 40025007, which it replaces.
	var own int
	var cnum, cden float64
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/ij_region_data.csv")) {
		if r["millesime"] != "2022_2023" || r["voie"] != "scolaire" {
			continue
		}
		switch mefCFD[r["mefstat11"]] {
		case "40025012":
			own++
		case "40025007":
			if r["nb_en_emploi_6_mois"] != "" && r["nb_sortant"] != "" {
				a, _ := strconv.ParseFloat(r["nb_en_emploi_6_mois"], 64)
				b, _ := strconv.ParseFloat(r["nb_sortant"], 64)
				cnum, cden = cnum+a, cden+b
			}
		}
	}
	if own != 0 || cden == 0 {
		t.Fatalf("raw InserJeunes 2022_2023: %d rows for 40025012, %g sortants for 40025007: the continuum example no longer holds", own, cden)
	}
	check(t, "40025012 (continuum)", byKey(readCSV(t, filepath.Join(out, "donnees/formations.csv")), "code_formation_diplome", "40025012"), map[string]string{
		"insertion_ancien_diplome": "40025007",
		"taux_emploi_6_mois":       strconv.FormatFloat(math.Round(1000*cnum/cden)/10, 'f', 1, 64),
	})
	if b, err := os.ReadFile(filepath.Join(out, "formations/40025012/index.html")); err != nil || !strings.Contains(html.UnescapeString(string(b)), "taux de l'ancien diplôme 40025007, que cette formation rénovée remplace") {
		t.Errorf("the page of 40025012 does not say its rates are those of 40025007 (%v)", err)
	}

	// A real school's page shows its DEPP valeur ajoutée.
	var va string
	for _, r := range rawCSV(t, filepath.Join(dir, "trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv")) {
		if r["n°UAI de l'établissement"] == "0010001W" && r["Dont apprentis en EPLE"] == "ensemble" {
			va = r["Valeur ajoutée"]
		}
	}
	if va == "" {
		t.Fatal("no valeur ajoutée for 0010001W in the raw file")
	}
	page, err := os.ReadFile(filepath.Join(out, "etablissements/0010001W/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.ParseInt(va, 10, 64)
	page = []byte(html.UnescapeString(string(page))) // &#43;10 reads +10
	if !strings.Contains(string(page), ">Valeur ajoutée du lycée (emploi à 6 mois) — ensemble des élèves</a>") || !strings.Contains(string(page), ">"+indicator.Format(indicator.Points, n)+"<") {
		t.Errorf("page of 0010001W does not show its valeur ajoutée %s", va)
	}
	if !strings.Contains(string(page), `<link rel="canonical" href="https://orion.example.fr/etablissements/0010001W/">`) {
		t.Error("no canonical link")
	}
}

func TestRealBuildIsDeterministic(t *testing.T) {
	buildReal(t)
	a, b := realOut[0], realOut[1]
	n := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return fmt.Errorf("%s missing from the second build", rel)
		}
		if !bytes.Equal(x, y) {
			return fmt.Errorf("%s differs between two builds", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := 0
	filepath.WalkDir(b, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			m++
		}
		return nil
	})
	if n != m {
		t.Fatalf("%d files in the first build, %d in the second", n, m)
	}
}

// TestCorruptInputKeepsPreviousSite corrupts one cell of a copy of the real
// bundle: the build must fail naming the file and line, and leave the
// previous output as it was.
func TestCorruptInputKeepsPreviousSite(t *testing.T) {
	dir := realData(t)
	farm := t.TempDir()
	const victim = "tjp-pilotage/2020/constat_2020.csv"
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		dst := filepath.Join(farm, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if rel == victim {
			return nil
		}
		return os.Symlink(p, dst)
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, victim))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(raw, []byte("\n"))
	const bad = 1234 // 1-based line number
	lines[bad-1] = []byte("2020;0750330B;32211022207;quatre-vingt\n")
	if err := os.WriteFile(filepath.Join(farm, victim), bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	previous := map[string]string{publish.Marker: "x", "index.html": "ancien site"}
	for k, v := range previous {
		os.WriteFile(filepath.Join(out, k), []byte(v), 0o644)
	}
	_, err = Build(context.Background(), Config{DataDir: farm, OutDir: out})
	var ie *load.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an input error", err)
	}
	wantMsg := fmt.Sprintf("%s:%d: column 4 (Nombre d'élèves : Total): expected a non-negative integer", victim, bad)
	if !strings.Contains(err.Error(), wantMsg) {
		t.Errorf("error %q does not contain %q", err, wantMsg)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != len(previous) {
		t.Errorf("output has %d entries after a failed build, want %d", len(entries), len(previous))
	}
	for k, v := range previous {
		if b, _ := os.ReadFile(filepath.Join(out, k)); string(b) != v {
			t.Errorf("%s changed after a failed build", k)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.build-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary directories left behind: %v", leftovers)
	}
}
