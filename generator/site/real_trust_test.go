package site

import (
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/indicator"
)

// realCSVs reads every CSV the real build wrote, by path.
func realCSVs(t *testing.T, out string) map[string][]map[string]string {
	t.Helper()
	files := map[string][]map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".csv") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		files[rel] = readCSV(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRealEveryBlankHasItsReason: in every CSV of the real site, a figure
// with a status column is empty exactly when its status says why, with one
// of the statuses' wordings; and every rate column has its status column.
func TestRealEveryBlankHasItsReason(t *testing.T) {
	out, _ := buildReal(t)
	wordings := map[string]bool{}
	for _, s := range indicator.Statuts() {
		wordings[s.String()] = true
	}
	blanks, files := 0, 0
	for path, rows := range realCSVs(t, out) {
		if len(rows) == 0 {
			continue
		}
		files++
		for col := range rows[0] {
			if def, ok := indicator.ByID(col); ok && def.HasStatus() {
				if _, has := rows[0][col+"_statut"]; !has {
					t.Errorf("%s: column %s has no status column", path, col)
				}
			}
			if _, ok := rows[0][col+"_statut"]; !ok {
				continue
			}
			for i, r := range rows {
				v, s := r[col], r[col+"_statut"]
				switch {
				case !wordings[s]:
					t.Errorf("%s:%d: %s_statut = %q, not a status wording", path, i+2, col, s)
				case v == "" && s == indicator.Publie.String():
					t.Errorf("%s:%d: %s is empty but said published", path, i+2, col)
				case v != "" && s != indicator.Publie.String():
					t.Errorf("%s:%d: %s = %q but said %q", path, i+2, col, v, s)
				case v == "":
					blanks++
				}
				if t.Failed() && i > 3 {
					break
				}
			}
		}
	}
	if files < 1000 || blanks < 10000 {
		t.Errorf("checked %d files and %d blanks: too few for the real site", files, blanks)
	}
}

// TestRealSecretHolds: no CSV row publishes the count a secret rate is
// computed from (the population may stay), recomputed against the raw
// InserJeunes file: every raw row with fewer than 20 leavers is secret in
// insertion-regions.csv and its count of leavers in employment is empty.
func TestRealSecretHolds(t *testing.T) {
	out, _ := buildReal(t)
	dir := realData(t)
	pairs := []struct{ rate, count *indicator.Def }{
		{indicator.TauxEmploi6, indicator.NbEnEmploi6},
		{indicator.TauxEmploi12, indicator.NbEnEmploi12},
		{indicator.TauxPoursuite, indicator.NbPoursuiteEtudes},
	}
	secret := indicator.Secret.String()
	n := 0
	for path, rows := range realCSVs(t, out) {
		for i, r := range rows {
			for _, p := range pairs {
				if r[p.rate.StatusColumn("")] == secret {
					n++
					if v, ok := r[p.count.ID]; ok && v != "" {
						t.Errorf("%s:%d: %s is secret but %s = %s gives it back", path, i+2, p.rate.ID, p.count.ID, v)
					}
				}
			}
		}
	}
	raw := rawCSV(t, filepath.Join(dir, "tjp-pilotage/ij_region_data.csv"))
	small := 0
	for _, r := range raw {
		if s, err := strconv.Atoi(r["nb_sortant"]); err == nil && s < indicator.Seuil && r["nb_en_emploi_6_mois"] != "" {
			small++
		}
	}
	got := 0
	for _, r := range readCSV(t, filepath.Join(out, "donnees/insertion-regions.csv")) {
		if r["taux_emploi_6_mois_statut"] == secret && r["nb_sortants"] != "" {
			if s, _ := strconv.Atoi(r["nb_sortants"]); s < indicator.Seuil {
				got++
			}
		}
	}
	if small < 1000 || got != small {
		t.Errorf("raw rows with fewer than %d leavers and a count in employment: %d; secret rows of insertion-regions.csv with as few leavers: %d", indicator.Seuil, small, got)
	}
	if n < small {
		t.Errorf("%d secret rates found in the CSVs, fewer than the %d raw rows", n, small)
	}
}

// TestRealRatesRoundHalfUp: every published taux d'emploi à 6 mois of
// insertion-regions.csv is the exact ratio of the raw counts rounded half
// up to one decimal; the file has exact ties (41/80 = 51,25 → 51,3) and
// they are rounded up, not to the nearest even digit of a float.
func TestRealRatesRoundHalfUp(t *testing.T) {
	out, _ := buildReal(t)
	dir := realData(t)
	type key struct{ region, millesime, voie, mef, cfd string }
	want := map[key]string{}
	ties := 0
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/ij_region_data.csv")) {
		num, err1 := strconv.ParseInt(r["nb_en_emploi_6_mois"], 10, 64)
		den, err2 := strconv.ParseInt(r["nb_sortant"], 10, 64)
		if err1 != nil || err2 != nil || den < indicator.Seuil {
			continue
		}
		pm := (2*num*1000 + den) / (2 * den)
		if (num*1000*2)%den == 0 && (num*1000*2/den)%2 == 1 {
			ties++
		}
		mef, cfd := r["mefstat11"], r["cfd"]
		if r["voie"] == "scolaire" {
			cfd = ""
		} else {
			mef = ""
		}
		k := key{r["code_region"], r["millesime"], r["voie"], mef, cfd}
		want[k] = strconv.FormatInt(pm/10, 10) + "." + strconv.FormatInt(pm%10, 10)
	}
	checked := 0
	for _, r := range readCSV(t, filepath.Join(out, "donnees/insertion-regions.csv")) {
		mef, cfd := r["mefstat11"], ""
		if r["voie"] != "scolaire" {
			mef, cfd = "", r["code_formation_diplome"]
		}
		w, ok := want[key{r["code_region"], r["millesime"], r["voie"], mef, cfd}]
		if !ok {
			continue
		}
		checked++
		if r["taux_emploi_6_mois"] != w {
			t.Errorf("%s %s %s %s: taux_emploi_6_mois %q, exact half-up %q", r["code_region"], r["millesime"], mef, cfd, r["taux_emploi_6_mois"], w)
			if checked > 20 {
				break
			}
		}
	}
	if ties < 10 || checked < 10000 {
		t.Errorf("%d exact ties in the raw file, %d rates checked: too few", ties, checked)
	}
}

