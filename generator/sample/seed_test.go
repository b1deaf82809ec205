package sample

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/load"
	"github.com/orion-static/orion/generator/query"
)

var (
	seedFrom = flag.String("seed-from", "", "real data directory to extract data/sample/seed.json from")
	update   = flag.Bool("update", false, "rewrite data/sample/seed.json")
)

// TestExtractSeed rebuilds the embedded seed from the real bundle:
//
//	go test ./generator/sample -run TestExtractSeed -seed-from=../shared/data -update
func TestExtractSeed(t *testing.T) {
	if *seedFrom == "" || !*update {
		t.Skip("needs -seed-from DIR -update")
	}
	ctx := context.Background()
	m, err := load.ReadManifest(data.FS, "manifest/formats.json", "manifest/real.json")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Open()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := load.Load(ctx, conn, os.DirFS(*seedFrom), m); err != nil {
		t.Fatal(err)
	}
	if err := query.Model(ctx, conn); err != nil {
		t.Fatal(err)
	}
	q := func(stmt string, args ...any) [][]string {
		t.Helper()
		rows, err := conn.QueryContext(ctx, stmt, args...)
		if err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out [][]string
		for rows.Next() {
			v := make([]sql.NullString, len(cols))
			p := make([]any, len(cols))
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			r := make([]string, len(cols))
			for i := range v {
				r[i] = v[i].String
			}
			out = append(out, r)
		}
		return out
	}
	var s Seed
	for _, r := range q(`SELECT d.code3, d.libelle, d.code_academie, d.libelle_academie, d.code_region, r.libelle,
			coalesce((SELECT min(code_region_ij) FROM ij_region i WHERE i.code_region = d.code_region), '')
		FROM departement d JOIN region r ON r.code = d.code_region ORDER BY d.code3`) {
		s.Territoires = append(s.Territoires, Territoire{r[0], r[1], r[2], r[3], r[4], r[5], r[6]})
	}
	famille := q(`SELECT famille FROM famille_metiers f
		WHERE cfd_specialite IN (SELECT cfd FROM offre_courante) AND cfd_commun IN (SELECT cfd FROM offre_courante)
		GROUP BY famille ORDER BY count(*) DESC, famille LIMIT 1`)[0][0]
	cfds := q(`WITH pop AS (
			SELECT o.cfd, f.niveau, count(DISTINCT o.uai) AS n FROM offre_courante o JOIN formation f USING (cfd)
			WHERE f.type_famille IS NULL AND o.dispositif IS NOT NULL GROUP BY o.cfd, f.niveau),
		ranked AS (SELECT *, row_number() OVER (PARTITION BY niveau ORDER BY n DESC, cfd) AS r FROM pop)
		SELECT cfd FROM ranked WHERE niveau = '500' AND r <= 16 OR niveau = '503' AND r <= 4 OR niveau = '400' AND r <= 16
			OR niveau = '403' AND r <= 5 OR niveau = '320' AND r <= 12
		UNION SELECT cfd_commun FROM famille_metiers WHERE famille = ? AND cfd_commun IS NOT NULL
		UNION SELECT cfd_specialite FROM famille_metiers WHERE famille = ? AND cfd_specialite IN (SELECT cfd FROM offre_courante)
		ORDER BY 1`, famille, famille)
	var list []string
	for _, r := range cfds {
		list = append(list, r[0])
	}
	in := "'" + strings.Join(list, "','") + "'"
	for _, r := range q(`SELECT f.cfd, f.niveau, coalesce(f.nsf, ''), f.libelle_bcn, coalesce(b.libelle_court, ''), coalesce(f.libelle, ''),
			coalesce(f.cpc, ''), coalesce(f.cpc_secteur, ''), coalesce(f.type_famille, ''),
			(SELECT o.dispositif FROM offre_courante o WHERE o.cfd = f.cfd GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)
		FROM formation f JOIN n_formation_diplome b ON b.cfd = f.cfd WHERE f.cfd IN (` + in + `) ORDER BY f.cfd`) {
		fo := Formation{CFD: r[0], Niveau: r[1], NSF: r[2], LibelleBCN: r[3], Court: r[4], Intitule: r[5], CPC: r[6], Secteur: r[7], Dispositif: r[9], EstCommune: r[8] == "2nde commune"}
		if r[8] == "spécialité" {
			fo.Commune = q(`SELECT min(cfd_commun) FROM famille_metiers WHERE cfd_specialite = ?`, fo.CFD)[0][0]
		}
		for _, m := range q(`SELECT mef, mef_stat_11, libelle, annee, duree FROM n_mef
			WHERE cfd = ? AND dispositif = ? AND mef_stat_11 IS NOT NULL
			QUALIFY row_number() OVER (PARTITION BY annee ORDER BY date_fermeture IS NULL DESC, mef DESC) = 1
			ORDER BY annee`, fo.CFD, fo.Dispositif) {
			var a, d int
			json.Unmarshal([]byte(m[3]), &a)
			json.Unmarshal([]byte(m[4]), &d)
			fo.MEFs = append(fo.MEFs, MEF{MEF: m[0], Stat11: m[1], Libelle: m[2], Annee: a})
			fo.Duree = d
		}
		if len(fo.MEFs) == 0 || !fo.EstCommune && fo.MEFs[len(fo.MEFs)-1].Annee != fo.Duree {
			continue
		}
		s.Formations = append(s.Formations, fo)
	}
	niveaux, disp, nsf := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range s.Formations {
		niveaux[f.Niveau], disp[f.Dispositif], nsf[f.NSF] = true, true, true
	}
	keys := func(m map[string]bool) string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		sort.Strings(k)
		return "'" + strings.Join(k, "','") + "'"
	}
	for _, r := range q(`SELECT niveau, libelle_court, libelle FROM n_niveau WHERE niveau IN (` + keys(niveaux) + `) ORDER BY 1`) {
		s.Niveaux = append(s.Niveaux, Libelle{r[0], r[1], r[2]})
	}
	for _, r := range q(`SELECT dispositif, coalesce(niveau, ''), libelle_court, libelle FROM n_dispositif WHERE dispositif IN (` + keys(disp) + `) ORDER BY 1`) {
		s.Dispositifs = append(s.Dispositifs, Dispositif{r[0], r[1], r[2], r[3]})
	}
	for _, r := range q(`SELECT groupe, domaine, libelle, coalesce(libelle_edition, '') FROM nsf_groupe WHERE groupe IN (` + keys(nsf) + `) ORDER BY 1`) {
		s.NSFGroupes = append(s.NSFGroupes, NSF{r[0], r[1], r[2], r[3]})
	}
	for _, r := range q(`SELECT domaine, categorie, libelle FROM nsf_domaine WHERE domaine IN (SELECT domaine FROM nsf_groupe WHERE groupe IN (` + keys(nsf) + `)) ORDER BY 1`) {
		s.NSFDomaines = append(s.NSFDomaines, NSF{Code: r[0], Parent: r[1], Long: r[2]})
	}
	for _, r := range q(`SELECT categorie, libelle FROM nsf_categorie ORDER BY 1`) {
		s.NSFCategorie = append(s.NSFCategorie, Libelle{Code: r[0], Long: r[1]})
	}
	for _, r := range q(`SELECT famille, specialite, coalesce(mefstat11_commun, ''), coalesce(cfd_commun, ''), coalesce(mefstat11_specialite, ''), cfd_specialite
		FROM famille_metiers WHERE famille = ? AND cfd_specialite IN (`+in+`) ORDER BY cfd_specialite`, famille) {
		s.Familles = append(s.Familles, Famille{r[0], r[1], r[2], r[3], r[4], r[5]})
	}
	for _, r := range q(`SELECT g.groupe, g.type_groupe, g.libelle, coalesce(g.libelle_edition, ''), string_agg(l.cfd, ',' ORDER BY l.cfd)
		FROM groupe_formation g JOIN lien_formation_groupe l ON l.groupe = g.groupe
		WHERE l.cfd IN (` + in + `) GROUP BY ALL ORDER BY 1`) {
		s.Groupes = append(s.Groupes, Groupe{Code: r[0], Type: r[1], Long: r[2], Edition: r[3], CFDs: strings.Split(r[4], ",")})
	}
	for _, r := range q(`WITH c AS (
			SELECT i.code_commune AS code, count(DISTINCT uai) AS n FROM ips_lycee i GROUP BY 1),
		ranked AS (
			SELECT co.*, row_number() OVER (PARTITION BY co.code_departement ORDER BY coalesce(c.n, 0) DESC, co.code_commune) AS r
			FROM commune co LEFT JOIN c ON lpad(c.code, 5, '0') = co.code_commune)
		SELECT code_commune, nom, code_departement, latitude::VARCHAR, longitude::VARCHAR FROM ranked WHERE r <= 2 ORDER BY 1`) {
		var lat, lon float64
		json.Unmarshal([]byte(r[3]), &lat)
		json.Unmarshal([]byte(r[4]), &lon)
		s.Communes = append(s.Communes, Commune{r[0], r[1], r[2], lat, lon})
	}
	romes := map[string]bool{}
	for _, r := range q(`SELECT cfd, min(libelle), list_sort(list_distinct(flatten(list([rome_1, rome_2, rome_3]))))::VARCHAR
		FROM certif_info WHERE cfd IN (` + in + `) GROUP BY cfd ORDER BY cfd`) {
		var codes []string
		for _, c := range strings.Split(strings.Trim(r[2], "[]"), ",") {
			c = strings.TrimSpace(c)
			if c != "" && c != "NULL" {
				codes = append(codes, c)
				romes[c] = true
			}
		}
		s.FormRomes = append(s.FormRomes, FormationRome{CFD: r[0], Libelle: r[1], Romes: codes})
	}
	for _, r := range q(`SELECT code_rome, libelle, coalesce(transition_eco, ''), coalesce(transition_num, ''), coalesce(transition_demo, '') FROM rome WHERE code_rome IN (` + keys(romes) + `) ORDER BY 1`) {
		s.Romes = append(s.Romes, Rome{r[0], r[1], r[2], r[3], r[4]})
	}
	for _, r := range q(`SELECT code_ogr, libelle, code_rome FROM metier WHERE code_rome IN (` + keys(romes) + `)
		QUALIFY row_number() OVER (PARTITION BY code_rome ORDER BY code_ogr) <= 2 ORDER BY 1`) {
		s.Metiers = append(s.Metiers, Metier{r[0], r[1], r[2]})
	}
	for _, r := range q(`SELECT code, libelle FROM domaine_professionnel WHERE code IN (SELECT DISTINCT left(code_rome, 3) FROM rome WHERE code_rome IN (` + keys(romes) + `)) ORDER BY 1`) {
		s.DomainesPro = append(s.DomainesPro, Libelle{Code: r[0], Long: r[1]})
	}
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "data", "sample", "seed.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("seed: %d formations, %d communes, %d bytes (famille %q)", len(s.Formations), len(s.Communes), len(b), famille)
}
