// Package page assembles the site from query results: one typed Page per
// entity and index, and the CSV files of exactly the rows each page shows.
// It decides what a reader sees — labels, years, sources, the reason a
// value is missing — but not how it is drawn (package render). Every
// builder sets, on the pages it makes, all they publish: kind, key-figure
// cards, sortable tables, search entry and sitemap entry; nothing edits a
// page once it is built.
package page

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// Kind is the type of a page.
type Kind string

// The kinds of page.
const (
	KindAccueil       Kind = "accueil"
	KindIndex         Kind = "index"
	KindRegion        Kind = "region"
	KindDepartement   Kind = "departement"
	KindEtablissement Kind = "etablissement"
	KindFormation     Kind = "formation"
	KindDomaine       Kind = "domaine"
	KindContenu       Kind = "contenu"
	KindPropositions  Kind = "propositions"
	KindErreur        Kind = "erreur"
)

// Page is everything a page shows.
type Page struct {
	Path        string // URL path of the folder, "/regions/84/"
	Kind        Kind
	Title       string
	Description string
	Breadcrumb  []Link
	Fictional   bool
	Canonical   string // absolute URL when a base URL is configured
	DataName    string // description of the data set
	DataVersion string // latest rentrée and millésime of each source, data set version
	Intro       []string
	Identity    []Field
	Cards       []Figure // the key figures shown first, as cards
	Figures     []Figure
	Sections    []Section
	Search      bool // shows the search form and its results
	Form        *Formulaire
	Receipt     bool          // shows the numéro of a received proposal
	Content     template.HTML // rendered markdown of a content page
	TOC         []Link        // table of contents of a content page
	// Index is the page's entry in the search index; nil keeps it out.
	Index *IndexEntry
	// NoSitemap keeps the page out of sitemap.xml (the 404 page, the
	// receipt of a proposal).
	NoSitemap bool
}

// IndexEntry is what the site search knows of a page.
type IndexEntry struct {
	Kind  string   // what the page is, in words: "Établissement"
	Terms []string // shown under the title and searched: commune, codes
	// Formations are the CFDs a school offers, so that "cuisine rennes"
	// finds the schools of Rennes offering Cuisine.
	Formations []string
	// CFD and Closed, for a formation: its code, and whether the BCN
	// closed it (open formations rank first).
	CFD    string
	Closed bool
}

// Outline is the page reduced to what the search index and the sitemap
// read: its address, kind, title, breadcrumb and index entry.
func (p *Page) Outline() *Page {
	return &Page{Path: p.Path, Kind: p.Kind, Title: p.Title, Breadcrumb: p.Breadcrumb, Index: p.Index, NoSitemap: p.NoSitemap}
}

// HasCharts reports whether the page draws a chart (and so loads ECharts).
func (p *Page) HasCharts() bool {
	for _, s := range p.Sections {
		if len(s.Charts) > 0 || len(s.Views) > 0 {
			return true
		}
	}
	return false
}

// HasFilters reports whether a table of the page can be filtered (and so
// loads the filter script).
func (p *Page) HasFilters() bool {
	for _, s := range p.Sections {
		if s.Table != nil && len(s.Table.Filters) > 0 {
			return true
		}
	}
	return false
}

// NavSection is the top-level section the page belongs to, for the menu.
func (p *Page) NavSection() string {
	for _, n := range Nav {
		if n.Href != "/" && strings.HasPrefix(p.Path, n.Href) {
			return n.Href
		}
	}
	return ""
}

// Nav is the main menu.
var Nav = []Link{
	{Href: "/regions/", Text: "Régions"},
	{Href: "/departements/", Text: "Départements"},
	{Href: "/etablissements/", Text: "Établissements"},
	{Href: "/formations/", Text: "Formations"},
	{Href: "/domaines/", Text: "Domaines"},
	{Href: "/donnees/", Text: "Données"},
}

