package page

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

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
	moy    map[string]map[string]indicator.Set
	ev     *evolutions
	transf *transformations // validated proposals by school and formation
	depp   map[string]depp  // the DEPP figures of each school, latest millésimes
	// renewals of the BCN, by "nouveau:"/"ancien:" + CFD, built once
	liens   map[string][]query.FormationLien
	offered map[string]bool
	// the two largest national files, written first so that their
	// spreadsheets are made in the background during the assembly
	early  []File
	sheets map[string]*sheetJob
}

// depp is a school's DEPP rows of its latest millésime and the one before,
// by population.
type depp struct {
	cur, prev   map[string]query.InsertionEtablissement
	curM, prevM string
}

// ensemble is the school's latest figures for all its pupils.
func (d depp) ensemble() indicator.Set {
	if r, ok := d.cur["ensemble"]; ok {
		return r.V
	}
	return indicator.Set{}
}

// Build assembles every page and CSV of the site.
func Build(d *query.Data, opt Options) (*Site, error) {
	b := &builder{d: d, opt: opt, y: years{d.National.Annees}, moy: map[string]map[string]indicator.Set{}, ev: newEvolutions(d.Evolution)}
	for _, m := range d.Moyennes {
		if b.moy[m.Code] == nil {
			b.moy[m.Code] = map[string]indicator.Set{}
		}
		b.moy[m.Code][m.Niveau] = m.V
	}
	rows := map[string][]query.InsertionEtablissement{}
	for _, r := range d.Etablissements.Insertion {
		rows[r.UAI] = append(rows[r.UAI], r)
	}
	b.depp = map[string]depp{}
	for uai, rs := range rows {
		var x depp
		x.cur, x.prev, x.curM, x.prevM = deppLatest(rs)
		b.depp[uai] = x
	}
	if b.transf, b.err = newTransformations(opt.Propositions); b.err != nil {
		return nil, b.err
	}
	b.early = b.nationalEarly()
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
		Path: "/recherche/", Kind: KindIndex, Title: "Rechercher",
		Description: "Rechercher une région, un département, un établissement, une formation ou un domaine.",
		Breadcrumb:  []Link{home(), {Text: "Rechercher"}},
		Search:      true,
		Sections: []Section{{ID: "parcourir", Title: "Parcourir sans recherche", Groups: []Group{{Links: []Link{
			{Href: "/regions/", Text: "Toutes les régions"}, {Href: "/departements/", Text: "Tous les départements"},
			{Href: "/etablissements/", Text: "Tous les établissements, par département"}, {Href: "/formations/", Text: "Toutes les formations, par niveau"},
			{Href: "/domaines/", Text: "Tous les domaines"}}}}}},
	})
	b.page(&Page{
		Path: "/plan-du-site/", Kind: KindIndex, Title: "Plan du site",
		Description: "Toutes les rubriques du site.",
		Breadcrumb:  []Link{home(), {Text: "Plan du site"}},
		Sections: []Section{
			{ID: "territoires", Title: "Territoires, établissements et formations", Groups: []Group{{Links: []Link{
				{Href: "/regions/", Text: "Régions"}, {Href: "/departements/", Text: "Départements"},
				{Href: "/etablissements/", Text: "Établissements, par département"}, {Href: "/formations/", Text: "Formations, par niveau et par domaine"},
				{Href: "/domaines/", Text: "Domaines de formation"}, {Href: "/recherche/", Text: "Rechercher"}}}}},
			{ID: "donnees", Title: "Données et explications", Groups: []Group{{Links: []Link{
				{Href: "/donnees/", Text: "Données (fichiers CSV) et sources"}, {Href: "/glossaire/", Text: "Glossaire des indicateurs"},
				{Href: "/methodologie/", Text: "Méthodologie"}}}}},
			{ID: "informations", Title: "Informations", Groups: []Group{{Links: []Link{
				{Href: "/accessibilite/", Text: "Accessibilité"}, {Href: "/mentions-legales/", Text: "Mentions légales"},
				{Href: "/donnees-personnelles/", Text: "Données personnelles"}}}}},
		},
	})
	b.page(&Page{
		Path: "/404.html", Kind: KindErreur, Title: "Page introuvable", NoSitemap: true,
		Description: "Cette adresse ne correspond à aucune page du site.",
		Intro:       []string{"Cette adresse ne correspond à aucune page du site. Les pages des régions, départements, établissements, formations et domaines sont listées depuis l'accueil."},
		Sections:    []Section{{ID: "liens", Title: "Pour continuer", Groups: []Group{{Links: []Link{home(), {Href: "/regions/", Text: "Régions"}, {Href: "/etablissements/", Text: "Établissements"}, {Href: "/formations/", Text: "Formations"}}}}}},
	})
	if b.err != nil {
		return nil, b.err
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

// mark is where the pages and files of one entity begin.
type mark struct{ pages, files int }

// start marks the beginning of an entity page's assembly.
func (b *builder) start() mark { return mark{len(b.site.Pages), len(b.site.Files)} }

// done hands the pages and files added since m to Options.Stream, keeping
// only their outlines; national files (/donnees/) stay for the data page.
func (b *builder) done(m mark) {
	if b.opt.Stream == nil || b.err != nil {
		return
	}
	pages := slices.Clone(b.site.Pages[m.pages:])
	clear(b.site.Pages[m.pages:])
	b.site.Pages = b.site.Pages[:m.pages]
	var files []File
	kept := b.site.Files[:m.files]
	for _, f := range b.site.Files[m.files:] {
		if strings.HasPrefix(f.Path, "/donnees/") {
			kept = append(kept, f)
		} else {
			files = append(files, f)
		}
	}
	clear(b.site.Files[len(kept):])
	b.site.Files = kept
	for _, p := range pages {
		b.site.Streamed = append(b.site.Streamed, p.Outline())
	}
	t0 := time.Now()
	b.fail(b.opt.Stream(pages, files))
	b.site.StreamWait += time.Since(t0)
}

func (b *builder) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// csv renders rows to a file and returns the link to it.
func (b *builder) csv(path, text string, rows any) *Link {
	data, err := table.CSV(rows)
	if err != nil {
		b.fail(fmt.Errorf("page %s: %w", path, err))
		return nil
	}
	b.site.Files = append(b.site.Files, File{Path: path, Data: data})
	return csvLink(path, text, data)
}

// html builds the page form of rows.
func (b *builder) html(rows any) table.HTML {
	h, err := table.Build(rows)
	b.fail(err)
	return h
}

// tableOf builds the HTML table and the CSV of the same rows.
func (b *builder) tableOf(caption, csvPath, csvText string, rows any) *Table {
	return &Table{Caption: caption, HTML: b.html(rows), CSV: b.csv(csvPath, csvText, rows)}
}

// sortable is tableOf for a table the reader can sort by column.
func (b *builder) sortable(caption, csvPath, csvText string, rows any) *Table {
	t := b.tableOf(caption, csvPath, csvText, rows)
	t.Sortable = true
	return t
}

// quadrant positions a formation row against the means of its région
// (code) or the nation ("") for its niveau.
func (b *builder) quadrant(code string, f query.Formation, set indicator.Set) indicator.Quadrant {
	if f.Commune() {
		return indicator.SansObjetQ
	}
	m, ok := b.moy[code][f.Niveau]
	if !ok {
		return indicator.HorsQuadrant
	}
	return indicator.Position(set.Get(indicator.TauxEmploi6), set.Get(indicator.TauxPoursuite),
		m.Get(indicator.TauxEmploi6), m.Get(indicator.TauxPoursuite))
}

func (b *builder) formationRows(rows []query.TerritoireFormation, echelle string, region func(code string) string) map[string][]FormationLigne {
	out := map[string][]FormationLigne{}
	for _, r := range rows {
		l := b.formationLigne(r.Formation, r.V, r.Sortie, echelle)
		code := ""
		if region != nil {
			code = region(r.Code)
		}
		q := b.quadrant(code, r.Formation, r.V)
		l.Quadrant = table.Coded{Code: q.Code(), Text: q.Libelle()}
		out[r.Code] = append(out[r.Code], l)
	}
	return out
}

const formationsNote = "Effectifs : %s ; capacités et vœux : %s ; taux InserJeunes : %s, voie scolaire, %s. " +
	"Quadrant : position du taux d'emploi à 6 mois et du taux de poursuite d'études par rapport à la moyenne %s du même niveau de diplôme."

func (b *builder) formationsSection(caption, csvPath string, rows []FormationLigne, scope, moyenne string) Section {
	return Section{
		ID:    "formations",
		Title: "Formations",
		Text: []string{fmt.Sprintf(formationsNote, b.y.constat(), b.y.attract(), b.y.millesime(), scope, moyenne),
			fmt.Sprintf("Un taux calculé sur moins de %d élèves n'est pas publié (secret statistique).", indicator.Seuil)},
		Table: b.sortable(caption, csvPath, "Télécharger les formations", distinguish(nonNil(rows))),
	}
}

// contents adds the editorial pages; the "donnees" one introduces the data
// page built from the CSV files (donneesContent).
func (b *builder) contents() {
	for _, c := range b.opt.Contents {
		if c.Slug == "donnees" {
			continue
		}
		b.page(&Page{
			Path: "/" + c.Slug + "/", Kind: KindContenu, Title: c.Title, Description: c.Description,
			Breadcrumb: []Link{home(), {Text: c.Title}}, Content: c.HTML, TOC: c.TOC,
		})
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
