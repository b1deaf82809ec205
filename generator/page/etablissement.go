package page

import (
	"fmt"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// EtablissementLigne is one row of /donnees/etablissements.csv.
type EtablissementLigne struct {
	UAI           string    `csv:"uai" label:"UAI"`
	Nom           string    `csv:"nom" label:"Établissement"`
	SourceNom     string    `csv:"source_nom"`
	CodeCommune   string    `csv:"code_commune"`
	Commune       string    `csv:"commune" label:"Commune"`
	Departement   string    `csv:"code_departement"`
	Academie      string    `csv:"academie"`
	CodeRegion    string    `csv:"code_region"`
	Secteur       string    `csv:"secteur" label:"Secteur"`
	TypeLycee     string    `csv:"type_lycee"`
	NbFormations  table.Int `csv:"nb_formations" label:"Formations"`
	EffectifTotal table.Int `csv:"effectif_total" label:"Élèves"`
	Annees
	Entree
	MillesimeDEPP string    `csv:"millesime_depp"`
	Population    string    `csv:"population_depp"`
	TauxEmploi6   table.Dec `csv:"taux_emploi_6_mois_depp"`
	TauxPoursuite table.Dec `csv:"taux_poursuite_etudes_depp"`
	ValeurAjoutee table.Dec `csv:"valeur_ajoutee_depp"`
}

// Link implements table.Linker.
func (r EtablissementLigne) Link(col string) string {
	if col == "nom" || col == "uai" {
		return "/etablissements/" + r.UAI + "/"
	}
	return ""
}

// InsertionEtablissementLigne is one DEPP row: a school × millésime ×
// population, rates in percent as published.
type InsertionEtablissementLigne struct {
	UAI           string    `csv:"uai"`
	Nom           string    `csv:"nom"`
	Millesime     string    `csv:"millesime" label:"Millésime"`
	Filiere       string    `csv:"filiere"`
	Population    string    `csv:"population" label:"Population"`
	TauxEmploi6   table.Dec `csv:"taux_emploi_6_mois" label:"Taux d'emploi à 6 mois (%)"`
	TauxPoursuite table.Dec `csv:"taux_poursuite_etudes" label:"Taux de poursuite d'études (%)"`
	TauxAttendu   table.Dec `csv:"taux_emploi_attendu" label:"Taux d'emploi attendu (%)"`
	ValeurAjoutee table.Dec `csv:"valeur_ajoutee" label:"Valeur ajoutée (points)"`
	PartPoursuite table.Dec `csv:"part_poursuite_etudes"`
	PartEmploi6   table.Dec `csv:"part_emploi_6_mois"`
	DevenirFavor  table.Dec `csv:"taux_devenir_favorable" label:"Devenir favorable (%)"`
	Fichier       string    `csv:"fichier_source"`
}

// OffreLigne is a formation of a school: its own entry figures, the
// région's InserJeunes rates and, when a per-school file exists, its own.
type OffreLigne struct {
	UAI string `csv:"uai"`
	FormationLigne
	PressionDep             table.Ratio `csv:"taux_pression_departement" label:"Pression (ou demande) dans le département"`
	PressionReg             table.Ratio `csv:"taux_pression_region" label:"Pression (ou demande) dans la région"`
	PressionNat             table.Ratio `csv:"taux_pression_national" label:"Pression (ou demande) en France"`
	TauxEmploi6Etab         table.Pct   `csv:"taux_emploi_6_mois_etablissement" label:"Taux d'emploi à 6 mois (établissement)"`
	TauxEmploi6EtabStatut   string      `csv:"taux_emploi_6_mois_etablissement_statut"`
	TauxPoursuiteEtab       table.Pct   `csv:"taux_poursuite_etudes_etablissement" label:"Taux de poursuite (établissement)"`
	TauxPoursuiteEtabStatut string      `csv:"taux_poursuite_etudes_etablissement_statut"`
}

const absentDEPP = "non publié par la DEPP (« nd » : effectif trop faible ou donnée manquante)"

func dec(v *float64) table.Dec { return table.Dec{V: v, Absent: absentDEPP} }

// deppPrincipal picks the DEPP row shown as the school's key figures: the
// latest millésime, population "dont élèves en voie pro sco" when it exists
// (the lycée's own pupils), else "ensemble".
func deppPrincipal(rows []query.InsertionEtablissement) (cur, prev *query.InsertionEtablissement) {
	rank := func(r query.InsertionEtablissement) int {
		switch {
		case r.Filiere != "lycée":
			return 0
		case strings.HasPrefix(r.Population, "dont élèves"):
			return 2
		case r.Population == "ensemble":
			return 1
		}
		return 0
	}
	best := map[string]*query.InsertionEtablissement{}
	var ms []string
	for i := range rows {
		r := &rows[i]
		if rank(*r) == 0 {
			continue
		}
		if b, ok := best[r.Millesime]; !ok {
			best[r.Millesime] = r
			ms = append(ms, r.Millesime)
		} else if rank(*r) > rank(*b) {
			best[r.Millesime] = r
		}
	}
	if len(ms) == 0 {
		return nil, nil
	}
	// rows are sorted by millésime
	cur = best[ms[len(ms)-1]]
	if len(ms) > 1 {
		prev = best[ms[len(ms)-2]]
	}
	return cur, prev
}

func (b *builder) etablissements() {
	depp := map[string][]query.InsertionEtablissement{}
	for _, r := range b.d.InsertionEtablissements {
		depp[r.UAI] = append(depp[r.UAI], r)
	}
	regionOf := map[string]string{}
	for _, e := range b.d.Etablissements {
		regionOf[e.UAI] = e.CodeRegion
	}
	offres := map[string][]OffreLigne{}
	rawOffres := map[string][]query.Offre{}
	for _, o := range b.d.Offres {
		rawOffres[o.UAI] = append(rawOffres[o.UAI], o)
		l := formationLigne(o.Formation, o.Entree, o.Sortie, b.y.row(), "régionale")
		l.Quadrant = b.quadrant(regionOf[o.UAI], o.Formation, o.Sortie)
		if o.RentreeAttractivite != nil {
			l.RentreeAttractivite = table.I(o.RentreeAttractivite)
		}
		own := taux(o.SortieEtab.Sortie())
		offres[o.UAI] = append(offres[o.UAI], OffreLigne{
			UAI: o.UAI, FormationLigne: l,
			PressionDep:     table.Ratio{T: indicator.Ratio(o.DepPressionNum, o.DepPressionDen)},
			PressionReg:     table.Ratio{T: indicator.Ratio(o.RegPressionNum, o.RegPressionDen)},
			PressionNat:     table.Ratio{T: indicator.Ratio(o.NatPressionNum, o.NatPressionDen)},
			TauxEmploi6Etab: table.Pct{T: own.Emploi6}, TauxEmploi6EtabStatut: own.Emploi6.Statut.String(),
			TauxPoursuiteEtab: table.Pct{T: own.Poursuite}, TauxPoursuiteEtabStatut: own.Poursuite.Statut.String(),
		})
	}
	regionSortie := map[string]query.Sortie{}
	for _, r := range b.d.Regions {
		regionSortie[r.Code] = r.Sortie
	}
	proches := b.proches()
	var index []EtablissementLigne
	var allDEPP []InsertionEtablissementLigne
	var groups []Group
	groupOf := map[string]int{}
	for _, e := range b.d.Etablissements {
		nom := nomEtablissement(e)
		cur, prev := deppPrincipal(depp[e.UAI])
		il := EtablissementLigne{
			UAI: e.UAI, Nom: str(e.Nom), SourceNom: str(e.SourceNom), CodeCommune: str(e.CodeCommune), Commune: str(e.Commune),
			Departement: e.Departement, Academie: e.LibelleAcademie, CodeRegion: e.CodeRegion,
			Secteur: str(e.Secteur), TypeLycee: str(e.TypeLycee), NbFormations: table.N(e.NbFormations),
			EffectifTotal: table.I(sum(e.Effectif1, e.Effectif2, e.Effectif3)), Annees: b.y.row(), Entree: entree(e.Entree),
		}
		il.NbEtablissements = table.N(1)
		if cur != nil {
			il.MillesimeDEPP, il.Population = cur.Millesime, cur.Population
			il.TauxEmploi6, il.TauxPoursuite, il.ValeurAjoutee = dec(cur.TauxEmploi6), dec(cur.TauxPoursuite), dec(cur.ValeurAjoutee)
		}
		index = append(index, il)
		gi, ok := groupOf[e.Departement3]
		if !ok {
			gi = len(groups)
			groupOf[e.Departement3] = gi
			groups = append(groups, Group{Title: e.DepartementLibelle + " (" + e.Departement + ")"})
		}
		groups[gi].Links = append(groups[gi].Links, Link{Href: "/etablissements/" + e.UAI + "/", Text: nom, Note: str(e.Commune)})

		path := "/etablissements/" + e.UAI + "/"
		p := b.page(&Page{
			Path: path, Kind: "etablissement", Title: nom,
			Description: fmt.Sprintf("%s (UAI %s) : formations professionnelles, effectifs, attractivité et devenir des élèves.", nom, e.UAI),
			Breadcrumb: []Link{home(), {Href: "/regions/" + e.CodeRegion + "/", Text: e.RegionLibelle},
				{Href: "/departements/" + e.Departement + "/", Text: e.DepartementLibelle}, {Text: nom}},
		})
		if e.Nom == nil {
			p.Intro = append(p.Intro, "Aucun fichier ouvert ne donne le nom de cet établissement (absent de la liste IPS des lycées, d'InserJeunes et d'Affelnet 1re pro) : il est désigné par son UAI. Les établissements agricoles sont dans ce cas.")
		}
		if last := e.DerniereRentree; !b.y.shown(last) {
			p.Intro = append(p.Intro, fmt.Sprintf("Cet établissement n'apparaît qu'à la rentrée %d (Affelnet) : ses formations sont listées, mais aucun chiffre n'existe pour les rentrées affichées. Ses chiffres de %d sont dans le fichier national offres.csv.", last, last))
		}
		p.Identity = []Field{
			{Label: "UAI", Value: e.UAI},
			{Label: "Commune", Value: orAbsent(e.Commune)},
			{Label: "Département", Value: e.DepartementLibelle + " (" + e.Departement + ")", Href: "/departements/" + e.Departement + "/"},
			{Label: "Académie", Value: e.LibelleAcademie},
			{Label: "Région", Value: e.RegionLibelle, Href: "/regions/" + e.CodeRegion + "/"},
			{Label: "Secteur", Value: orAbsent(e.Secteur)},
			{Label: "Type", Value: typeLycee(e.TypeLycee)},
		}
		if e.SourceNom != nil {
			p.Identity = append(p.Identity, Field{Label: "Source du nom", Value: *e.SourceNom})
		}
		p.Figures = append(p.Figures, entreeFigures(e.Entree, b.y, false)...)
		p.Figures = append(p.Figures, deppFigures(cur, prev)...)

		var rows []InsertionEtablissementLigne
		for _, r := range depp[e.UAI] {
			rows = append(rows, InsertionEtablissementLigne{
				UAI: e.UAI, Nom: str(e.Nom), Millesime: r.Millesime, Filiere: r.Filiere, Population: r.Population,
				TauxEmploi6: dec(r.TauxEmploi6), TauxPoursuite: dec(r.TauxPoursuite), TauxAttendu: dec(r.TauxAttendu),
				ValeurAjoutee: dec(r.ValeurAjoutee), PartPoursuite: dec(r.PartPoursuite), PartEmploi6: dec(r.PartEmploi6),
				DevenirFavor: dec(r.DevenirFavor), Fichier: r.SourceFile,
			})
		}
		allDEPP = append(allDEPP, rows...)
		if len(rows) > 0 {
			p.Sections = append(p.Sections, Section{
				ID: "insertion", Title: "Devenir des élèves de l'établissement (toutes formations)",
				Text:  []string{"Taux publiés par la DEPP pour l'établissement, toutes formations confondues, par millésime (deux cohortes de sortants) et population. La valeur ajoutée compare le taux d'emploi au taux attendu compte tenu du profil des élèves et du territoire."},
				Table: b.tableOf("Taux InserJeunes de l'établissement", path+"insertion-"+e.UAI+".csv", "Télécharger les taux de l'établissement", rows),
			})
		} else {
			p.Sections = append(p.Sections, Section{ID: "insertion", Title: "Devenir des élèves de l'établissement (toutes formations)",
				Text: []string{"La DEPP ne publie pas de taux InserJeunes pour cet établissement dans les fichiers disponibles."}})
		}
		p.Sections = append(p.Sections, b.etablissementCharts(e, rawOffres[e.UAI], regionSortie[e.CodeRegion])...)
		o := offres[e.UAI]
		if o == nil {
			o = []OffreLigne{}
		}
		sec := Section{
			ID: "formations", Title: "Formations proposées",
			Text: []string{
				fmt.Sprintf("Effectifs : %s ; capacités et vœux : %s. Taux de pression et de demande au niveau de l'établissement.", b.y.constat(), b.y.attract()),
				fmt.Sprintf("Les taux d'emploi et de poursuite sont ceux de la formation dans la région %s (%s, voie scolaire) : InserJeunes ne publie pas de taux par établissement et par formation dans les données disponibles, sauf mention « établissement ».", e.RegionLibelle, b.y.millesime()),
			},
			Table: b.tableOf("Formations de l'établissement "+nom, path+"offres-"+e.UAI+".csv", "Télécharger les formations de l'établissement", o),
		}
		p.Sections = append(p.Sections, sec)
		if pr := proches[e.UAI]; len(pr) > 0 {
			p.Sections = append(p.Sections, Section{ID: "proches", Title: "Établissements proches proposant les mêmes formations",
				Text:  []string{"Distance à vol d'oiseau entre les centres des communes des deux établissements (les adresses exactes ne figurent pas dans les données ouvertes), dans un rayon de 150 km."},
				Table: b.tableOf("Établissements proches", path+"proches-"+e.UAI+".csv", "Télécharger les établissements proches", pr)})
		} else {
			p.Sections = append(p.Sections, Section{ID: "proches", Title: "Établissements proches proposant les mêmes formations",
				Text: []string{"Aucun établissement proche ne peut être indiqué : la commune de cet établissement ou des établissements voisins n'est pas connue dans les données ouvertes, ou aucun ne propose les mêmes formations à moins de 150 km."}})
		}
	}
	link := b.csv("/donnees/etablissements.csv", "Tous les établissements", index)
	b.csv("/donnees/insertion-etablissements.csv", "Taux InserJeunes par établissement", nonNil(allDEPP))
	b.page(&Page{
		Path: "/etablissements/", Kind: "index", Title: "Établissements",
		Description: "Les lycées proposant un CAP, un bac pro ou un BTS, par département.",
		Breadcrumb:  []Link{home(), {Text: "Établissements"}},
		Intro:       []string{fmt.Sprintf("%s établissements proposent un CAP, un CAP agricole, un bac pro (y compris agricole) ou un BTS au constat de rentrée ou dans Affelnet. Liste complète : ", table.Entier(int64(len(index))))},
		Sections:    []Section{{ID: "liste", Title: "Établissements par département", Groups: groups, Table: &Table{Caption: "", CSV: link}}},
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orAbsent(s *string) string {
	if s == nil {
		return "non renseigné dans les fichiers ouverts"
	}
	return *s
}

func typeLycee(s *string) string {
	switch str(s) {
	case "LP":
		return "Lycée professionnel (LP)"
	case "LPO":
		return "Lycée polyvalent (LPO)"
	case "LEGT":
		return "Lycée d'enseignement général et technologique (LEGT)"
	}
	return "non renseigné dans les fichiers ouverts"
}

// deppFigures are the school's DEPP key figures with the change since the
// previous millésime, in points (Orion rounds the difference).
func deppFigures(cur, prev *query.InsertionEtablissement) []Figure {
	if cur == nil {
		miss := "non publié par la DEPP pour cet établissement"
		return []Figure{
			{Label: "Valeur ajoutée (emploi à 6 mois)", Missing: miss, Source: srcDEPP},
			{Label: "Taux d'emploi à 6 mois (établissement)", Missing: miss, Source: srcDEPP},
			{Label: "Taux de poursuite d'études (établissement)", Missing: miss, Source: srcDEPP},
			{Label: "Devenir favorable (établissement)", Missing: miss, Source: srcDEPP},
		}
	}
	year := Millesime(cur.Millesime) + ", " + cur.Population
	f := func(label string, v, pv *float64, unit string) Figure {
		fig := Figure{Label: label, Year: year, Source: srcDEPP}
		if v == nil {
			fig.Missing = absentDEPP
			return fig
		}
		fig.Value = table.Decimal(*v, 0) + unit
		if pv != nil {
			d := *v - *pv
			fig.Note = fmt.Sprintf("%s point(s) par rapport au %s", signed(d), Millesime(prev.Millesime))
		}
		return fig
	}
	var pe, pp, pv, pf *float64
	if prev != nil {
		pe, pp, pv, pf = prev.TauxEmploi6, prev.TauxPoursuite, prev.ValeurAjoutee, prev.DevenirFavor
	}
	fav := f("Devenir favorable (établissement)", cur.DevenirFavor, pf, "\u202f%")
	fav.Source += " : part en poursuite d'études + part en emploi 6 mois après la sortie"
	return []Figure{
		f("Valeur ajoutée (emploi à 6 mois)", cur.ValeurAjoutee, pv, " point(s)"),
		f("Taux d'emploi à 6 mois (établissement)", cur.TauxEmploi6, pe, "\u202f%"),
		f("Taux de poursuite d'études (établissement)", cur.TauxPoursuite, pp, "\u202f%"),
		fav,
	}
}

func signed(d float64) string {
	r := table.Decimal(d, 0)
	if d >= 0.5 {
		return "+" + r
	}
	return r
}
