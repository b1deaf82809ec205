package site

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// The site's niveaux, with the BTS agricole (BTSA, 323), and those of
// Parcoursup among them.
var (
	scopeBTSA       = map[string]bool{"500": true, "503": true, "400": true, "403": true, "320": true, "323": true}
	scopeParcoursup = map[string]bool{"320": true, "323": true}
)

// bcnMef is what the test needs of a MEF STAT 11 in the BCN (the open MEF
// wins over closed ones, as in the model).
type bcnMef struct{ cfd, dispositif, annee string }

func rawMefs(t *testing.T, dir string) map[string]bcnMef {
	out := map[string]bcnMef{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/nMef.csv")) {
		m := r["MEF_STAT_11"]
		if _, ok := out[m]; m != "" && (!ok || r["DATE_FERMETURE"] == "") {
			out[m] = bcnMef{r["FORMATION_DIPLOME"], r["DISPOSITIF_FORMATION"], r["ANNEE_DISPOSITIF"]}
		}
	}
	return out
}

// parcoursupRow is a Parcoursup offer in voie scolaire of a BTS or BTSA.
type parcoursupRow struct {
	rentree, uai, libelle string
	mef                   bcnMef
	voeux, capacite       string
}

func rawParcoursup(t *testing.T, dir string, mefs map[string]bcnMef) []parcoursupRow {
	var out []parcoursupRow
	for _, y := range []string{"2022", "2023", "2024"} {
		for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage", y, "BTS_attractivite_capacite_"+y+".csv")) {
			m, ok := mefs[r["MEFSTAT11"]]
			if !ok || r["STATUT"] != "Scolaire" || len(m.cfd) < 3 || !scopeParcoursup[m.cfd[:3]] {
				continue
			}
			out = append(out, parcoursupRow{y, r["UAI"], r["LIBELLÉFORMATION"], m, r["NB_VOEUX_CONFIRMES"], r["CAPACITEPSUP"]})
		}
	}
	return out
}

// parcoursupSeul recomputes, from the raw files, the schools the site
// knows from Parcoursup only (BTS and BTSA in voie scolaire, in one of the
// 101 départements, in neither the constat nor Affelnet), and the
// distance-learning providers left out among them: those whose every
// offer is "entièrement en distanciel".
func parcoursupSeul(t *testing.T, dir string) (added, distance map[string]bool) {
	t.Helper()
	mefs := rawMefs(t, dir)
	deps := departements3(t, dir)
	known := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/2020/constat_2020.csv")) {
		if m := mefs[r["Mef Bcp 11"]]; len(m.cfd) >= 3 && scopeBTSA[m.cfd[:3]] {
			known[r["UAI"]] = true
		}
	}
	for _, y := range []string{"2021", "2022"} {
		for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage", y, "attractivite_capacite_"+y+".csv")) {
			if m := mefs[r["MEF STAT 11"]]; len(m.cfd) >= 3 && scopeBTSA[m.cfd[:3]] {
				known[r["Etablissement d'accueil"]] = true
			}
		}
	}
	onlyDistance := map[string]bool{}
	for _, r := range rawParcoursup(t, dir, mefs) {
		if known[r.uai] || !deps[dep3(r.uai)] {
			continue
		}
		d := strings.Contains(strings.ToLower(r.libelle), "entièrement en distanciel")
		if v, seen := onlyDistance[r.uai]; !seen || v {
			onlyDistance[r.uai] = d
		}
	}
	added, distance = map[string]bool{}, map[string]bool{}
	for uai, d := range onlyDistance {
		if d {
			distance[uai] = true
		} else {
			added[uai] = true
		}
	}
	return added, distance
}

