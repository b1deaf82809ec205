package page

import (
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/orion-static/orion/generator/xlsx"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/table"
)

// OffreAnneeLigne is one row of /donnees/offres.csv: a school × formation
// × dispositif × rentrée.
type OffreAnneeLigne struct {
	Rentree         int64           `csv:"rentree"`
	UAI             string          `csv:"uai"`
	CFD             string          `csv:"code_formation_diplome"`
	Dispositif      string          `csv:"code_dispositif"`
	Libelle         string          `csv:"libelle_formation"`
	Niveau          string          `csv:"niveau"`
	Departement     string          `csv:"code_departement"`
	Effectif1       indicator.Value `ind:"effectif_annee_1"`
	Effectif2       indicator.Value `ind:"effectif_annee_2"`
	Effectif3       indicator.Value `ind:"effectif_annee_3"`
	EffectifEntree  indicator.Value `ind:"effectif_entree"`
	AnneeEntree     int64           `csv:"annee_entree"`
	Source          string          `csv:"source_capacite_voeux"`
	AnneeCapacite   table.Int       `csv:"annee_capacite"`
	Capacite        indicator.Value `ind:"capacite"`
	PremiersVoeux   indicator.Value `ind:"premiers_voeux"`
	TauxPression    indicator.Value `ind:"taux_pression"`
	TauxDemande     indicator.Value `ind:"taux_demande"`
	TauxRemplissage indicator.Value `ind:"taux_remplissage"`
}

// InsertionRegionLigne is one row of /donnees/insertion-regions.csv.
type InsertionRegionLigne struct {
	CodeRegion        string          `csv:"code_region"`
	Region            string          `csv:"region"`
	Millesime         string          `csv:"millesime"`
	Voie              string          `csv:"voie"`
	CFD               string          `csv:"code_formation_diplome"`
	Dispositif        string          `csv:"code_dispositif"`
	MEFStat11         string          `csv:"mefstat11"`
	Libelle           string          `csv:"libelle_formation"`
	Niveau            string          `csv:"code_niveau"`
	NbPoursuiteEtudes indicator.Value `ind:"nb_poursuite_etudes"`
	NbEnEmploi6       indicator.Value `ind:"nb_en_emploi_6_mois"`
	NbEnEmploi12      indicator.Value `ind:"nb_en_emploi_12_mois"`
	Sortie
}

// nationalEarly makes the two largest national CSVs (every offer, every
// InserJeunes row of the régions) and starts converting them to .xlsx in
// the background: the conversion takes seconds that then overlap the
// assembly of the entity pages instead of following it. donnees adds the
// files to the site.
func (b *builder) nationalEarly() []File {
	offres := make([]OffreAnneeLigne, 0, len(b.d.Donnees.Offres))
	for _, o := range b.d.Donnees.Offres {
		l := OffreAnneeLigne{
			Rentree: o.Rentree, UAI: o.UAI, CFD: o.CFD, Dispositif: str(o.Dispositif), Libelle: libelleFormation(o.Libelle, o.CFD),
			Niveau: o.NiveauLibelle, Departement: o.Departement3, AnneeEntree: o.AnneeDebut, Source: str(o.SourceAttractivite),
			AnneeCapacite: table.I(o.AnneeCapacite),
		}
		table.Fill(&l, o.V)
		offres = append(offres, l)
	}
	ins := make([]InsertionRegionLigne, 0, len(b.d.Donnees.InsertionRegions))
	for _, r := range b.d.Donnees.InsertionRegions {
		l := InsertionRegionLigne{
			CodeRegion: r.CodeRegion, Region: str(r.RegionLibelle), Millesime: r.Millesime, Voie: r.Voie,
			CFD: str(r.CFD), Dispositif: str(r.Dispositif), MEFStat11: str(r.MEFStat11), Libelle: str(r.Libelle),
			Niveau: str(r.Niveau),
		}
		table.Fill(&l, r.V)
		ins = append(ins, l)
	}
	var files []File
	for _, t := range []struct {
		path string
		rows any
	}{{"/donnees/offres.csv", nonNil(offres)}, {"/donnees/insertion-regions.csv", nonNil(ins)}} {
		data, err := table.CSV(t.rows)
		if err != nil {
			b.fail(fmt.Errorf("page %s: %w", t.path, err))
			return nil
		}
		files = append(files, File{Path: t.path, Data: data})
	}
	b.sheets = map[string]*sheetJob{}
	jobs := make([]*sheetJob, len(files))
	for i, f := range files {
		jobs[i] = &sheetJob{done: make(chan struct{})}
		b.sheets[f.Path] = jobs[i]
	}
	go func() { // one after the other: one core's share beside the assembly
		for i, f := range files {
			jobs[i].file, jobs[i].err = spreadsheet(f)
			close(jobs[i].done)
		}
	}()
	return files
}

