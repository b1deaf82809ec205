package page

import (
	"fmt"
	"sort"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// EtablissementLigne is one row of /donnees/etablissements.csv.
type EtablissementLigne struct {
	UAI          string          `csv:"uai" label:"UAI"`
	Nom          string          `csv:"nom" label:"Établissement"`
	SourceNom    string          `csv:"source_nom"`
	CodeCommune  string          `csv:"code_commune"`
	Commune      string          `csv:"commune" label:"Commune"`
	Departement  string          `csv:"code_departement"`
	Academie     string          `csv:"academie"`
	CodeRegion   string          `csv:"code_region"`
	Secteur      string          `csv:"secteur" label:"Secteur"`
	TypeLycee    string          `csv:"type_lycee"`
	NbFormations indicator.Value `ind:"nb_formations"`
	Annees
	Entree
	// The DEPP figures of the latest millésime, one set of columns per
	// population: never one population in place of another.
	MillesimeDEPP       string          `csv:"millesime_depp"`
	TauxEmploi6Ens      indicator.Value `ind:"taux_emploi_6_mois_depp,ensemble" html:"-"`
	TauxPoursuiteEns    indicator.Value `ind:"taux_poursuite_etudes_depp,ensemble" html:"-"`
	ValeurAjouteeEns    indicator.Value `ind:"valeur_ajoutee_depp,ensemble" html:"-"`
	TauxEmploi6ProSco   indicator.Value `ind:"taux_emploi_6_mois_depp,voie_pro_sco" html:"-"`
	TauxPoursuiteProSco indicator.Value `ind:"taux_poursuite_etudes_depp,voie_pro_sco" html:"-"`
	ValeurAjouteeProSco indicator.Value `ind:"valeur_ajoutee_depp,voie_pro_sco" html:"-"`
	TauxEmploi6Appr     indicator.Value `ind:"taux_emploi_6_mois_depp,apprentis" html:"-"`
	TauxPoursuiteAppr   indicator.Value `ind:"taux_poursuite_etudes_depp,apprentis" html:"-"`
	ValeurAjouteeAppr   indicator.Value `ind:"valeur_ajoutee_depp,apprentis" html:"-"`
}

// Link implements table.Linker.
func (r EtablissementLigne) Link(col string) string {
	if col == "nom" || col == "uai" {
		return "/etablissements/" + r.UAI + "/"
	}
	return ""
}

// InsertionEtablissementLigne is one DEPP row: a school × millésime ×
// population, as published.
type InsertionEtablissementLigne struct {
	UAI           string          `csv:"uai"`
	Nom           string          `csv:"nom"`
	Millesime     string          `csv:"millesime" label:"Millésime"`
	Filiere       string          `csv:"filiere"`
	Population    string          `csv:"population" label:"Population"`
	TauxEmploi6   indicator.Value `ind:"taux_emploi_6_mois_depp"`
	TauxPoursuite indicator.Value `ind:"taux_poursuite_etudes_depp"`
	TauxAttendu   indicator.Value `ind:"taux_emploi_attendu_depp"`
	ValeurAjoutee indicator.Value `ind:"valeur_ajoutee_depp"`
	PartPoursuite indicator.Value `ind:"part_poursuite_etudes_depp" html:"-"`
	PartEmploi6   indicator.Value `ind:"part_emploi_6_mois_depp" html:"-"`
	DevenirFavor  indicator.Value `ind:"taux_devenir_favorable_depp"`
	Fichier       string          `csv:"fichier_source"`
}

// OffreLigne is a formation of a school: its own entry figures, the
// région's InserJeunes rates and, when a per-school file exists, its own;
// the taux de pression (de demande for a BTS) of the formation in the
// school's département, région and in France.
type OffreLigne struct {
	UAI string `csv:"uai"`
	FormationLigne
	// AnneeCapacite is the year of study the capacity and vœux count:
	// Affelnet may carry a spécialité's places at the other year of entry.
	AnneeCapacite     string          `csv:"annee_capacite" label:"Capacité et vœux : année d'entrée"`
	PressionDep       indicator.Value `ind:"taux_pression,departement"`
	DemandeDep        indicator.Value `ind:"taux_demande,departement"`
	PressionReg       indicator.Value `ind:"taux_pression,region"`
	DemandeReg        indicator.Value `ind:"taux_demande,region"`
	PressionNat       indicator.Value `ind:"taux_pression,france"`
	DemandeNat        indicator.Value `ind:"taux_demande,france"`
	TauxEmploi6Etab   indicator.Value `ind:"taux_emploi_6_mois,etablissement"`
	TauxPoursuiteEtab indicator.Value `ind:"taux_poursuite_etudes,etablissement"`
}

// populations are the DEPP populations, by their variant suffix.
var populations = []struct{ suffix, depp string }{
	{"ensemble", "ensemble"}, {"voie_pro_sco", "dont élèves en voie pro sco"}, {"apprentis", "dont apprentis"},
}

// deppLatest returns, for the school's lycée rows, the latest millésime and
// the one before, each as population suffix → row.
func deppLatest(rows []query.InsertionEtablissement) (cur, prev map[string]query.InsertionEtablissement, curM, prevM string) {
	by := map[string]map[string]query.InsertionEtablissement{}
	var ms []string
	for _, r := range rows {
		if r.Filiere != "lycée" {
			continue
		}
		for _, p := range populations {
			if strings.EqualFold(r.Population, p.depp) {
				if by[r.Millesime] == nil {
					by[r.Millesime] = map[string]query.InsertionEtablissement{}
					ms = append(ms, r.Millesime)
				}
				by[r.Millesime][p.suffix] = r
			}
		}
	}
	sort.Strings(ms)
	if len(ms) > 0 {
		curM = ms[len(ms)-1]
		cur = by[curM]
	}
	if len(ms) > 1 {
		prevM = ms[len(ms)-2]
		prev = by[prevM]
	}
	return cur, prev, curM, prevM
}

func (b *builder) etablissements() {
	depp := map[string][]query.InsertionEtablissement{}
	for _, r := range b.d.Etablissements.Insertion {
		depp[r.UAI] = append(depp[r.UAI], r)
	}
	regionOf := map[string]string{}
	for _, e := range b.d.Etablissements.Rows {
		regionOf[e.UAI] = e.CodeRegion
	}
	offres := map[string][]OffreLigne{}
	rawOffres := map[string][]query.Offre{}
	for _, o := range b.d.Etablissements.Offres {
		rawOffres[o.UAI] = append(rawOffres[o.UAI], o)
		l := b.formationLigne(o.Formation, o.V, o.Sortie, "régionale")
		q := b.quadrant(regionOf[o.UAI], o.Formation, o.V)
		l.Quadrant = table.Coded{Code: q.Code(), Text: q.Libelle()}
		if o.RentreeAttractivite != nil {
			l.RentreeAttractivite = table.I(o.RentreeAttractivite)
		}
		ol := OffreLigne{UAI: o.UAI, FormationLigne: l, AnneeCapacite: anneeEntree(o.AnneeCapacite, o.Niveau)}
		table.Fill(&ol, o.V)
		offres[o.UAI] = append(offres[o.UAI], ol)
	}
	ens := map[string]indicator.Set{}
	for uai, d := range b.depp {
		ens[uai] = d.ensemble()
	}
	proches := b.proches(ens)
	var index []EtablissementLigne
	var allDEPP []InsertionEtablissementLigne
	var groups []Group
	groupOf := map[string]int{}
	for _, e := range b.d.Etablissements.Rows {
		m := b.start()
		nom := nomEtablissement(e)
		dp := b.depp[e.UAI]
		cur, prev, curM, prevM := dp.cur, dp.prev, dp.curM, dp.prevM
		il := EtablissementLigne{
			UAI: e.UAI, Nom: str(e.Nom), SourceNom: str(e.SourceNom), CodeCommune: str(e.CodeCommune), Commune: str(e.Commune),
			Departement: e.Departement, Academie: e.LibelleAcademie, CodeRegion: e.CodeRegion,
			Secteur: str(e.Secteur), TypeLycee: str(e.TypeLycee), Annees: b.y.row(), MillesimeDEPP: curM,
		}
		deppCols := map[string]indicator.Value{}
		for _, p := range populations {
			r, ok := cur[p.suffix]
			for _, d := range []*indicator.Def{indicator.DEPPEmploi6, indicator.DEPPPoursuite, indicator.DEPPValeurAjoutee} {
				v := indicator.Value{Statut: indicator.NonPublie, Def: d}
				if ok {
					v = depPub(r.V, d)
				}
				deppCols[d.Column(p.suffix)] = v
			}
		}
		table.Fill(&il, e.V.With(deppCols))
		il.NbEtablissements = indicator.Value{Scaled: 1, Statut: indicator.Publie, Def: indicator.NbEtablissements}
		index = append(index, il)
		gi, ok := groupOf[e.Departement3]
		if !ok {
			gi = len(groups)
			groupOf[e.Departement3] = gi
			groups = append(groups, Group{Title: e.DepartementLibelle + " (" + e.Departement + ")"})
		}
		groups[gi].Links = append(groups[gi].Links, Link{Href: "/etablissements/" + e.UAI + "/", Text: nom, Note: str(e.Commune)})

		path := "/etablissements/" + e.UAI + "/"
		terms := []string{e.UAI}
		if e.Commune != nil {
			terms = append([]string{*e.Commune}, terms...)
		}
		p := b.page(&Page{
			Path: path, Kind: KindEtablissement, Title: nom,
			Description: fmt.Sprintf("%s (UAI %s) : formations professionnelles, effectifs, attractivité et devenir des élèves.", nom, e.UAI),
			Breadcrumb: []Link{home(), {Href: "/regions/" + e.CodeRegion + "/", Text: e.RegionLibelle},
				{Href: "/departements/" + e.Departement + "/", Text: e.DepartementLibelle}, {Text: nom}},
			Index: &IndexEntry{Kind: "Établissement", Terms: terms, Formations: cfdsOf(rawOffres[e.UAI])},
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
		p.Identity = append(p.Identity, Field{Label: "Présent dans", Value: e.SourceEtablissement})
		if e.SourceNom != nil {
			p.Identity = append(p.Identity, Field{Label: "Source du nom", Value: *e.SourceNom})
		}
		if e.ParcoursupSeul {
			p.Intro = append(p.Intro, "Cet établissement n'est connu que par Parcoursup, où il propose des BTS ou des BTSA sous statut scolaire : il n'a ni effectifs du constat de rentrée ni offre Affelnet dans les fichiers ouverts.")
		}
		why := map[*indicator.Def]string{indicator.EffectifTotal: absentEffectif, indicator.Capacite: absentCapacite,
			indicator.PremiersVoeux: absentVoeux, indicator.TauxPression: absentPression, indicator.TauxDemande: absentDemande}
		for _, d := range []*indicator.Def{indicator.EffectifTotal, indicator.Capacite, indicator.PremiersVoeux, indicator.TauxPression, indicator.TauxDemande, indicator.TauxRemplissage} {
			f := b.figure(d, e.V, why[d])
			if d == indicator.TauxRemplissage && b.y.a.RentreeRemplissage == nil {
				f.Detail = b.y.remplissageAbsent()
			}
			p.Figures = append(p.Figures, f)
		}
		p.Figures = append(p.Figures, deppFigures(cur, prev, curM, prevM)...)

		var rows []InsertionEtablissementLigne
		for _, r := range depp[e.UAI] {
			l := InsertionEtablissementLigne{UAI: e.UAI, Nom: str(e.Nom), Millesime: r.Millesime, Filiere: r.Filiere, Population: r.Population, Fichier: r.SourceFile}
			table.Fill(&l, deppSet(r.V))
			rows = append(rows, l)
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
		p.Sections = append(p.Sections, b.etablissementCharts(e, rawOffres[e.UAI])...)
		p.Sections = append(p.Sections, Section{
			ID: "formations", Title: "Formations proposées",
			Text: []string{
				fmt.Sprintf("Effectifs : %s ; capacités et vœux : %s. Taux de pression et de demande au niveau de l'établissement.", b.y.constat(), b.y.attract()),
				fmt.Sprintf("Les taux d'emploi et de poursuite sont ceux de la formation dans la région %s (%s, voie scolaire) : InserJeunes ne publie pas de taux par établissement et par formation dans les données disponibles, sauf mention « établissement ».", e.RegionLibelle, b.y.millesime()),
			},
			Table: b.tableOf("Formations de l'établissement "+nom, path+"offres-"+e.UAI+".csv", "Télécharger les formations de l'établissement", distinguishOffres(nonNil(offres[e.UAI]))),
		})
		if pr := proches[e.UAI]; len(pr) > 0 {
			p.Sections = append(p.Sections, Section{ID: "proches", Title: "Établissements proches proposant les mêmes formations",
				Text: []string{fmt.Sprintf("Pour chaque formation de l'établissement, les %d établissements les plus proches qui la proposent aussi, dans un rayon de %d km, avec leur capacité et leur taux de pression (ou de demande) pour cette formation (%s) et les taux d'emploi et de poursuite de l'ensemble de leurs élèves, toutes formations confondues (DEPP).", maxProches, maxKm, b.y.attract()),
					"Distance à vol d'oiseau entre les centres des communes des deux établissements : les adresses exactes ne figurent pas dans les données ouvertes (deux lycées d'une même commune sont à 0 km)."},
				Table: b.tableOf("Établissements proches", path+"proches-"+e.UAI+".csv", "Télécharger les établissements proches", pr)})
		} else {
			p.Sections = append(p.Sections, Section{ID: "proches", Title: "Établissements proches proposant les mêmes formations",
				Text: []string{fmt.Sprintf("Aucun établissement proche ne peut être indiqué : la commune de cet établissement ou des établissements voisins n'est pas connue dans les données ouvertes, ou aucun ne propose les mêmes formations à moins de %d km.", maxKm)}})
		}
		if s := b.transformationsSection(path+"transformations-"+e.UAI+".csv", b.transf.etablissement(e.UAI), ""); s != nil {
			p.Sections = append(p.Sections, *s)
		}
		b.done(m)
	}
	link := b.csv("/donnees/etablissements.csv", "Tous les établissements", nonNil(index))
	b.csv("/donnees/insertion-etablissements.csv", "Taux InserJeunes par établissement", nonNil(allDEPP))
	b.page(&Page{
		Path: "/etablissements/", Kind: KindIndex, Title: "Établissements",
		Description: "Les lycées proposant un CAP, un bac pro ou un BTS, par département.",
		Breadcrumb:  []Link{home(), {Text: "Établissements"}},
		Intro:       []string{fmt.Sprintf("%s établissements proposent un CAP, un CAP agricole, un bac pro (y compris agricole) ou un BTS au constat de rentrée ou dans Affelnet. Liste complète : ", table.Entier(int64(len(index))))},
		Sections:    []Section{{ID: "liste", Title: "Établissements par département", Groups: groups, Table: &Table{Caption: "", CSV: link}}},
	})
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

// deppFigures are the school's DEPP key figures, for each population the
// DEPP publishes (never one in place of another), with the change since the
// previous millésime, in points.
func deppFigures(cur, prev map[string]query.InsertionEtablissement, curM, prevM string) []Figure {
	defs := []*indicator.Def{indicator.DEPPValeurAjoutee, indicator.DEPPEmploi6, indicator.DEPPPoursuite, indicator.DEPPDevenirFavorable}
	if len(cur) == 0 {
		var out []Figure
		for _, d := range defs {
			out = append(out, Figure{Def: d, Source: d.Source, Perimetre: d.Perimetre, Value: indicator.Value{Statut: indicator.NonPublie, Def: d}})
		}
		return out
	}
	var out []Figure
	for _, p := range populations {
		r, ok := cur[p.suffix]
		if !ok {
			continue
		}
		for _, d := range defs {
			f := Figure{Def: d, Label: d.VariantLabel(p.suffix), Source: d.Source, Perimetre: d.Perimetre,
				Value: depPub(r.V, d), Year: Millesime(curM) + ", " + r.Population}
			if pr, ok := prev[p.suffix]; ok {
				if pv := depPub(pr.V, d); pv.Ok() && f.Value.Ok() {
					f.Note = fmt.Sprintf("%s par rapport au %s", indicator.Format(indicator.Points, f.Value.Scaled-pv.Scaled), Millesime(prevM))
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// deppSet marks the DEPP values that the file leaves blank or "nd" as not
// published by their producer.
func deppSet(set indicator.Set) indicator.Set {
	out := map[string]indicator.Value{}
	set.Each(func(k string, v indicator.Value) {
		if v.Statut == indicator.NonDisponible {
			v.Statut = indicator.NonPublie
		}
		out[k] = v
	})
	return indicator.SetOf(out)
}

func depPub(set indicator.Set, d *indicator.Def) indicator.Value {
	v := set.Get(d)
	if v.Statut == indicator.NonDisponible {
		v.Statut = indicator.NonPublie
	}
	return v
}

// anneeEntree names the year of study a capacity counts places at.
func anneeEntree(annee *int64, niveau string) string {
	if annee == nil {
		return ""
	}
	switch {
	case *annee == 1 && (niveau == "400" || niveau == "403"):
		return "seconde"
	case *annee == 2 && (niveau == "400" || niveau == "403"):
		return "première"
	}
	if *annee == 1 {
		return "1re année"
	}
	return fmt.Sprintf("%de année", *annee)
}

// distinguishOffres is distinguish for a school's offers.
func distinguishOffres(rows []OffreLigne) []OffreLigne {
	ls := make([]FormationLigne, len(rows))
	for i, r := range rows {
		ls[i] = r.FormationLigne
	}
	for i, l := range distinguish(ls) {
		rows[i].FormationLigne = l
	}
	return rows
}

// cfdsOf are the formations of offers, once each, in order.
func cfdsOf(offres []query.Offre) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range offres {
		if !seen[o.CFD] && !o.Commune() {
			seen[o.CFD] = true
			out = append(out, o.CFD)
		}
	}
	return out
}
