package page

import (
	"strings"
	"testing"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/page/pagetest"
)

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
	s, err := Build(pagetest.Data(), Options{})
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
	s, err := Build(pagetest.Data(), Options{})
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
	s, err := Build(pagetest.Data(), Options{})
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
	s, err := Build(pagetest.Data(), Options{})
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
