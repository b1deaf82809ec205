package page

import (
	"fmt"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// RegionLigne is one row of /donnees/regions.csv and of the régions index.
type RegionLigne struct {
	Code           string          `csv:"code_region" label:"Code"`
	Libelle        string          `csv:"region" label:"Région"`
	NbDepartements table.Int       `csv:"nb_departements"`
	NbFormations   indicator.Value `ind:"nb_formations"`
	Annees
	Entree
	Sortie
	AnneeChomage table.Int       `csv:"annee_chomage"`
	TauxChomage  indicator.Value `ind:"taux_chomage" html:"-"`
}

// Link implements table.Linker.
func (r RegionLigne) Link(col string) string {
	if col == "region" || col == "code_region" {
		return "/regions/" + r.Code + "/"
	}
	return ""
}

// DepartementLigne is one row of /donnees/departements.csv.
type DepartementLigne struct {
	Code         string          `csv:"code_departement" label:"Code"`
	Libelle      string          `csv:"departement" label:"Département"`
	CodeAcademie string          `csv:"code_academie"`
	Academie     string          `csv:"academie" label:"Académie"`
	CodeRegion   string          `csv:"code_region"`
	Region       string          `csv:"region"`
	NbFormations indicator.Value `ind:"nb_formations"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	AnneeChomage table.Int       `csv:"annee_chomage"`
	TauxChomage  indicator.Value `ind:"taux_chomage" html:"-"`
}

// Link implements table.Linker.
func (r DepartementLigne) Link(col string) string {
	if col == "departement" || col == "code_departement" {
		return "/departements/" + r.Code + "/"
	}
	return ""
}

func (b *builder) regions() {
	var index []RegionLigne
	deps := map[string][]query.Departement{}
	for _, d := range b.d.Departements.Rows {
		deps[d.CodeRegion] = append(deps[d.CodeRegion], d)
	}
	rows := b.formationRows(b.d.Regions.Formations, "régionale", func(code string) string { return code })
	raw := map[string][]query.TerritoireFormation{}
	for _, r := range b.d.Regions.Formations {
		raw[r.Code] = append(raw[r.Code], r)
	}
	for _, r := range b.d.Regions.Rows {
		m := b.start()
		l := RegionLigne{Code: r.Code, Libelle: r.Libelle, NbDepartements: table.N(r.NbDepartements),
			Annees: b.y.row(), AnneeChomage: table.I(r.AnneeChomage)}
		table.Fill(&l, r.V)
		index = append(index, l)
		path := "/regions/" + r.Code + "/"
		p := b.page(&Page{
			Path: path, Kind: KindRegion, Title: "Région " + r.Libelle,
			Description: fmt.Sprintf("Formations professionnelles de la région %s : effectifs, attractivité et devenir des élèves (InserJeunes).", r.Libelle),
			Breadcrumb:  []Link{home(), {Href: "/regions/", Text: "Régions"}, {Text: r.Libelle}},
			Identity:    []Field{{Label: "Code région (INSEE)", Value: r.Code}, {Label: "Départements", Value: fmt.Sprint(r.NbDepartements)}},
			Index:       &IndexEntry{Kind: "Région", Terms: []string{r.Code}},
		})
		p.Cards, p.Figures = b.cardsAndFigures(r.V, r.Sortie, true, "")
		p.Figures = append(p.Figures, chomageFigure(r.V, r.AnneeChomage)...)
		p.Sections = append(p.Sections,
			Section{ID: "evolution", Title: "Évolution des taux InserJeunes",
				Text:   []string{"Taux de la région comparés à ceux de la France, voie scolaire, pour chaque millésime (deux cohortes de sortants)."},
				Charts: b.ijCharts("region", r.Code, r.Libelle, " : "+r.Libelle+" et France")},
			Section{ID: "analyse", Title: "Analyse des formations", Views: b.quadrantViews("quadrant", raw[r.Code], r.Code)})
		p.Sections = append(p.Sections, b.formationsSection(
			"Formations de la région "+r.Libelle, path+"formations-region-"+r.Code+".csv", rows[r.Code],
			"régionaux", "régionale"))
		var links []Link
		for _, d := range deps[r.Code] {
			links = append(links, Link{Href: "/departements/" + d.Code + "/", Text: d.Libelle + " (" + d.Code + ")"})
		}
		p.Sections = append(p.Sections, Section{ID: "departements", Title: "Départements", Groups: []Group{{Links: links}}})
		b.done(m)
	}
	b.page(&Page{
		Path: "/regions/", Kind: KindIndex, Title: "Régions",
		Description: "Les 18 régions : formations professionnelles, effectifs, attractivité et insertion.",
		Breadcrumb:  []Link{home(), {Text: "Régions"}},
		Sections: []Section{{ID: "regions", Title: "Les régions",
			Table: b.sortable("Régions", "/donnees/regions.csv", "Toutes les régions", nonNil(index))}},
	})
}

func (b *builder) departements() {
	var index []DepartementLigne
	etabs := map[string][]query.Etablissement{}
	for _, e := range b.d.Etablissements.Rows {
		etabs[e.Departement3] = append(etabs[e.Departement3], e)
	}
	region := map[string]string{}
	for _, d := range b.d.Departements.Rows {
		region[d.Code3] = d.CodeRegion
	}
	rows := b.formationRows(b.d.Departements.Formations, "régionale (pas de donnée départementale)", func(code string) string { return region[code] })
	raw := map[string][]query.TerritoireFormation{}
	for _, r := range b.d.Departements.Formations {
		raw[r.Code] = append(raw[r.Code], r)
	}
	var groups []Group
	byRegion := map[string]int{}
	for _, d := range b.d.Departements.Rows {
		m := b.start()
		l := DepartementLigne{
			Code: d.Code, Libelle: d.Libelle, CodeAcademie: d.CodeAcademie, Academie: d.LibelleAcademie,
			CodeRegion: d.CodeRegion, Region: d.RegionLibelle, Annees: b.y.row(), EchelleInsertion: "régionale",
			AnneeChomage: table.I(d.AnneeChomage),
		}
		table.Fill(&l, d.V)
		index = append(index, l)
		gi, ok := byRegion[d.CodeRegion]
		if !ok {
			gi = len(groups)
			byRegion[d.CodeRegion] = gi
			groups = append(groups, Group{Title: d.RegionLibelle})
		}
		groups[gi].Links = append(groups[gi].Links, Link{Href: "/departements/" + d.Code + "/", Text: d.Libelle + " (" + d.Code + ")"})

		path := "/departements/" + d.Code + "/"
		p := b.page(&Page{
			Path: path, Kind: KindDepartement, Title: d.Libelle + " (" + d.Code + ")",
			Description: fmt.Sprintf("Formations professionnelles du département %s : effectifs, attractivité et devenir des élèves.", d.Libelle),
			Breadcrumb: []Link{home(), {Href: "/regions/" + d.CodeRegion + "/", Text: d.RegionLibelle},
				{Href: "/departements/", Text: "Départements"}, {Text: d.Libelle}},
			Identity: []Field{
				{Label: "Code département", Value: d.Code},
				{Label: "Académie", Value: d.LibelleAcademie},
				{Label: "Région", Value: d.RegionLibelle, Href: "/regions/" + d.CodeRegion + "/"},
			},
			Intro: []string{"Les taux InserJeunes n'existent pas à l'échelle du département : les taux affichés sont ceux de la région " + d.RegionLibelle + ", signalés comme régionaux."},
			Index: &IndexEntry{Kind: "Département", Terms: []string{d.Code, d.RegionLibelle}},
		})
		p.Cards, p.Figures = b.cardsAndFigures(d.V, d.Sortie, true, "taux régionaux ("+d.RegionLibelle+")")
		p.Figures = append(p.Figures, chomageFigure(d.V, d.AnneeChomage)...)
		p.Sections = append(p.Sections,
			Section{ID: "evolution", Title: "Évolution des taux InserJeunes (région " + d.RegionLibelle + ")",
				Text:   []string{"Il n'existe pas de taux InserJeunes départementaux : les taux sont ceux de la région " + d.RegionLibelle + ", comparés à ceux de la France."},
				Charts: b.ijCharts("region", d.CodeRegion, d.RegionLibelle, " : région "+d.RegionLibelle+" et France")},
			Section{ID: "analyse", Title: "Analyse des formations", Text: []string{"Formations du département placées selon leurs taux régionaux."},
				Views: b.quadrantViews("quadrant", raw[d.Code3], d.CodeRegion)})
		p.Sections = append(p.Sections, b.formationsSection(
			"Formations du département "+d.Libelle, path+"formations-departement-"+d.Code+".csv", rows[d.Code3],
			"régionaux ("+d.RegionLibelle+")", "régionale"))
		var links []Link
		for _, e := range etabs[d.Code3] {
			links = append(links, Link{Href: "/etablissements/" + e.UAI + "/", Text: nomEtablissement(e), Note: str(e.Commune)})
		}
		p.Sections = append(p.Sections, Section{ID: "etablissements", Title: "Établissements", Groups: []Group{{Links: links}}})
		b.done(m)
	}
	b.page(&Page{
		Path: "/departements/", Kind: KindIndex, Title: "Départements",
		Description: "Les 101 départements, groupés par région.",
		Breadcrumb:  []Link{home(), {Text: "Départements"}},
		Sections: []Section{
			{ID: "liste", Title: "Départements par région", Groups: groups},
			{ID: "tableau", Title: "Tableau des départements", Table: b.sortable("Départements", "/donnees/departements.csv", "Tous les départements", nonNil(index))},
		},
	})
}

func nomEtablissement(e query.Etablissement) string {
	if e.Nom == nil {
		return "Établissement " + e.UAI
	}
	return *e.Nom
}