// TestRealParcoursupOnlySchools: every school known only from Parcoursup
// (BTS, BTSA) has its page, the distance-learning providers have none, and
// the data page counts both.
func TestRealParcoursupOnlySchools(t *testing.T) {
	out, sum := buildReal(t)
	added, distance := parcoursupSeul(t, realData(t))
	if len(added) == 0 || len(distance) == 0 {
		t.Fatalf("raw files: %d schools known only from Parcoursup, %d distance-learning providers: the example no longer holds", len(added), len(distance))
	}
	for uai := range added {
		if _, err := os.Stat(filepath.Join(out, "etablissements", uai, "index.html")); err != nil {
			t.Errorf("school %s, known only from Parcoursup, has no page: %v", uai, err)
		}
	}
	for uai := range distance {
		if _, err := os.Stat(filepath.Join(out, "etablissements", uai, "index.html")); err == nil {
			t.Errorf("distance-learning provider %s has a page", uai)
		}
	}
	n := 0
	for _, r := range readCSV(t, filepath.Join(out, "donnees/etablissements.csv")) {
		if added[r["uai"]] {
			n++
		}
	}
	if n != len(added) {
		t.Errorf("donnees/etablissements.csv lists %d of the %d schools known only from Parcoursup", n, len(added))
	}
	counts := map[string]int64{}
	for _, a := range sum.Anomalies {
		counts[a.Libelle] = a.Nombre
	}
	for libelle, want := range map[string]int{
		"Établissements présents seulement dans Parcoursup (BTS, BTSA), retenus":                                                len(added),
		"Établissements présents seulement dans Parcoursup dont toutes les formations sont entièrement à distance, non retenus": len(distance),
	} {
		if got, ok := counts[libelle]; !ok || got != int64(want) {
			t.Errorf("build summary: %q = %d (listed: %v), want %d", libelle, got, ok, want)
		}
	}
	t.Logf("%d schools known only from Parcoursup, %d distance-learning providers left out", len(added), len(distance))
}

// TestRealBTSDemandeIncludesBTSA: Bretagne's taux de demande, recomputed
// from the latest Parcoursup file, counts the BTSA and the schools known
// only from Parcoursup: Σ vœux confirmés / Σ capacités over the offers
// (school × formation × dispositif, entry year) that have both, capacities
// 0 and 999 ignored.
func TestRealBTSDemandeIncludesBTSA(t *testing.T) {
	out, _ := buildReal(t)
	dir := realData(t)
	const region, rentree = "53", "2024"
	regionOf := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/departements_academies_regions.csv")) {
		regionOf[r["codeDepartement"]] = r["codeRegion"]
	}
	added, _ := parcoursupSeul(t, dir)
	type key struct{ uai, cfd, dispositif string }
	type sums struct {
		voeux, capacite      int64
		hasVoeux, hasCap     bool
		btsa, parcoursupSeul bool
	}
	offers := map[key]*sums{}
	for _, r := range rawParcoursup(t, dir, rawMefs(t, dir)) {
		if r.rentree != rentree || regionOf[dep3(r.uai)] != region || r.mef.annee != "1" {
			continue
		}
		k := key{r.uai, r.mef.cfd, r.mef.dispositif}
		s := offers[k]
		if s == nil {
			s = &sums{btsa: r.mef.cfd[:3] == "323", parcoursupSeul: added[r.uai]}
			offers[k] = s
		}
		if v, err := strconv.ParseInt(r.voeux, 10, 64); err == nil {
			s.voeux, s.hasVoeux = s.voeux+v, true
		}
		if c, err := strconv.ParseInt(r.capacite, 10, 64); err == nil && c != 0 && c != 999 {
			s.capacite, s.hasCap = s.capacite+c, true
		}
	}
	var num, den, btsaPlaces, seulPlaces int64
	for _, s := range offers {
		if !s.hasVoeux || !s.hasCap {
			continue
		}
		num, den = num+s.voeux, den+s.capacite
		if s.btsa {
			btsaPlaces += s.capacite
		}
		if s.parcoursupSeul {
			seulPlaces += s.capacite
		}
	}
	if btsaPlaces == 0 || seulPlaces == 0 {
		t.Fatalf("Bretagne, Parcoursup %s: %d BTSA places, %d places of schools known only from Parcoursup: the example no longer holds", rentree, btsaPlaces, seulPlaces)
	}
	check(t, "Bretagne (taux de demande, BTS et BTSA)", byKey(readCSV(t, filepath.Join(out, "donnees/regions.csv")), "code_region", region), map[string]string{
		"rentree_parcoursup_bts": rentree,
		"taux_demande":           roundHalfUp(num, den, 2),
	})
	t.Logf("Bretagne %s: %d vœux / %d places (BTSA %d, schools known only from Parcoursup %d)", rentree, num, den, btsaPlaces, seulPlaces)
}

