package page

import (
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
)

func ptr[T any](v T) *T { return &v }

func pub(d *indicator.Def, scaled int64) indicator.Value {
	return indicator.Value{Scaled: scaled, Statut: indicator.Publie, Def: d}
}

// set is a small row of figures: a région with a secret emploi rate.
func set() indicator.Set {
	return indicator.SetOf(map[string]indicator.Value{
		"nb_formations":          pub(indicator.NbFormations, 2),
		"nb_etablissements":      pub(indicator.NbEtablissements, 1),
		"effectif_total":         pub(indicator.EffectifTotal, 75),
		"effectif_entree":        pub(indicator.EffectifEntree, 42),
		"taux_emploi_6_mois":     {Statut: indicator.Secret, Def: indicator.TauxEmploi6},
		"taux_poursuite_etudes":  pub(indicator.TauxPoursuite, 371),
		"taux_devenir_favorable": pub(indicator.TauxDevenirFavorable, 775),
		"taux_pression":          pub(indicator.TauxPression, 125),
	})
}

func data() *query.Data {
	d := &query.Data{}
	d.National = query.National{Annees: query.Annees{RentreeConstat: ptr(int64(2023)), RentreeAffelnet: ptr(int64(2023)), Millesime: ptr("2022_2023")}, V: set()}
	d.Regions.Rows = []query.Region{{Code: "53", Libelle: "Bretagne", NbDepartements: 1, V: set()}}
	d.Departements.Rows = []query.Departement{{Code3: "035", Code: "35", Libelle: "Ille-et-Vilaine", CodeRegion: "53", RegionLibelle: "Bretagne", V: set()}}
	d.Etablissements.Rows = []query.Etablissement{{UAI: "0350001A", Nom: ptr("Lycée A"), Commune: ptr("Rennes"), Departement3: "035", Departement: "35",
		DepartementLibelle: "Ille-et-Vilaine", CodeRegion: "53", RegionLibelle: "Bretagne", DerniereRentree: 2023, V: set()}}
	f := query.Formation{CFD: "40025000", Libelle: ptr("Cuisine"), Niveau: "400", NiveauLibelle: "BAC PRO", Dispositif: ptr("247")}
	d.Etablissements.Offres = []query.Offre{{UAI: "0350001A", Formation: f, V: set()}}
	d.Formations.Rows = []query.FormationRow{{CFD: "40025000", Libelle: ptr("Cuisine"), Niveau: "400", NiveauLibelle: "BAC PRO", NSF: ptr("221"), V: set()}}
	d.Formations.Liens = []query.FormationLien{{CFD: "40025000", Ancien: "40025099"}}
	d.Domaines.Rows = []query.Domaine{{Code: "221", Libelle: "Agro-alimentaire, alimentation, cuisine", Domaine: "22", V: set()}}
	d.Regions.Formations = []query.TerritoireFormation{{Code: "53", Formation: f, V: set()}}
	return d
}

func byPath(t *testing.T, s *Site, path string) *Page {
	t.Helper()
	for _, p := range s.Pages {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no page %s", path)
	return nil
}

// TestPagesOwnTheirOutput: each builder sets kind, cards, sortable tables,
// search and sitemap entries of its pages.
func TestPagesOwnTheirOutput(t *testing.T) {
	s, err := Build(data(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range s.Pages {
		if p.Kind == "" || p.Title == "" {
			t.Errorf("%s: no kind or title", p.Path)
		}
		if seen[p.Path] {
			t.Errorf("%s built twice", p.Path)
		}
		seen[p.Path] = true
		entity := p.Kind == KindRegion || p.Kind == KindDepartement || p.Kind == KindEtablissement || p.Kind == KindFormation || p.Kind == KindDomaine
		if entity != (p.Index != nil) {
			t.Errorf("%s (%s): search entry %v", p.Path, p.Kind, p.Index)
		}
		if p.NoSitemap != (p.Kind == KindErreur) {
			t.Errorf("%s: in the sitemap: %v", p.Path, !p.NoSitemap)
		}
	}
	region := byPath(t, s, "/regions/53/")
	var cards []string
	for _, c := range region.Cards {
		cards = append(cards, c.Title())
	}
	want := "Formations|Élèves (toutes années de formation)|Taux de remplissage|Taux de devenir favorable|Taux de poursuite d'études|Taux d'emploi à 6 mois"
	if strings.Join(cards, "|") != want {
		t.Errorf("région cards %q, want Orion's six %q", cards, want)
	}
	formation := byPath(t, s, "/formations/40025000/")
	for _, c := range formation.Cards {
		if c.Def == indicator.NbFormations {
			t.Error("a formation page counts formations")
		}
	}
	if etab := byPath(t, s, "/etablissements/0350001A/"); strings.Join(etab.Index.Terms, " ") != "Rennes 0350001A" {
		t.Errorf("school search terms %q", etab.Index.Terms)
	}
	sortable := map[string]bool{}
	for _, p := range s.Pages {
		for _, sec := range p.Sections {
			if sec.Table != nil && sec.Table.Sortable {
				sortable[p.Path+"#"+sec.ID] = true
			}
		}
	}
	for _, k := range []string{"/regions/#regions", "/regions/53/#formations", "/formations/40025000/#regions"} {
		if !sortable[k] {
			t.Errorf("%s is not sortable", k)
		}
	}
}

// TestFiguresSayWhy: a key figure carries its declaration, year, perimeter
// and, when missing, its typed status with one wording.
func TestFiguresSayWhy(t *testing.T) {
	s, err := Build(data(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	region := byPath(t, s, "/regions/53/")
	var emploi, pression *Figure
	for i, f := range append(region.Cards, region.Figures...) {
		switch f.Def {
		case indicator.TauxEmploi6:
			emploi = &append(region.Cards, region.Figures...)[i]
		case indicator.TauxPression:
			pression = &append(region.Cards, region.Figures...)[i]
		}
	}
	if emploi == nil || !emploi.Missing() || emploi.Value.Statut != indicator.Secret || !strings.HasPrefix(emploi.Shown(), "secret statistique") {
		t.Errorf("emploi figure %+v", emploi)
	}
	if emploi.Perimetre != indicator.TauxEmploi6.Perimetre || emploi.Year != "millésime 2022+2023" {
		t.Errorf("emploi perimeter %q year %q", emploi.Perimetre, emploi.Year)
	}
	if pression == nil || pression.Shown() != "1,25" || pression.Year != "rentrée 2023" {
		t.Errorf("pression figure %+v", pression)
	}
}

// TestRenewalLinks: a renewed formation names the diploma it replaces.
func TestRenewalLinks(t *testing.T) {
	s, err := Build(data(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := byPath(t, s, "/formations/40025000/")
	found := false
	for _, id := range f.Identity {
		if id.Label == "Formation rénovée : remplace" && strings.Contains(id.Value, "40025099") {
			found = true
		}
	}
	if !found {
		t.Errorf("no renewal line in %+v", f.Identity)
	}
}

// TestCSVsHaveReasons: every national CSV gives, beside each empty figure
// with a status column, the reason.
func TestCSVsHaveReasons(t *testing.T) {
	s, err := Build(data(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Files {
		if f.Path != "/donnees/regions.csv" {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(f.Data)), "\n")
		header := strings.Split(lines[0], ",")
		row := strings.Split(lines[1], ",")
		for i, h := range header {
			if strings.HasSuffix(h, "_statut") && row[i-1] == "" && row[i] == "" {
				t.Errorf("%s: %s empty without a reason", f.Path, header[i-1])
			}
		}
		return
	}
	t.Fatal("no /donnees/regions.csv")
}
