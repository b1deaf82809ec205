package page

import (
	"fmt"

	"github.com/orion-static/orion/generator/query"
	"github.com/orion-static/orion/generator/table"
)

// RegionLigne is one row of /donnees/regions.csv and of the régions index.
type RegionLigne struct {
	Code           string    `csv:"code_region" label:"Code"`
	Libelle        string    `csv:"region" label:"Région"`
	NbDepartements table.Int `csv:"nb_departements"`
	NbFormations   table.Int `csv:"nb_formations" label:"Formations"`
	EffectifTotal  table.Int `csv:"effectif_total" label:"Élèves"`
	Annees
	Entree
	Sortie
	AnneeChomage table.Int `csv:"annee_chomage"`
	TauxChomage  table.Dec `csv:"taux_chomage"`
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
	Code          string    `csv:"code_departement" label:"Code"`
	Libelle       string    `csv:"departement" label:"Département"`
	CodeAcademie  string    `csv:"code_academie"`
	Academie      string    `csv:"academie" label:"Académie"`
	CodeRegion    string    `csv:"code_region"`
	Region        string    `csv:"region"`
	NbFormations  table.Int `csv:"nb_formations" label:"Formations"`
	EffectifTotal table.Int `csv:"effectif_total" label:"Élèves"`
	Annees
	Entree
	EchelleInsertion string `csv:"echelle_insertion"`
	Sortie
	AnneeChomage table.Int `csv:"annee_chomage"`
	TauxChomage  table.Dec `csv:"taux_chomage"`
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
	for _, d := range b.d.Departements {
		deps[d.CodeRegion] = append(deps[d.CodeRegion], d)
	}
	rows := b.formationRows(b.d.RegionFormations, "régionale", func(code string) string { return code })
	raw := map[string][]query.TerritoireFormation{}
	for _, r := range b.d.RegionFormations {
		raw[r.Code] = append(raw[r.Code], r)
	}
	for _, r := range b.d.Regions {
		e := entree(r.Entree)
		index = append(index, RegionLigne{
			Code: r.Code, Libelle: r.Libelle, NbDepartements: table.N(r.NbDepartements),
			NbFormations: table.N(r.NbFormations), EffectifTotal: table.I(sum(r.Effectif1, r.Effectif2, r.Effectif3)),
			Annees: b.y.row(), Entree: e, Sortie: sortie(r.Sortie),
			AnneeChomage: table.I(r.AnneeChomage), TauxChomage: table.Dec{V: r.TauxChomage},
		})
		path := "/regions/" + r.Code + "/"
		p := b.page(&Page{
			Path: path, Kind: "region", Title: "Région " + r.Libelle,
			Description: fmt.Sprintf("Formations professionnelles de la région %s : effectifs, attractivité et devenir des élèves (InserJeunes).", r.Libelle),
			Breadcrumb:  []Link{home(), {Href: "/regions/", Text: "Régions"}, {Text: r.Libelle}},
			Identity:    []Field{{Label: "Code région (INSEE)", Value: r.Code}, {Label: "Départements", Value: fmt.Sprint(r.NbDepartements)}},
		})
		p.Figures = append(entreeFigures(r.Entree, b.y, true), sortieFigures(r.Sortie, b.y, "")...)
		if r.TauxChomage != nil {
			p.Figures = append(p.Figures, Figure{Label: "Taux de chômage", Value: table.Decimal(*r.TauxChomage, 1) + "\u202f%",
				Year: fmt.Sprint(*r.AnneeChomage), Source: srcINSEE})
		}
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
	}
	link := b.csv("/donnees/regions.csv", "Toutes les régions", index)
	b.page(&Page{
		Path: "/regions/", Kind: "index", Title: "Régions",
		Description: "Les 18 régions : formations professionnelles, effectifs, attractivité et insertion.",
		Breadcrumb:  []Link{home(), {Text: "Régions"}},
		Sections: []Section{{ID: "regions", Title: "Les régions",
			Table: &Table{Caption: "Régions", HTML: table.Build(index), CSV: link}}},
	})
}