// Chart is a chart island with its table twin and a one-sentence summary.
type Chart struct {
	ID      string
	Title   string
	Summary string
	Option  any
	Caption string
	Twin    table.HTML
}

// View is one of several prebuilt variants of a block (a niveau of the
// quadrant), switched by a selector.
type View struct {
	ID    string
	Title string
	Text  []string
	Chart *Chart
}

// Link is a hyperlink.
type Link struct {
	Href string
	Text string
	Note string // shown after the link (commune, count)
}

// Field is one line of an identity list.
type Field struct {
	Label, Value, Href string
}

// Figure is a key figure: a declared figure's value (or the typed reason
// it has none, with Detail saying why in this scope), its year, source and
// perimeter. A figure that is not declared (a proposals count) has Def nil
// and its text in Text.
type Figure struct {
	Def       *indicator.Def
	Label     string // Def.Label unless set
	Value     indicator.Value
	Text      string // the value of a figure that is not declared
	Detail    string // why the value is missing here, in this scope
	Year      string
	Source    string
	Perimetre string
	Note      string
}

// Section is a titled block with optional charts, views, a table and link groups.
type Section struct {
	ID     string
	Title  string
	Text   []string
	Charts []*Chart
	Views  []View
	Table  *Table
	Groups []Group
}

// Table is an HTML table and the CSV holding the same rows.
type Table struct {
	Caption  string
	HTML     table.HTML
	CSV      *Link
	Sortable bool
	// Filters let a reader with JavaScript keep the rows of one région
	// or département; without it, every row is shown.
	Filters []Filter
}

// Filter is a choice among the values of one key of a table's rows.
type Filter struct {
	Key, Label string
	Options    []Option
}

// Group is a titled list of links.
type Group struct {
	Title string
	Links []Link
}

// File is a non-HTML output file.
type File struct {
	Path string // "/regions/84/formations-region-84.csv"
	Data []byte
}

// Site is the whole output.
type Site struct {
	Pages []*Page
	Files []File
	// Streamed are the pages already handed to Options.Stream, reduced to
	// what the search index and the sitemap read (Outline), in the order
	// they were assembled (the caller sorts them with Pages).
	Streamed []*Page
	// StreamWait is the time the assembly spent in Options.Stream, i.e.
	// waiting for the writer to take its pages (its back-pressure).
	StreamWait time.Duration
}

// Options describe the data set being built.
type Options struct {
	Fictional   bool
	DataName    string
	DataVersion string
	BaseURL     string   // absolute site root for canonical links, no trailing slash
	Sources     []Source // the files read, for the data page
	Contents    []Content
	// Propositions, when set, adds the proposal form and, with a journal,
	// the published proposals.
	Propositions *Propositions
	// Stream, when set, receives each entity page (région, département,
	// établissement, formation, domaine) with the files of its folder as
	// soon as it is assembled, so that the build renders and writes it
	// while the next one is assembled and never holds them all; Build then
	// returns the other pages and files, and Site.Streamed. An error stops
	// the build.
	Stream func(pages []*Page, files []File) error
}

// Content is an editorial page rendered from markdown (content/*.md).
type Content struct {
	Slug, Title, Description string
	HTML                     template.HTML
	TOC                      []Link
}

// Source is one input file as reported by the loader.
type Source struct {
	Path, Description, Producer, Year string
	Rows, Suppressed                  int
}

// years formats the reference years of the build.
type years struct {
	a query.Annees
}

// shown reports whether a rentrée is one the pages show.
func (y years) shown(r int64) bool {
	for _, v := range []*int64{y.a.RentreeConstat, y.a.RentreeAffelnet, y.a.RentreeParcoursup} {
		if v != nil && *v == r {
			return true
		}
	}
	return false
}