// TestRealCapacityAtItsEntryYear: an Affelnet 2022 offer with a valid
// public capacity at either year of entry shows it, with that year: the
// example of the issue (0760088H, Esthétique cosmétique parfumerie, 30
// places and 53 vœux in première professionnelle), and none left blank.
func TestRealCapacityAtItsEntryYear(t *testing.T) {
	out, _ := buildReal(t)
	dir := realData(t)
	offres := readCSV(t, filepath.Join(out, "donnees/offres.csv"))
	found := false
	for _, o := range offres {
		if o["rentree"] == "2022" && o["uai"] == "0760088H" && o["code_formation_diplome"] == "40033603" {
			found = true
			check(t, "0760088H × 40033603 in 2022", o, map[string]string{"capacite": "30", "premiers_voeux": "53", "annee_capacite": "2", "annee_entree": "2"})
		}
	}
	if !found {
		t.Fatal("no 2022 offer 0760088H × 40033603 in offres.csv")
	}
	// Raw: valid public capacities of 2022, by UAI × CFD × dispositif.
	cfdOf := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/nMef.csv")) {
		if r["MEF_STAT_11"] != "" && (cfdOf[r["MEF_STAT_11"]] == "" || r["DATE_FERMETURE"] == "") {
			cfdOf[r["MEF_STAT_11"]] = r["FORMATION_DIPLOME"] + "|" + r["DISPOSITIF_FORMATION"]
		}
	}
	public := map[string]bool{}
	for _, e := range readCSV(t, filepath.Join(out, "donnees/etablissements.csv")) {
		public[e["uai"]] = e["secteur"] == "public"
	}
	valid := map[string]bool{}
	for _, r := range rawCSV(t, filepath.Join(dir, "tjp-pilotage/2022/attractivite_capacite_2022.csv")) {
		c, err := strconv.Atoi(r["Capacité carte scolaire"])
		uai := r["Etablissement d'accueil"]
		if err != nil || c < 5 || c > 500 || r["Voeu de recensement O/N"] != "N" || r["Statut Offre de formation"] != "ST" || !public[uai] {
			continue
		}
		valid[uai+"|"+cfdOf[r["MEF STAT 11"]]] = true
	}
	blank, n := 0, 0
	for _, o := range offres {
		if o["rentree"] != "2022" || o["source_capacite_voeux"] != "affelnet" {
			continue
		}
		n++
		if o["capacite"] == "" && valid[o["uai"]+"|"+o["code_formation_diplome"]+"|"+o["code_dispositif"]] {
			blank++
			if blank < 5 {
				t.Errorf("2022 offer %s × %s %s: no capacity shown, Affelnet has a valid one", o["uai"], o["code_formation_diplome"], o["code_dispositif"])
			}
		}
	}
	if blank > 0 || n < 10000 {
		t.Errorf("%d of %d Affelnet 2022 offers left blank with a valid capacity", blank, n)
	}
}

// TestRealValeurAjouteeByPopulation: each DEPP population has its own
// columns in etablissements.csv, equal to the raw file's values.
func TestRealValeurAjouteeByPopulation(t *testing.T) {
	out, _ := buildReal(t)
	dir := realData(t)
	raw := map[string]string{}
	for _, r := range rawCSV(t, filepath.Join(dir, "trajectoires-pro/depp-2022-etablissements-2022_2023-pro.csv")) {
		pop := map[string]string{"ensemble": "ensemble", "dont élèves en voie pro sco": "voie_pro_sco", "dont apprentis": "apprentis"}[r["Dont apprentis en EPLE"]]
		if pop != "" {
			raw[r["n°UAI de l'établissement"]+"|"+pop] = r["Valeur ajoutée"]
		}
	}
	both, checked := 0, 0
	for _, e := range readCSV(t, filepath.Join(out, "donnees/etablissements.csv")) {
		if e["millesime_depp"] != "2022_2023" {
			continue
		}
		for _, pop := range []string{"ensemble", "voie_pro_sco", "apprentis"} {
			w, ok := raw[e["uai"]+"|"+pop]
			if !ok {
				continue
			}
			checked++
			if w == "nd" || w == "" {
				w = ""
			}
			if got := e["valeur_ajoutee_depp_"+pop]; got != w {
				t.Errorf("%s %s: valeur ajoutée %q, raw %q", e["uai"], pop, got, w)
			}
		}
		if e["valeur_ajoutee_depp_ensemble"] != "" && e["valeur_ajoutee_depp_voie_pro_sco"] != "" {
			both++
		}
	}
	if checked < 3000 || both < 500 {
		t.Errorf("%d values checked, %d schools with both populations: too few", checked, both)
	}
}
