// Package page assembles the site from query results: one typed Page per
// entity and index, and the CSV files of exactly the rows each page shows.
// It decides what a reader sees — labels, years, sources, the reason a
// value is missing — but not how it is drawn (package render).
package page

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// Page is everything a page shows.
type Page struct {
	Path        string // URL path of the folder, "/regions/84/"
	Kind        string // accueil, index, region, departement, etablissement, formation, domaine
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
	HasCharts   bool
	Search      bool // shows the search form and its results
	Form        *Formulaire
	Receipt     bool          // shows the numéro of a received proposal
	Content     template.HTML // rendered markdown of a content page
	TOC         []Link        // table of contents of a content page
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

// Figure is a key figure with its year and source; Missing says why the
// value is absent.
type Figure struct {
	Label   string
	Value   string
	Missing string
	Year    string
	Source  string
	Note    string
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

// Sources of figures, as credited on pages.
const (
	srcConstat    = "Constat de rentrée (DEPP)"
	srcAffelnet   = "Affelnet (DGESCO)"
	srcParcoursup = "Parcoursup (MESR)"
	srcAttract    = "Affelnet (DGESCO) ; Parcoursup (MESR) pour les BTS"
	srcIJ         = "InserJeunes (DEPP, DARES), voie scolaire"
	srcDEPP       = "InserJeunes par lycée (DEPP)"
	srcINSEE      = "INSEE"
)

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

// remplissageAbsent explains why the fill rate cannot be computed.
func (y years) remplissageAbsent() string {
	return fmt.Sprintf("non calculable : aucune rentrée ne réunit effectifs (constat %s) et capacités (Affelnet %s)",
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

// missing says that a value is not available, and why when the reason
// is known.
func missing(why string) string {
	if why == "" {
		return indicator.NonDisponible.String()
	}
	return indicator.NonDisponible.String() + " : " + why
}

func figInt(label string, v *int64, year, source, why string) Figure {
	f := Figure{Label: label, Year: year, Source: source}
	if v == nil {
		f.Missing = missing(why)
	} else {
		f.Value = table.Entier(*v)
	}
	return f
}

func figPct(label string, t indicator.Taux, year, source, why string) Figure {
	f := Figure{Label: label, Year: year, Source: source}
	switch t.Statut {
	case indicator.Publie:
		f.Value = table.Pourcent(t.Pourcent())
	case indicator.Secret:
		f.Missing = fmt.Sprintf("secret statistique : moins de %d élèves concernés", indicator.Seuil)
	case indicator.NonDisponible:
		f.Missing = missing(why)
	default:
		f.Missing = t.Statut.String()
	}
	return f
}

func figRatio(label string, t indicator.Taux, year, source, why string) Figure {
	f := Figure{Label: label, Year: year, Source: source}
	switch {
	case t.Ok():
		f.Value = table.Decimal(t.Valeur, 2)
	case t.Statut == indicator.NonDisponible:
		f.Missing = missing(why)
	default:
		f.Missing = t.Statut.String()
	}
	return f
}

// entreeFigures are the entry key figures of a territory.
func entreeFigures(e query.Entree, y years, withCounts bool) []Figure {
	var out []Figure
	if withCounts {
		when := y.constat()
		if a := y.attract(); a != when {
			when += " ou " + a
		}
		out = append(out,
			figInt("Établissements", &e.NbEtablissements, when, srcConstat+" ; "+srcAttract, ""),
			figInt("Formations", &e.NbFormations, when, srcConstat+" ; "+srcAttract, ""))
	}
	total := sum(e.Effectif1, e.Effectif2, e.Effectif3)
	f := figInt("Élèves (toutes années de formation)", total, y.constat(), srcConstat, "aucun effectif au constat de rentrée pour ce périmètre")
	if e.EffectifEntree != nil {
		f.Note = "dont " + table.Entier(*e.EffectifEntree) + " en année d'entrée"
	}
	out = append(out, f,
		figInt("Capacité d'accueil", e.Capacite, y.attract(), srcAttract, "aucune capacité publiée par Affelnet ou Parcoursup pour ce périmètre"),
		figInt("Premiers vœux", e.PremiersVoeux, y.attract(), srcAttract, "aucun vœu publié par Affelnet ou Parcoursup pour ce périmètre"),
		figRatio("Taux de pression (CAP, bac pro)", indicator.Ratio(e.PressionNum, e.PressionDen), y.affelnet(), srcAffelnet, "aucune formation de ce périmètre n'a de capacité dans Affelnet"),
		figRatio("Taux de demande (BTS)", indicator.Ratio(e.DemandeNum, e.DemandeDen), y.parcoursup(), srcParcoursup, "aucun BTS de ce périmètre n'a de capacité dans Parcoursup"),
	)
	rf := figPct("Taux de remplissage", remplissage(e), y.remplissage(), srcConstat+" ; "+srcAttract, "il manque les effectifs ou les capacités de cette rentrée pour ce périmètre")
	if y.a.RentreeRemplissage == nil {
		rf.Missing = y.remplissageAbsent()
		rf.Year = ""
	}
	out = append(out, rf)
	return out
}

// sortieFigures are the InserJeunes key figures; scope says whose rates
// they are ("régionaux" on a département page).
func sortieFigures(s query.Sortie, y years, scope string) []Figure {
	t := taux(s)
	src := srcIJ
	if scope != "" {
		src += " — " + scope
	}
	figs := []Figure{
		figPct("Taux d'emploi à 6 mois", t.Emploi6, y.millesime(), src, ijAbsent),
		figPct("Taux d'emploi à 12 mois", t.Emploi12, y.millesime(), src, ijAbsent),
		figPct("Taux de poursuite d'études", t.Poursuite, y.millesime(), src, ijAbsent),
		figPct("Taux de devenir favorable", t.Favorable, y.millesime(), src, ijAbsent),
	}
	if s.CFDContinuum != nil {
		for i := range figs {
			if figs[i].Missing == "" {
				figs[i].Note = continuumNote(*s.CFDContinuum)
			}
		}
	}
	return figs
}

// continuumNote says that a renewed formation's rates count the leavers of
// the diploma it replaces.
func continuumNote(ancien string) string {
	return "taux de l'ancien diplôme " + ancien + ", que cette formation rénovée remplace (elle n'a pas encore de sortants)"
}

// ijAbsent explains a missing InserJeunes rate.
const ijAbsent = "InserJeunes ne publie pas ce taux pour ce périmètre et ce millésime"

func sum(vs ...*int64) *int64 {
	var s int64
	ok := false
	for _, v := range vs {
		if v != nil {
			s += *v
			ok = true
		}
	}
	if !ok {
		return nil
	}
	return &s
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

// cardLabels are the six key figures Orion shows first on territory pages.
var cardLabels = []string{"Formations", "Élèves (toutes années de formation)", "Taux de remplissage",
	"Taux de devenir favorable", "Taux de poursuite d'études", "Taux d'emploi à 6 mois"}

// splitCards moves the six key figures, in Orion's order, out of figs.
func splitCards(figs []Figure) (cards, rest []Figure) {
	byLabel := map[string]Figure{}
	for _, f := range figs {
		byLabel[f.Label] = f
	}
	picked := map[string]bool{}
	for _, l := range cardLabels {
		if f, ok := byLabel[l]; ok {
			cards = append(cards, f)
			picked[l] = true
		}
	}
	for _, f := range figs {
		if !picked[f.Label] {
			rest = append(rest, f)
		}
	}
	return cards, rest
}

// Why explains a missing value, for tooltips.
func Why(missing string) string {
	switch {
	case strings.HasPrefix(missing, "secret statistique"):
		return fmt.Sprintf("Taux non publié : il porte sur moins de %d élèves (secret statistique InserJeunes).", indicator.Seuil)
	case strings.HasPrefix(missing, "non calculable"):
		return "Non calculable : les effectifs et les capacités disponibles ne portent pas sur la même rentrée."
	case strings.HasPrefix(missing, "non publié"):
		return "Non publié par la DEPP pour cet établissement."
	}
	return "Donnée non disponible dans les fichiers ouverts pour ce périmètre et cette année."
}