func (y years) constat() string  { return rentree(y.a.RentreeConstat) }
func (y years) affelnet() string { return rentree(y.a.RentreeAffelnet) }
func (y years) attract() string {
	s := rentree(y.a.RentreeAffelnet)
	if y.a.RentreeParcoursup != nil && (y.a.RentreeAffelnet == nil || *y.a.RentreeParcoursup != *y.a.RentreeAffelnet) {
		s += " (BTS : " + rentree(y.a.RentreeParcoursup) + ")"
	}
	return s
}
func (y years) parcoursup() string  { return rentree(y.a.RentreeParcoursup) }
func (y years) remplissage() string { return rentree(y.a.RentreeRemplissage) }
func (y years) millesime() string   { return Millesime(str(y.a.Millesime)) }

// year is the year a declared figure carries in this build.
func (y years) of(d *indicator.Def) string {
	switch d {
	case indicator.Capacite, indicator.PremiersVoeux:
		return y.attract()
	case indicator.TauxPression:
		return y.affelnet()
	case indicator.TauxDemande:
		return y.parcoursup()
	case indicator.TauxRemplissage:
		if y.a.RentreeRemplissage == nil {
			return ""
		}
		return y.remplissage()
	case indicator.NbEtablissements, indicator.NbFormations:
		when := y.constat()
		if a := y.attract(); a != when {
			when += " ou " + a
		}
		return when
	}
	if d.Secret || d == indicator.NbSortants || d == indicator.NbAnneeTerminale {
		return y.millesime()
	}
	return y.constat()
}

// remplissageAbsent explains why the fill rate cannot be computed.
func (y years) remplissageAbsent() string {
	return fmt.Sprintf("aucune rentrée ne réunit effectifs (constat %s) et capacités (Affelnet %s)",
		yearOnly(y.a.RentreeConstat), yearOnly(y.a.RentreeAffelnet))
}

func (y years) row() Annees {
	return Annees{
		RentreeEffectifs:    table.I(y.a.RentreeConstat),
		RentreeAttractivite: table.I(y.a.RentreeAffelnet),
		RentreeParcoursup:   table.I(y.a.RentreeParcoursup),
		RentreeRemplissage:  table.I(y.a.RentreeRemplissage),
		Millesime:           str(y.a.Millesime),
	}
}

func rentree(y *int64) string {
	if y == nil {
		return "aucune rentrée disponible"
	}
	return "rentrée " + strconv.FormatInt(*y, 10)
}

func yearOnly(y *int64) string {
	if y == nil {
		return "absent"
	}
	return strconv.FormatInt(*y, 10)
}

// Millesime displays an InserJeunes millésime the way Orion does: the two
// cohorts of leavers it adds up, "2022+2023".
func Millesime(m string) string {
	if m == "" {
		return "aucun millésime disponible"
	}
	return "millésime " + strings.Replace(m, "_", "+", 1)
}

// figure is a declared figure of a row's set, with its year, source and
// perimeter; detail says why it would be missing in this scope.
func (b *builder) figure(d *indicator.Def, set indicator.Set, detail string) Figure {
	return Figure{Def: d, Value: set.Get(d), Detail: detail, Year: b.y.of(d), Source: d.Source, Perimetre: d.Perimetre}
}

// Why a figure of a territory or a formation can be missing.
const (
	absentEffectif = "aucun effectif au constat de rentrée pour ce périmètre"
	absentCapacite = "aucune capacité publiée par Affelnet ou Parcoursup pour ce périmètre"
	absentVoeux    = "aucun vœu publié par Affelnet ou Parcoursup pour ce périmètre"
	absentPression = "aucune formation de ce périmètre n'a de capacité dans Affelnet"
	absentDemande  = "aucun BTS de ce périmètre n'a de capacité dans Parcoursup"
	ijAbsent       = "InserJeunes ne publie pas ce taux pour ce périmètre et ce millésime"
)