// roundHalfUp writes num/den with d decimals, halves rounded up.
func roundHalfUp(num, den int64, d int) string {
	r := new(big.Rat).SetFrac64(num, den)
	return r.FloatString(d) // big.Rat rounds halves away from zero: up, for a positive ratio
}

// TestRealConsoleDepartementLabels publishes a small journal on the real
// data: every département row of the console has its label and the usual
// code ("35", "2A", "971"), in the CSV and on the page.
func TestRealConsoleDepartementLabels(t *testing.T) {
	dir := realData(t)
	mefs := rawMefs(t, dir)
	deps := map[string]string{} // usual code -> libellé, from the raw territory file
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/departements_academies_regions.csv")) {
		if d := r["codeDepartement"]; len(d) == 3 && r["codeRegion"] != "00" && r["codeRegion"] != "99" {
			deps[strings.TrimPrefix(d, "0")] = r["libelleDepartement"]
		}
	}
	regionOf := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/departements_academies_regions.csv")) {
		regionOf[r["codeDepartement"]] = r["codeRegion"]
	}
	// One school of Ille-et-Vilaine, Corse-du-Sud and Guadeloupe, with a
	// bac pro or CAP of the constat, the first by UAI.
	type offre struct{ uai, cfd, dispositif string }
	first := map[string]offre{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/2020/constat_2020.csv")) {
		uai, m := r["UAI"], mefs[r["Mef Bcp 11"]]
		p := uai[:3]
		if (p != "035" && p != "620" && p != "971") || len(m.cfd) < 3 || (m.cfd[:3] != "400" && m.cfd[:3] != "500") {
			continue
		}
		if o, ok := first[p]; !ok || uai < o.uai || uai == o.uai && m.cfd+m.dispositif < o.cfd+o.dispositif {
			first[p] = offre{uai, m.cfd, m.dispositif}
		}
	}
	if len(first) != 3 {
		t.Fatalf("constat 2020: schools found for %v only", first)
	}
	jpath := filepath.Join(t.TempDir(), "journal.jsonl")
	j, _, err := journal.Open(jpath)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var prefixes []string
	for p := range first {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	for _, p := range prefixes {
		o := first[p]
		_, _, err := j.Submit(journal.Submission{Proposition: proposition.Proposition{
			Campagne: 2026, RentreeScolaire: 2026, CodeRegion: regionOf[dep3(o.uai)], UAI: o.uai, CFD: o.cfd, CodeDispositif: o.dispositif,
			TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: 30, Motifs: []string{"besoins_economiques_locaux"},
		}, Par: "uai:" + o.uai, At: at})
		if err != nil {
			t.Fatal(err)
		}
	}
	j.Close()

	// The console is built in shard 0 with the pages that are not an
	// entity's: a slice of the schools is enough here.
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{DataDir: dir, OutDir: out, Propositions: jpath, Shard: Shard{0, 16}}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(out, "propositions/propositions-departements.csv"))
	if len(rows) != 3 {
		t.Fatalf("propositions-departements.csv has %d rows, want 3: %v", len(rows), rows)
	}
	page, err := os.ReadFile(filepath.Join(out, "propositions/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"35", "2A", "971"} {
		check(t, "département "+code, byKey(rows, "code", code), map[string]string{
			"libelle":         deps[code],
			"propositions":    "1",
			"places_ouvertes": "6",
		})
		if deps[code] == "" || !strings.Contains(string(page), fmt.Sprintf(">%s<", deps[code])) {
			t.Errorf("the console page does not show the label of département %s (%q)", code, deps[code])
		}
	}
}