func (b *builder) donnees() {
	b.site.Files = append(b.site.Files, b.early...)

	var national []File
	for _, f := range b.site.Files {
		if strings.HasPrefix(f.Path, "/donnees/") && strings.HasSuffix(f.Path, ".csv") {
			national = append(national, f)
		}
	}
	sheets, err := b.spreadsheets(national)
	if err != nil {
		b.fail(err)
		return
	}
	var files []Link
	for i, f := range national {
		name := f.Path[len("/donnees/"):]
		files = append(files, *csvLink(f.Path, name, f.Data),
			Link{Href: sheets[i].Path, Text: strings.TrimSuffix(name, ".csv") + ".xlsx", Note: "tableur – " + size(len(sheets[i].Data))})
	}
	b.site.Files = append(b.site.Files, sheets...)
	p := b.page(&Page{
		Path: "/donnees/", Kind: KindIndex, Title: "Données",
		Description: "Les fichiers CSV du site, les sources lues et le compte rendu de la construction.",
		Breadcrumb:  []Link{home(), {Text: "Données"}},
		Intro: []string{
			"Fichiers CSV en UTF-8, séparateur virgule, point décimal, une ligne d'en-tête. Les taux sont en pourcentage avec une décimale ; un taux vide a sa raison dans la colonne « _statut » voisine (secret statistique en dessous de 20 élèves, donnée non disponible).",
			"Licence : Licence Ouverte / Etalab 2.0, en citant les producteurs ci-dessous.",
		},
		Sections: []Section{{ID: "fichiers", Title: "Fichiers nationaux", Groups: []Group{{Links: files}}}},
	})
	if b.opt.DataVersion != "" {
		p.Sections = append([]Section{{ID: "version", Title: "Version des données",
			Text: []string{"Ce site a été construit sur ces données : " + b.opt.DataVersion + ".",
				"Chaque chiffre porte sa rentrée ou son millésime ; la liste des fichiers lus, avec leur année, est plus bas (« Sources lues »)."}}}, p.Sections...)
	}
	for _, c := range b.opt.Contents {
		if c.Slug == "donnees" {
			p.Title, p.Description, p.Content, p.TOC = c.Title, c.Description, c.HTML, c.TOC
			p.Intro = nil
		}
	}
	var src []SourceLigne
	for _, s := range b.opt.Sources {
		src = append(src, SourceLigne{Fichier: s.Path, Description: s.Description, Producteur: s.Producer, Annee: s.Year,
			Lignes: table.N(int64(s.Rows)), NonDiffusees: table.N(int64(s.Suppressed))})
	}
	var an []AnomalieLigne
	for _, a := range b.d.Donnees.Anomalies {
		an = append(an, AnomalieLigne{Libelle: a.Libelle, Nombre: table.N(a.Nombre)})
	}
	p.Sections = append(p.Sections,
		Section{ID: "sources", Title: "Sources lues", Text: []string{"Chaque fichier source, tel que publié, avec le nombre de lignes lues et de valeurs non diffusées (« nd » ou cellule vide)."},
			Table: b.tableOf("Fichiers sources", "/donnees/sources.csv", "Télécharger la liste des sources", nonNil(src))},
		Section{ID: "anomalies", Title: "Lignes particulières", Text: []string{"Lignes légitimement particulières des fichiers sources et la façon dont elles sont traitées."},
			Table: b.tableOf("Lignes particulières", "/donnees/lignes-particulieres.csv", "Télécharger", nonNil(an))},
		Section{ID: "indicateurs", Title: "Indicateurs : colonnes, périmètres et sources",
			Text:  []string{"Chaque colonne d'indicateur des fichiers, telle que le site la déclare et la calcule."},
			Table: b.tableOf("Indicateurs des fichiers CSV", "/donnees/indicateurs.csv", "Télécharger le dictionnaire des indicateurs", indicateurs())},
	)
}