// cardsAndFigures are a territory's or formation's key figures: the six
// cards Orion shows first (withCounts adds the number of formations), the
// others after them. scope says whose InserJeunes rates they are
// ("régionaux" on a département page).
func (b *builder) cardsAndFigures(set indicator.Set, s query.Sortie, withCounts bool, scope string) (cards, rest []Figure) {
	f := func(d *indicator.Def, detail string) Figure { return b.figure(d, set, detail) }
	eff := f(indicator.EffectifTotal, absentEffectif)
	if e := set.Get(indicator.EffectifEntree); e.Ok() {
		eff.Note = "dont " + e.Text() + " en année d'entrée"
	}
	rempl := f(indicator.TauxRemplissage, "il manque les effectifs ou les capacités de cette rentrée pour ce périmètre")
	if b.y.a.RentreeRemplissage == nil {
		rempl.Detail = b.y.remplissageAbsent()
	}
	ij := func(d *indicator.Def) Figure {
		fig := f(d, ijAbsent)
		if scope != "" {
			fig.Source += " — " + scope
		}
		if s.CFDContinuum != nil && fig.Value.Ok() {
			fig.Note = continuumNote(*s.CFDContinuum)
		}
		return fig
	}
	if withCounts {
		cards = append(cards, f(indicator.NbFormations, ""))
	}
	cards = append(cards, eff, rempl, ij(indicator.TauxDevenirFavorable), ij(indicator.TauxPoursuite), ij(indicator.TauxEmploi6))
	if withCounts {
		rest = append(rest, f(indicator.NbEtablissements, ""))
	}
	rest = append(rest,
		f(indicator.Capacite, absentCapacite),
		f(indicator.PremiersVoeux, absentVoeux),
		f(indicator.TauxPression, absentPression),
		f(indicator.TauxDemande, absentDemande),
		ij(indicator.TauxEmploi12))
	return cards, rest
}

// chomageFigure is a territory's unemployment rate, when INSEE gives one.
func chomageFigure(set indicator.Set, annee *int64) []Figure {
	v := set.Get(indicator.TauxChomage)
	if !v.Ok() || annee == nil {
		return nil
	}
	return []Figure{{Def: indicator.TauxChomage, Value: v, Year: strconv.FormatInt(*annee, 10),
		Source: indicator.TauxChomage.Source, Perimetre: indicator.TauxChomage.Perimetre}}
}

// continuumNote says that a renewed formation's rates count the leavers of
// the diploma it replaces.
func continuumNote(ancien string) string {
	return "taux de l'ancien diplôme " + ancien + ", que cette formation rénovée remplace (elle n'a pas encore de sortants)"
}

func home() Link { return Link{Href: "/", Text: "Accueil"} }

func csvLink(path, text string, data []byte) *Link {
	return &Link{Href: path, Text: text, Note: fmt.Sprintf("CSV – %s", size(len(data)))}
}

func size(n int) string {
	if n < 1000 {
		return fmt.Sprintf("%d octets", n)
	}
	if n < 1_000_000 {
		return fmt.Sprintf("%s ko", table.Decimal(float64(n)/1000, 0))
	}
	return fmt.Sprintf("%s Mo", table.Decimal(float64(n)/1_000_000, 1))
}

// Label is the figure's title.
func (f Figure) Title() string {
	if f.Label != "" || f.Def == nil {
		return f.Label
	}
	return f.Def.Label
}

// Missing reports whether the figure has no value to show.
func (f Figure) Missing() bool { return f.Def != nil && !f.Value.Ok() }

// Shown is the figure's value as printed, or the status's wording and the
// reason in this scope.
func (f Figure) Shown() string {
	if f.Def == nil {
		return f.Text
	}
	if f.Value.Ok() {
		return f.Value.Text()
	}
	if f.Detail != "" && f.Value.Statut == indicator.NonDisponible || f.Detail != "" && f.Value.Statut == indicator.NonCalculable {
		return f.Value.Statut.String() + " : " + f.Detail
	}
	if f.Value.Statut == indicator.Secret {
		return fmt.Sprintf("secret statistique : moins de %d élèves concernés", indicator.Seuil)
	}
	return f.Value.Statut.String()
}