func (b *builder) departements() {
	var index []DepartementLigne
	etabs := map[string][]query.Etablissement{}
	for _, e := range b.d.Etablissements {
		etabs[e.Departement3] = append(etabs[e.Departement3], e)
	}
	region := map[string]string{}
	for _, d := range b.d.Departements {
		region[d.Code3] = d.CodeRegion
	}
	rows := b.formationRows(b.d.DepartementFormations, "régionale (pas de donnée départementale)", func(code string) string { return region[code] })
	raw := map[string][]query.TerritoireFormation{}
	for _, r := range b.d.DepartementFormations {
		raw[r.Code] = append(raw[r.Code], r)
	}
	var groups []Group
	byRegion := map[string]int{}
	for _, d := range b.d.Departements {
		index = append(index, DepartementLigne{
			Code: d.Code, Libelle: d.Libelle, CodeAcademie: d.CodeAcademie, Academie: d.LibelleAcademie,
			CodeRegion: d.CodeRegion, Region: d.RegionLibelle, NbFormations: table.N(d.NbFormations),
			EffectifTotal: table.I(sum(d.Effectif1, d.Effectif2, d.Effectif3)),
			Annees:        b.y.row(), Entree: entree(d.Entree), EchelleInsertion: "régionale", Sortie: sortie(d.Sortie),
			AnneeChomage: table.I(d.AnneeChomage), TauxChomage: table.Dec{V: d.TauxChomage},
		})
		gi, ok := byRegion[d.CodeRegion]
		if !ok {
			gi = len(groups)
			byRegion[d.CodeRegion] = gi
			groups = append(groups, Group{Title: d.RegionLibelle})
		}
		groups[gi].Links = append(groups[gi].Links, Link{Href: "/departements/" + d.Code + "/", Text: d.Libelle + " (" + d.Code + ")"})

		path := "/departements/" + d.Code + "/"
		p := b.page(&Page{
			Path: path, Kind: "departement", Title: d.Libelle + " (" + d.Code + ")",
			Description: fmt.Sprintf("Formations professionnelles du département %s : effectifs, attractivité et devenir des élèves.", d.Libelle),
			Breadcrumb: []Link{home(), {Href: "/regions/" + d.CodeRegion + "/", Text: d.RegionLibelle},
				{Href: "/departements/", Text: "Départements"}, {Text: d.Libelle}},
			Identity: []Field{
				{Label: "Code département", Value: d.Code},
				{Label: "Académie", Value: d.LibelleAcademie},
				{Label: "Région", Value: d.RegionLibelle, Href: "/regions/" + d.CodeRegion + "/"},
			},
			Intro: []string{"Les taux InserJeunes n'existent pas à l'échelle du département : les taux affichés sont ceux de la région " + d.RegionLibelle + ", signalés comme régionaux."},
		})
		p.Figures = append(entreeFigures(d.Entree, b.y, true), sortieFigures(d.Sortie, b.y, "taux régionaux ("+d.RegionLibelle+")")...)
		if d.TauxChomage != nil {
			p.Figures = append(p.Figures, Figure{Label: "Taux de chômage", Value: table.Decimal(*d.TauxChomage, 1) + "\u202f%",
				Year: fmt.Sprint(*d.AnneeChomage), Source: srcINSEE})
		}
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
	}
	link := b.csv("/donnees/departements.csv", "Tous les départements", index)
	b.page(&Page{
		Path: "/departements/", Kind: "index", Title: "Départements",
		Description: "Les 101 départements, groupés par région.",
		Breadcrumb:  []Link{home(), {Text: "Départements"}},
		Sections: []Section{
			{ID: "liste", Title: "Départements par région", Groups: groups},
			{ID: "tableau", Title: "Tableau des départements", Table: &Table{Caption: "Départements", HTML: table.Build(index), CSV: link}},
		},
	})
}

func nomEtablissement(e query.Etablissement) string {
	if e.Nom == nil {
		return "Établissement " + e.UAI
	}
	return *e.Nom
}