// IndicateurLigne is one declared figure, in the dictionary of the data
// page: what each figure column of the CSVs holds and covers.
type IndicateurLigne struct {
	Colonne      string `csv:"colonne" label:"Colonne"`
	Libelle      string `csv:"libelle" label:"Indicateur"`
	Unite        string `csv:"unite" label:"Unité"`
	Numerateur   string `csv:"numerateur" label:"Numérateur"`
	Denominateur string `csv:"denominateur" label:"Dénominateur"`
	Perimetre    string `csv:"perimetre" label:"Périmètre"`
	Source       string `csv:"source" label:"Source"`
	Secret       string `csv:"secret" label:"Secret statistique"`
	Statut       string `csv:"statut_dans_la_colonne"`
	Definition   string `csv:"definition"`
}

// Link implements table.Linker.
func (l IndicateurLigne) Link(col string) string {
	if col == "libelle" {
		return l.Definition
	}
	return ""
}

func indicateurs() []IndicateurLigne {
	units := map[indicator.Unit]string{indicator.Count: "nombre", indicator.Percent: "pourcentage, une décimale",
		indicator.Ratio: "rapport, deux décimales", indicator.Points: "points de pourcentage", indicator.PercentEntier: "pourcentage entier (tel que publié)"}
	var out []IndicateurLigne
	for _, d := range indicator.All() {
		l := IndicateurLigne{Colonne: d.ID, Libelle: d.Label, Unite: units[d.Unit], Numerateur: d.NumLabel, Denominateur: d.DenLabel,
			Perimetre: d.Perimetre, Source: d.Source, Secret: "non", Definition: d.Href()}
		if d.Secret {
			l.Secret = fmt.Sprintf("non publié sous %d élèves", indicator.Seuil)
		}
		if d.HasStatus() {
			l.Statut = d.StatusColumn("")
		}
		if !d.Ratio() {
			l.Numerateur, l.Denominateur = "", ""
		}
		out = append(out, l)
	}
	return out
}

// SourceLigne is one input file.
type SourceLigne struct {
	Fichier      string    `csv:"fichier" label:"Fichier"`
	Description  string    `csv:"description" label:"Contenu"`
	Producteur   string    `csv:"producteur" label:"Producteur"`
	Annee        string    `csv:"annee" label:"Année ou millésime"`
	Lignes       table.Int `csv:"lignes" label:"Lignes"`
	NonDiffusees table.Int `csv:"valeurs_non_diffusees" label:"Valeurs non diffusées"`
}

// AnomalieLigne is one counted oddity of the inputs.
type AnomalieLigne struct {
	Libelle string    `csv:"cas" label:"Cas"`
	Nombre  table.Int `csv:"nombre" label:"Nombre"`
}

