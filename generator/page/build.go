package page

import (
	"fmt"
	"sort"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// builder accumulates pages and files.
type builder struct {
	d    *query.Data
	opt  Options
	y    years
	site Site
	err  error
	// reference means for the quadrant: région (or "" national) → niveau
	moy map[string]map[string]Taux
	ev  *evolutions
}

// Build assembles every page and CSV of the site.
func Build(d *query.Data, opt Options) (*Site, error) {
	b := &builder{d: d, opt: opt, y: years{d.National.Annees}, moy: map[string]map[string]Taux{}, ev: newEvolutions(d)}
	for _, m := range d.Moyennes {
		if b.moy[m.Code] == nil {
			b.moy[m.Code] = map[string]Taux{}
		}
		b.moy[m.Code][m.Niveau] = taux(m.Sortie)
	}
	b.regions()
	b.departements()
	b.etablissements()
	b.formations()
	b.domaines()
	b.donnees()
	b.accueil()
	b.contents()
	b.propositions()
	b.page(&Page{
		Path: "/recherche/", Kind: "index", Title: "Rechercher",
		Description: "Rechercher une région, un département, un établissement, une formation ou un domaine.",
		Breadcrumb:  []Link{home(), {Text: "Rechercher"}},
		Search:      true,
		Sections: []Section{{ID: "parcourir", Title: "Parcourir sans recherche", Groups: []Group{{Links: []Link{
			{Href: "/regions/", Text: "Toutes les régions"}, {Href: "/departements/", Text: "Tous les départements"},
			{Href: "/etablissements/", Text: "Tous les établissements, par département"}, {Href: "/formations/", Text: "Toutes les formations, par niveau"},
			{Href: "/domaines/", Text: "Tous les domaines"}}}}}},
	})
	b.page(&Page{
		Path: "/404.html", Kind: "erreur", Title: "Page introuvable",
		Description: "Cette adresse ne correspond à aucune page du site.",
		Intro:       []string{"Cette adresse ne correspond à aucune page du site. Les pages des régions, départements, établissements, formations et domaines sont listées depuis l'accueil."},
		Sections:    []Section{{ID: "liens", Title: "Pour continuer", Groups: []Group{{Links: []Link{home(), {Href: "/regions/", Text: "Régions"}, {Href: "/etablissements/", Text: "Établissements"}, {Href: "/formations/", Text: "Formations"}}}}}},
	})
	if b.err != nil {
		return nil, b.err
	}
	for _, p := range b.site.Pages {
		if p.Kind == "formation" {
			// A formation page counts the formation itself: drop the count.
			var f []Figure
			for _, x := range p.Figures {
				if x.Label != "Formations" {
					f = append(f, x)
				}
			}
			p.Figures = f
		}
		if p.Kind != "etablissement" && p.Kind != "erreur" {
			p.Cards, p.Figures = splitCards(p.Figures)
		}
		for _, s := range p.Sections {
			if s.Table != nil && s.ID == "formations" || s.Table != nil && s.ID == "regions" {
				s.Table.Sortable = true
			}
			if len(s.Charts) > 0 || len(s.Views) > 0 {
				p.HasCharts = true
			}
		}
	}
	sort.Slice(b.site.Pages, func(i, j int) bool { return b.site.Pages[i].Path < b.site.Pages[j].Path })
	sort.Slice(b.site.Files, func(i, j int) bool { return b.site.Files[i].Path < b.site.Files[j].Path })
	return &b.site, nil
}

func (b *builder) page(p *Page) *Page {
	b.site.Pages = append(b.site.Pages, p)
	p.Fictional = b.opt.Fictional
	p.DataName = b.opt.DataName
	p.DataVersion = b.opt.DataVersion
	if b.opt.BaseURL != "" {
		p.Canonical = b.opt.BaseURL + p.Path
	}
	return p
}

// csv renders rows to a file and returns the link to it.
func (b *builder) csv(path, text string, rows any) *Link {
	data, err := table.CSV(rows)
	if err != nil {
		if b.err == nil {
			b.err = fmt.Errorf("page %s: %w", path, err)
		}
		return nil
	}
	b.site.Files = append(b.site.Files, File{Path: path, Data: data})
	return csvLink(path, text, data)
}

// tableOf builds the HTML table and the CSV of the same rows.
func (b *builder) tableOf(caption, csvPath, csvText string, rows any) *Table {
	return &Table{Caption: caption, HTML: table.Build(rows), CSV: b.csv(csvPath, csvText, rows)}
}

// quadrant positions a formation row against the means of its région
// (code) or the nation ("") for its niveau.
func (b *builder) quadrant(code string, f query.Formation, s query.Sortie) string {
	if f.TypeFamille != nil && *f.TypeFamille == "2nde commune" {
		return string(indicator.SansObjet)
	}
	m, ok := b.moy[code][f.Niveau]
	if !ok {
		return string(indicator.HorsQuadrant)
	}
	t := taux(s)
	return string(indicator.Position(t.Emploi6, t.Poursuite, m.Emploi6, m.Poursuite))
}

func (b *builder) formationRows(rows []query.TerritoireFormation, echelle string, region func(code string) string) map[string][]FormationLigne {
	out := map[string][]FormationLigne{}
	for _, r := range rows {
		l := formationLigne(r.Formation, r.Entree, r.Sortie, b.y.row(), echelle)
		if region != nil {
			l.Quadrant = b.quadrant(region(r.Code), r.Formation, r.Sortie)
		} else {
			l.Quadrant = b.quadrant("", r.Formation, r.Sortie)
		}
		out[r.Code] = append(out[r.Code], l)
	}
	return out
}

const formationsNote = "Effectifs : %s ; capacités et vœux : %s ; taux InserJeunes : %s, voie scolaire, %s. " +
	"Quadrant : position du taux d'emploi à 6 mois et du taux de poursuite d'études par rapport à la moyenne %s du même niveau de diplôme."

func (b *builder) formationsSection(caption, csvPath string, rows []FormationLigne, scope, moyenne string) Section {
	if rows == nil {
		rows = []FormationLigne{}
	}
	return Section{
		ID:    "formations",
		Title: "Formations",
		Text: []string{fmt.Sprintf(formationsNote, b.y.constat(), b.y.attract(), b.y.millesime(), scope, moyenne),
			fmt.Sprintf("Un taux calculé sur moins de %d élèves n'est pas publié (secret statistique).", indicator.Seuil)},
		Table: b.tableOf(caption, csvPath, "Télécharger les formations", rows),
	}
}

// contents adds the editorial pages; the "donnees" one introduces the data
// page built from the CSV files.
func (b *builder) contents() {
	for _, c := range b.opt.Contents {
		if c.Slug == "donnees" {
			for _, p := range b.site.Pages {
				if p.Path == "/donnees/" {
					p.Title, p.Description, p.Content, p.TOC = c.Title, c.Description, c.HTML, c.TOC
					p.Intro = nil
				}
			}
			continue
		}
		b.page(&Page{
			Path: "/" + c.Slug + "/", Kind: "contenu", Title: c.Title, Description: c.Description,
			Breadcrumb: []Link{home(), {Text: c.Title}}, Content: c.HTML, TOC: c.TOC,
		})
	}
}
