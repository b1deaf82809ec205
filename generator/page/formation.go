package page

import (
	"fmt"
	"sort"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// FormationNationaleLigne is one row of /donnees/formations.csv.
type FormationNationaleLigne struct {
	CFD         string `csv:"code_formation_diplome" label:"Code (CFD)"`
	Libelle     string `csv:"libelle_formation" label:"Formation"`
	Niveau      string `csv:"niveau" label:"Niveau"`
	NSF         string `csv:"code_nsf"`
	NSFLibelle  string `csv:"domaine_nsf"`
	Famille     string `csv:"famille_de_metiers"`
	TypeFamille string `csv:"type_famille"`
	Dispositifs string `csv:"dispositifs"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	AncienDiplome string `csv:"insertion_ancien_diplome"` // continuum: see FormationLigne
}

// Link implements table.Linker.
func (r FormationNationaleLigne) Link(col string) string {
	if col == "libelle_formation" || col == "code_formation_diplome" {
		return "/formations/" + r.CFD + "/"
	}
	return ""
}

// FormationRegionLigne is a formation in one région.
type FormationRegionLigne struct {
	CFD     string `csv:"code_formation_diplome"`
	Code    string `csv:"code_region"`
	Libelle string `csv:"region" label:"Région"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	AncienDiplome string `csv:"insertion_ancien_diplome"` // continuum: see FormationLigne
}

// Link implements table.Linker.
func (r FormationRegionLigne) Link(col string) string {
	if col == "region" {
		return "/regions/" + r.Code + "/"
	}
	return ""
}

// DomaineRegionLigne is a domaine in one région.
type DomaineRegionLigne struct {
	NSF     string `csv:"code_nsf"`
	Code    string `csv:"code_region"`
	Libelle string `csv:"region" label:"Région"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
}

// Link implements table.Linker.
func (r DomaineRegionLigne) Link(col string) string {
	if col == "region" {
		return "/regions/" + r.Code + "/"
	}
	return ""
}

// DomaineLigne is one row of /donnees/domaines.csv.
type DomaineLigne struct {
	Code           string          `csv:"code_nsf" label:"Code NSF"`
	Libelle        string          `csv:"domaine" label:"Domaine (groupe NSF)"`
	Domaine        string          `csv:"code_domaine_nsf"`
	DomaineLibelle string          `csv:"domaine_nsf_parent"`
	NbFormations   indicator.Value `ind:"nb_formations"`
	Annees
	Entree
	Sortie
}

// Link implements table.Linker.
func (r DomaineLigne) Link(col string) string {
	if col == "domaine" || col == "code_nsf" {
		return "/domaines/" + r.Code + "/"
	}
	return ""
}

// EcoleLigne is a school offering a formation, with its figures for it and
// its own DEPP figures (all its formations together, labelled so), on the
// formation's page: the family's table for choosing a school.
type EcoleLigne struct {
	UAI               string          `csv:"uai"`
	Nom               string          `csv:"etablissement" label:"Établissement"`
	Commune           string          `csv:"commune" label:"Commune"`
	Departement       string          `csv:"code_departement"`
	DepartementNom    string          `csv:"departement" label:"Département"`
	CodeRegion        string          `csv:"code_region"`
	Region            string          `csv:"region"`
	Dispositif        string          `csv:"dispositif" label:"Dispositif"`
	EffectifTotal     indicator.Value `ind:"effectif_total"`
	Capacite          indicator.Value `ind:"capacite"`
	PremiersVoeux     indicator.Value `ind:"premiers_voeux"`
	TauxPression      indicator.Value `ind:"taux_pression"`
	TauxDemande       indicator.Value `ind:"taux_demande"`
	MillesimeDEPP     string          `csv:"millesime_depp"`
	DEPPEmploi6       indicator.Value `ind:"taux_emploi_6_mois_depp,ensemble"`
	DEPPPoursuite     indicator.Value `ind:"taux_poursuite_etudes_depp,ensemble"`
	DEPPValeurAjoutee indicator.Value `ind:"valeur_ajoutee_depp,ensemble"`
}

// Link implements table.Linker.
func (l EcoleLigne) Link(col string) string {
	if col == "etablissement" {
		return "/etablissements/" + l.UAI + "/"
	}
	return ""
}

// Keys implements table.Keyer: the row's région and département, for the
// page's filter.
func (l EcoleLigne) Keys() map[string]string {
	return map[string]string{"region": l.CodeRegion, "departement": l.Departement}
}

// MetierLigne is a ROME métier a formation leads to.
type MetierLigne struct {
	CFD            string `csv:"code_formation_diplome"`
	CodeRome       string `csv:"code_rome" label:"Code ROME"`
	Libelle        string `csv:"metier" label:"Métier (fiche ROME)"`
	TransitionEco  string `csv:"transition_ecologique" label:"Transition écologique"`
	TransitionNum  string `csv:"transition_numerique" label:"Transition numérique"`
	TransitionDemo string `csv:"transition_demographique" label:"Transition démographique"`
}

func flag(s string) string {
	if s == "" {
		return "non"
	}
	if s == "O" {
		return "oui"
	}
	return "oui (" + s + ")"
}

func (b *builder) formations() {
	metiers := map[string][]MetierLigne{}
	for _, m := range b.d.Formations.Metiers {
		metiers[m.CFD] = append(metiers[m.CFD], MetierLigne{CFD: m.CFD, CodeRome: m.CodeRome, Libelle: m.Libelle,
			TransitionEco: flag(m.TransitionEco), TransitionNum: flag(m.TransitionNum), TransitionDemo: flag(m.TransitionDemo)})
	}
	remplace := map[string][]query.FormationLien{}
	remplacee := map[string][]query.FormationLien{}
	for _, l := range b.d.Formations.Liens {
		remplace[l.CFD] = append(remplace[l.CFD], l)
		remplacee[l.Ancien] = append(remplacee[l.Ancien], l)
	}
	offered := map[string]bool{}
	for _, f := range b.d.Formations.Rows {
		offered[f.CFD] = true
	}
	regs := map[string][]FormationRegionLigne{}
	for _, r := range b.d.Formations.Regions {
		l := FormationRegionLigne{CFD: r.CFD, Code: r.Code, Libelle: r.Libelle, Annees: b.y.row(),
			EchelleInsertion: "régionale", AncienDiplome: str(r.CFDContinuum)}
		table.Fill(&l, r.V)
		regs[r.CFD] = append(regs[r.CFD], l)
	}
	regionName := map[string]string{}
	for _, r := range b.d.Regions.Rows {
		regionName[r.Code] = r.Libelle
	}
	etab := map[string]query.Etablissement{}
	for _, e := range b.d.Etablissements.Rows {
		etab[e.UAI] = e
	}
	ecoles := map[string][]EcoleLigne{}
	for _, o := range b.d.Etablissements.Offres {
		e := etab[o.UAI]
		l := EcoleLigne{UAI: o.UAI, Nom: nomEtablissement(e), Commune: str(e.Commune), Departement: e.Departement,
			DepartementNom: e.DepartementLibelle + " (" + e.Departement + ")", CodeRegion: e.CodeRegion, Region: e.RegionLibelle,
			Dispositif: str(o.DispositifLibelle)}
		dp := b.depp[o.UAI]
		l.MillesimeDEPP = dp.curM
		extra := map[string]indicator.Value{}
		for _, d := range []*indicator.Def{indicator.DEPPEmploi6, indicator.DEPPPoursuite, indicator.DEPPValeurAjoutee} {
			extra[d.Column("ensemble")] = depPub(dp.ensemble(), d)
		}
		set := o.V.With(extra)
		table.Fill(&l, set)
		ecoles[o.CFD] = append(ecoles[o.CFD], l)
	}
	var index []FormationNationaleLigne
	var groups []Group
	groupOf := map[string]int{}
	for _, f := range b.d.Formations.Rows {
		m := b.start()
		lib := libelleFormation(f.Libelle, f.CFD)
		l := FormationNationaleLigne{
			CFD: f.CFD, Libelle: lib, Niveau: f.NiveauLibelle, NSF: str(f.NSF), NSFLibelle: str(f.NSFLibelle),
			Famille: str(f.Famille), TypeFamille: str(f.TypeFamille), Dispositifs: str(f.Dispositifs),
			Annees: b.y.row(), EchelleInsertion: "nationale", AncienDiplome: str(f.CFDContinuum),
		}
		table.Fill(&l, f.V)
		index = append(index, l)
		gkey := f.NiveauLibelle + " — " + orDefault(f.NSFLibelle, "domaine non renseigné")
		gi, ok := groupOf[gkey]
		if !ok {
			gi = len(groups)
			groupOf[gkey] = gi
			groups = append(groups, Group{Title: gkey})
		}
		groups[gi].Links = append(groups[gi].Links, Link{Href: "/formations/" + f.CFD + "/", Text: lib, Note: f.CFD})

		path := "/formations/" + f.CFD + "/"
		p := b.page(&Page{
			Path: path, Kind: KindFormation, Title: lib + " (" + f.NiveauLibelle + ")",
			Description: fmt.Sprintf("%s %s (CFD %s) : établissements, effectifs, attractivité et insertion par région.", f.NiveauLibelle, lib, f.CFD),
			Breadcrumb:  []Link{home(), {Href: "/formations/", Text: "Formations"}, {Text: lib}},
			Index:       &IndexEntry{Kind: "Formation", Terms: []string{f.NiveauLibelle, f.CFD}, CFD: f.CFD, Closed: f.DateFermeture != nil},
		})
		p.Identity = []Field{
			{Label: "Code formation diplôme (CFD)", Value: f.CFD},
			{Label: "Diplôme", Value: f.NiveauLibelle},
		}
		if f.NSF != nil {
			p.Identity = append(p.Identity, Field{Label: "Domaine (groupe NSF)", Value: *f.NSF + " – " + str(f.NSFLibelle), Href: "/domaines/" + *f.NSF + "/"})
		}
		if f.Famille != nil {
			p.Identity = append(p.Identity, Field{Label: "Famille de métiers", Value: *f.Famille + typeFamille(f.TypeFamille)})
		}
		if f.Dispositifs != nil {
			p.Identity = append(p.Identity, Field{Label: "Dispositifs", Value: *f.Dispositifs})
		}
		for _, l := range remplace[f.CFD] {
			fl := Field{Label: "Formation rénovée : remplace", Value: libelleFormation(l.AncienLibelle, l.Ancien) + " (" + l.Ancien + ")"}
			if offered[l.Ancien] {
				fl.Href = "/formations/" + l.Ancien + "/"
			}
			p.Identity = append(p.Identity, fl)
		}
		for _, l := range remplacee[f.CFD] {
			fl := Field{Label: "Formation historique : remplacée par", Value: libelleFormation(l.NouveauLibelle, l.CFD) + " (" + l.CFD + ")"}
			if offered[l.CFD] {
				fl.Href = "/formations/" + l.CFD + "/"
			}
			p.Identity = append(p.Identity, fl)
		}
		if f.DateFermeture != nil {
			p.Identity = append(p.Identity, Field{Label: "Fermeture (BCN)", Value: *f.DateFermeture})
		}
		// A formation page is about one formation: no count of formations.
		p.Cards, p.Figures = b.cardsAndFigures(f.V, f.Sortie, false, "national (somme des régions)")
		p.Figures = append([]Figure{b.figure(indicator.NbEtablissements, f.V, "")}, p.Figures...)
		p.Sections = append(p.Sections, Section{ID: "evolution", Title: "Évolution des taux InserJeunes",
			Text:   []string{"Taux de la formation en France (somme des régions), voie scolaire, comparés à l'ensemble des formations."},
			Charts: b.ijCharts("formation", f.CFD, "Cette formation", " : la formation et l'ensemble des formations")})
		p.Sections = append(p.Sections, Section{
			ID: "regions", Title: "Par région",
			Text:  []string{fmt.Sprintf("Effectifs : %s ; capacités et vœux : %s ; taux InserJeunes régionaux : %s, voie scolaire.", b.y.constat(), b.y.attract(), b.y.millesime())},
			Table: b.sortable("La formation "+lib+" par région", path+"regions-"+f.CFD+".csv", "Télécharger les chiffres par région", nonNil(regs[f.CFD])),
		})
		if m := metiers[f.CFD]; len(m) > 0 {
			p.Sections = append(p.Sections, Section{ID: "metiers", Title: "Métiers visés",
				Text: []string{"Fiches du répertoire ROME (France Travail) associées au diplôme par Certif Info (Réseau des Carif-Oref), avec les emplois que France Travail signale comme stratégiques pour les transitions écologique, numérique et démographique.",
					transitions(m)},
				Table: b.tableOf("Métiers visés par la formation "+lib, path+"metiers-"+f.CFD+".csv", "Télécharger les métiers", m)})
		} else {
			p.Sections = append(p.Sections, Section{ID: "metiers", Title: "Métiers visés",
				Text: []string{"Certif Info ne relie cette formation à aucune fiche ROME dans les données disponibles."}})
		}
		rows := ecoles[f.CFD]
		sort.SliceStable(rows, func(i, j int) bool {
			if rows[i].CodeRegion != rows[j].CodeRegion {
				return rows[i].Region < rows[j].Region
			}
			if rows[i].Departement != rows[j].Departement {
				return rows[i].Departement < rows[j].Departement
			}
			return rows[i].Commune+rows[i].Nom < rows[j].Commune+rows[j].Nom
		})
		t := b.sortable("Établissements qui proposent la formation "+lib, path+"etablissements-"+f.CFD+".csv", "Télécharger les établissements", nonNil(rows))
		t.Filters = ecoleFilters(rows)
		p.Sections = append(p.Sections, Section{ID: "etablissements", Title: "Établissements qui proposent la formation",
			Text: []string{fmt.Sprintf("%s établissement(s). Effectifs : %s ; capacités et vœux : %s, pour cette formation dans chaque établissement. Taux d'emploi, de poursuite d'études et valeur ajoutée : ceux du lycée pour l'ensemble de ses élèves, toutes formations confondues (DEPP, %s) : InserJeunes ne publie pas de taux par lycée et par formation.",
				table.Entier(int64(len(rows))), b.y.constat(), b.y.attract(), Millesime(str(b.y.a.MillesimeEtablissement)))},
			Table: t})
		if s := b.transformationsSection(path+"transformations-"+f.CFD+".csv", b.transf.formation(f.CFD), f.CFD); s != nil {
			p.Sections = append(p.Sections, *s)
		}
		b.done(m)
	}
	link := b.csv("/donnees/formations.csv", "Toutes les formations", nonNil(index))
	b.page(&Page{
		Path: "/formations/", Kind: KindIndex, Title: "Formations",
		Description: "Les CAP, bac pro et BTS proposés, par niveau de diplôme.",
		Breadcrumb:  []Link{home(), {Text: "Formations"}},
		Sections:    []Section{{ID: "liste", Title: "Formations par niveau et par domaine", Groups: sortGroups(groups), Table: &Table{CSV: link}}},
	})
}

func typeFamille(s *string) string {
	if s == nil {
		return ""
	}
	return " (" + *s + ")"
}

func (b *builder) domaines() {
	rows := b.formationRows(b.d.Domaines.Formations, "nationale", nil)
	regs := map[string][]DomaineRegionLigne{}
	for _, r := range b.d.Domaines.Regions {
		l := DomaineRegionLigne{NSF: r.NSF, Code: r.Code, Libelle: r.Libelle, Annees: b.y.row(), EchelleInsertion: "régionale"}
		table.Fill(&l, r.V)
		regs[r.NSF] = append(regs[r.NSF], l)
	}
	var index []DomaineLigne
	for _, d := range b.d.Domaines.Rows {
		m := b.start()
		l := DomaineLigne{Code: d.Code, Libelle: d.Libelle, Domaine: d.Domaine, DomaineLibelle: str(d.DomaineLibelle), Annees: b.y.row()}
		table.Fill(&l, d.V)
		index = append(index, l)
		path := "/domaines/" + d.Code + "/"
		p := b.page(&Page{
			Path: path, Kind: KindDomaine, Title: "Domaine " + d.Libelle,
			Description: fmt.Sprintf("Formations professionnelles du domaine %s (NSF %s) : effectifs, attractivité et insertion.", d.Libelle, d.Code),
			Breadcrumb:  []Link{home(), {Href: "/domaines/", Text: "Domaines"}, {Text: d.Libelle}},
			Identity:    []Field{{Label: "Groupe NSF", Value: d.Code}, {Label: "Domaine NSF", Value: d.Domaine + " – " + str(d.DomaineLibelle)}},
			Index:       &IndexEntry{Kind: "Domaine", Terms: []string{"NSF " + d.Code}},
		})
		p.Cards, p.Figures = b.cardsAndFigures(d.V, d.Sortie, true, "national")
		p.Sections = append(p.Sections, Section{ID: "evolution", Title: "Évolution des taux InserJeunes",
			Text:   []string{"Taux du domaine en France, voie scolaire, comparés à l'ensemble des formations."},
			Charts: b.ijCharts("domaine", d.Code, "Ce domaine", " : le domaine et l'ensemble des formations")})
		p.Sections = append(p.Sections, b.formationsSection("Formations du domaine "+d.Libelle,
			path+"formations-domaine-"+d.Code+".csv", rows[d.Code], "nationaux", "nationale"))
		p.Sections = append(p.Sections, Section{
			ID: "regions", Title: "Par région",
			Text:  []string{fmt.Sprintf("Effectifs : %s ; capacités et vœux : %s ; taux InserJeunes régionaux du domaine : %s, voie scolaire.", b.y.constat(), b.y.attract(), b.y.millesime())},
			Table: b.sortable("Le domaine "+d.Libelle+" par région", path+"regions-"+d.Code+".csv", "Télécharger les chiffres par région", nonNil(regs[d.Code])),
		})
		b.done(m)
	}
	b.page(&Page{
		Path: "/domaines/", Kind: KindIndex, Title: "Domaines de formation",
		Description: "Les groupes de spécialités (NSF) des formations professionnelles.",
		Breadcrumb:  []Link{home(), {Text: "Domaines"}},
		Sections:    []Section{{ID: "domaines", Title: "Domaines (groupes NSF)", Table: b.sortable("Domaines", "/donnees/domaines.csv", "Tous les domaines", nonNil(index))}},
	})
}

// transitions says, as Orion does, whether the formation is flagged for a
// transition: all its ROME fiches (at least one) must be.
func transitions(m []MetierLigne) string {
	all := func(get func(MetierLigne) string) bool {
		for _, x := range m {
			if get(x) == "non" {
				return false
			}
		}
		return len(m) > 0
	}
	var t []string
	if all(func(x MetierLigne) string { return x.TransitionEco }) {
		t = append(t, "écologique")
	}
	if all(func(x MetierLigne) string { return x.TransitionNum }) {
		t = append(t, "numérique")
	}
	if all(func(x MetierLigne) string { return x.TransitionDemo }) {
		t = append(t, "démographique")
	}
	if len(t) == 0 {
		return "Formation liée à aucune transition au sens d'Orion (il faut que toutes ses fiches ROME le soient)."
	}
	return "Formation liée à la transition " + strings.Join(t, ", ") + " au sens d'Orion : toutes ses fiches ROME le sont."
}

func orDefault(s *string, d string) string {
	if s == nil || *s == "" {
		return d
	}
	return *s
}

// sortGroups orders link groups by title, keeping each group's links.
func sortGroups(g []Group) []Group {
	sort.SliceStable(g, func(i, j int) bool { return g[i].Title < g[j].Title })
	return g
}

// ecoleFilters are the choices of the schools table's filter: the régions
// and départements of its rows, in order.
func ecoleFilters(rows []EcoleLigne) []Filter {
	regions, deps := Filter{Key: "region", Label: "Région"}, Filter{Key: "departement", Label: "Département"}
	seenR, seenD := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if !seenR[r.CodeRegion] {
			seenR[r.CodeRegion] = true
			regions.Options = append(regions.Options, Option{r.CodeRegion, r.Region})
		}
		if !seenD[r.Departement] {
			seenD[r.Departement] = true
			deps.Options = append(deps.Options, Option{r.Departement, r.DepartementNom})
		}
	}
	sort.Slice(regions.Options, func(i, j int) bool { return regions.Options[i].Label < regions.Options[j].Label })
	sort.Slice(deps.Options, func(i, j int) bool { return deps.Options[i].Value < deps.Options[j].Value })
	if len(regions.Options) < 2 && len(deps.Options) < 2 {
		return nil
	}
	return []Filter{regions, deps}
}