func (b *builder) accueil() {
	n := b.d.National
	p := b.page(&Page{
		Path: "/", Kind: KindAccueil, Title: "Orion — formations professionnelles",
		Description: "Attractivité et devenir des élèves des formations professionnelles (CAP, bac pro, BTS) par région, département, établissement, formation et domaine.",
		Intro: []string{
			"Pour chaque formation professionnelle (CAP, bac pro, BTS) : combien d'élèves, combien de places et de premiers vœux, et ce que deviennent les élèves six mois après leur sortie (InserJeunes).",
			fmt.Sprintf("Chaque chiffre porte son année : effectifs du %s, capacités et vœux de la %s, insertion du %s.", "constat de "+b.y.constat(), b.y.attract(), b.y.millesime()),
		},
		Search: true,
	})
	p.Cards, p.Figures = b.cardsAndFigures(n.V, n.Sortie, true, "national (somme des régions)")
	var regions, domaines []Link
	for _, r := range b.d.Regions.Rows {
		regions = append(regions, Link{Href: "/regions/" + r.Code + "/", Text: r.Libelle})
	}
	for _, d := range b.d.Domaines.Rows {
		domaines = append(domaines, Link{Href: "/domaines/" + d.Code + "/", Text: d.Libelle})
	}
	dates := []string{
		"Effectifs : constat de " + b.y.constat(),
		"Capacités et premiers vœux : " + b.y.attract(),
		"Insertion des élèves : InserJeunes, " + b.y.millesime(),
	}
	if b.y.a.MillesimeEtablissement != nil {
		dates = append(dates, "Insertion par lycée et valeur ajoutée : DEPP, "+Millesime(*b.y.a.MillesimeEtablissement))
	}
	p.Sections = []Section{{ID: "evolution", Title: "Évolution des taux InserJeunes en France",
		Text:   []string{"Taux nationaux (somme des régions), voie scolaire, par millésime."},
		Charts: b.ijCharts("", "", "", " : France")}, {ID: "parcourir", Title: "Parcourir", Groups: []Group{{Links: []Link{
		{Href: "/regions/", Text: "Régions", Note: fmt.Sprint(len(b.d.Regions.Rows))},
		{Href: "/departements/", Text: "Départements", Note: fmt.Sprint(len(b.d.Departements.Rows))},
		{Href: "/etablissements/", Text: "Établissements", Note: table.Entier(int64(len(b.d.Etablissements.Rows)))},
		{Href: "/formations/", Text: "Formations", Note: fmt.Sprint(len(b.d.Formations.Rows))},
		{Href: "/domaines/", Text: "Domaines de formation", Note: fmt.Sprint(len(b.d.Domaines.Rows))},
		{Href: "/donnees/", Text: "Données (CSV) et sources"},
	}}}},
		{ID: "regions", Title: "Les régions", Groups: []Group{{Links: regions}}},
		{ID: "domaines", Title: "Les domaines de formation", Groups: []Group{{Links: domaines}}},
		{ID: "dates", Title: "Données les plus récentes", Text: dates},
	}
}

// sheetJob is a spreadsheet being made in the background.
type sheetJob struct {
	done chan struct{}
	file File
	err  error
}

// spreadsheets are the national CSVs as .xlsx files (numbers typed,
// header frozen), for the French spreadsheet programs that garble a
// comma-separated UTF-8 file: those started by nationalEarly, the others
// converted here two at a time.
func (b *builder) spreadsheets(csvs []File) ([]File, error) {
	out := make([]File, len(csvs))
	var g errgroup.Group
	g.SetLimit(2)
	for i, f := range csvs {
		if j := b.sheets[f.Path]; j != nil {
			<-j.done
			if j.err != nil {
				return nil, j.err
			}
			out[i] = j.file
			continue
		}
		g.Go(func() error {
			var err error
			out[i], err = spreadsheet(f)
			return err
		})
	}
	return out, g.Wait()
}

// spreadsheet converts one national CSV.
func spreadsheet(f File) (File, error) {
	name := strings.TrimSuffix(f.Path[strings.LastIndex(f.Path, "/")+1:], ".csv")
	b, err := xlsx.FromCSV(f.Data, sheetName(name))
	if err != nil {
		return File{}, fmt.Errorf("page %s: %w", f.Path, err)
	}
	return File{Path: strings.TrimSuffix(f.Path, ".csv") + ".xlsx", Data: b}, nil
}

// sheetName fits a file name to a sheet's 31 characters.
func sheetName(s string) string {
	if len(s) > 31 {
		return s[:31]
	}
	return s
}
