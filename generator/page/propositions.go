package page

import (
	"fmt"
	"sort"
	"strings"

	"github.com/orion-static/orion/generator/charts"
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/page/console"
	"github.com/orion-static/orion/generator/proposition"
	"github.com/orion-static/orion/generator/table"
)

// Formulaire is the proposal form: a plain HTML form posting to the
// companion handler, usable without JavaScript.
type Formulaire struct {
	Action      string
	Campagne    int
	Rentrees    []int
	Types       []Option
	Motifs      []MotifGroup
	MaxCapacite int // places, per capacity field (proposition.MaxCapacite)
}

// Capacites are the eight capacity fields of the form, in form order.
var Capacites = []Option{
	{"capaciteScolaireActuelle", "Scolaire, actuelle"}, {"capaciteScolaire", "Scolaire, future"},
	{"capaciteScolaireColoreeActuelle", "Scolaire colorée, actuelle"}, {"capaciteScolaireColoree", "Scolaire colorée, future"},
	{"capaciteApprentissageActuelle", "Apprentissage, actuelle"}, {"capaciteApprentissage", "Apprentissage, future"},
	{"capaciteApprentissageColoreeActuelle", "Apprentissage colorée, actuelle"}, {"capaciteApprentissageColoree", "Apprentissage colorée, future"},
}

// Option is a choice of a select or a group of checkboxes.
type Option struct{ Value, Label string }

// MotifGroup lists the motifs allowed for some types.
type MotifGroup struct {
	Legend string
	Types  string // the type codes it serves, space-separated (for the form's script)
	Motifs []Option
}

// Propositions are the published proposals: the aggregated figures of the
// journal and the validated proposals.
type Propositions struct {
	Synthese *console.Synthese
	Validees []console.Validee
	Campagne int
	APIURL   string
}

// SyntheseLigne is a row of the console's tables and CSVs.
type SyntheseLigne struct {
	Code         string    `csv:"code"`
	Libelle      string    `csv:"libelle" label:"Libellé"`
	Propositions table.Int `csv:"propositions" label:"Propositions"`
	Validees     table.Int `csv:"validees" label:"Validées"`
	Refusees     table.Int `csv:"refusees" label:"Refusées"`
	Ouvertes     table.Int `csv:"places_ouvertes" label:"Places ouvertes"`
	Fermees      table.Int `csv:"places_fermees" label:"Places fermées"`
	Colorees     table.Int `csv:"places_colorees" label:"Places colorées"`
	Transformees table.Int `csv:"places_transformees" label:"Places transformées"`
	Solde        table.Int `csv:"solde" label:"Solde (ouvertes − fermées)"`
}

// ValideeLigne is a validated proposal, as published on school and
// formation pages.
type ValideeLigne struct {
	Numero        string    `csv:"numero" label:"Numéro"`
	Rentree       int64     `csv:"rentree_scolaire" label:"Rentrée"`
	UAI           string    `csv:"uai"`
	Etablissement string    `csv:"etablissement" label:"Établissement"`
	CFD           string    `csv:"code_formation_diplome"`
	Formation     string    `csv:"formation" label:"Formation"`
	Type          string    `csv:"type" label:"Type"`
	Ouvertes      table.Int `csv:"places_ouvertes" label:"Places ouvertes"`
	Fermees       table.Int `csv:"places_fermees" label:"Places fermées"`
	Colorees      table.Int `csv:"places_colorees" label:"Places colorées"`
}

// Link implements table.Linker.
func (v ValideeLigne) Link(col string) string {
	switch col {
	case "etablissement":
		return "/etablissements/" + v.UAI + "/"
	case "formation":
		return "/formations/" + v.CFD + "/"
	}
	return ""
}

func syntheseLignes(ls []console.Ligne) []SyntheseLigne {
	out := []SyntheseLigne{}
	for _, l := range ls {
		p := l.Places
		out = append(out, SyntheseLigne{Code: l.Code, Libelle: l.Libelle, Propositions: table.N(int64(l.Propositions)),
			Validees: table.N(int64(l.Validees)), Refusees: table.N(int64(l.Refusees)),
			Ouvertes: table.N(int64(p.Ouvertes.Total())), Fermees: table.N(int64(p.Fermees.Total())),
			Colorees: table.N(int64(p.ColoreesOuvertes.Total())), Transformees: table.N(int64(p.Transformees)),
			Solde: table.N(int64(p.Solde()))})
	}
	return out
}

func valideeLignes(vs []console.Validee) []ValideeLigne {
	out := []ValideeLigne{}
	for _, v := range vs {
		out = append(out, ValideeLigne{Numero: v.Numero, Rentree: int64(v.RentreeScolaire), UAI: v.UAI, Etablissement: v.Etablissement,
			CFD: v.CFD, Formation: v.Formation, Type: v.TypeDemande.Libelle(),
			Ouvertes: table.N(int64(v.Ouvertes.Total())), Fermees: table.N(int64(v.Fermees.Total())),
			Colorees: table.N(int64(v.ColoreesOuvertes.Total()))})
	}
	return out
}

// propositions builds the form, the receipt, the console and the
// transformation dashboard, and the validated proposals of school and
// formation pages.
func (b *builder) propositions() {
	pr := b.opt.Propositions
	if pr == nil {
		return
	}
	f := &Formulaire{Action: pr.APIURL, Campagne: pr.Campagne, Rentrees: []int{pr.Campagne, pr.Campagne + 1}, MaxCapacite: proposition.MaxCapacite}
	for _, t := range proposition.Types {
		f.Types = append(f.Types, Option{string(t), t.Libelle()})
	}
	seen := map[string]int{}
	for _, t := range proposition.Types {
		var g MotifGroup
		for _, m := range proposition.Motifs(t) {
			g.Motifs = append(g.Motifs, Option{m.Code, m.Libelle})
		}
		key := fmt.Sprint(g.Motifs)
		if len(g.Motifs) == 0 {
			continue
		}
		if i, ok := seen[key]; ok {
			f.Motifs[i].Types += " " + string(t)
			f.Motifs[i].Legend += ", « " + t.Libelle() + " »"
			continue
		}
		seen[key] = len(f.Motifs)
		g.Legend, g.Types = "Motifs pour « "+t.Libelle()+" »", string(t)
		f.Motifs = append(f.Motifs, g)
	}
	b.page(&Page{
		Path: "/propositions/nouvelle/", Kind: KindPropositions, Title: "Proposer une ouverture ou une fermeture de places",
		Description: "Formulaire des établissements et des régions pour proposer d'ouvrir, de fermer, d'augmenter, de diminuer, de transférer ou de colorer des places de formation.",
		Breadcrumb:  []Link{home(), {Href: "/propositions/", Text: "Transformation de l'offre"}, {Text: "Nouvelle proposition"}},
		Intro: []string{
			fmt.Sprintf("Campagne %d. Le code d'accès remis à votre établissement ou à votre région est exigé ; il ne vaut que pour son établissement ou sa région.", pr.Campagne),
			"Les règles de saisie sont vérifiées à l'envoi, et chaque champ à corriger est signalé avec la raison.",
		},
		Form: f,
		Sections: []Section{{ID: "apres", Title: "Après l'envoi", Text: []string{"Une proposition acceptée est enregistrée avant toute réponse, puis vous arrivez sur la page de réception qui donne son numéro. Si la même proposition est envoyée deux fois (double clic, connexion coupée), elle n'est enregistrée qu'une fois."},
			Groups: []Group{{Links: []Link{{Href: "/propositions/recue/", Text: "La page « Proposition reçue »"}}}}}},
	})
	b.page(&Page{
		Path: "/propositions/recue/", Kind: KindPropositions, Title: "Proposition reçue",
		Description: "Accusé de réception d'une proposition de transformation.",
		Breadcrumb:  []Link{home(), {Href: "/propositions/", Text: "Transformation de l'offre"}, {Text: "Proposition reçue"}},
		Intro:       []string{"Votre proposition est enregistrée. Son numéro figure ci-dessous (et dans l'adresse de cette page, après « numero= ») : conservez-le pour suivre son instruction auprès de votre région."},
		Receipt:     true,
		Sections: []Section{{ID: "suite", Title: "Et ensuite ?", Text: []string{"La région examine la proposition (dossier complet ou incomplet, projet, puis demande validée ou refusée). Seules les propositions validées sont publiées individuellement sur ce site ; les autres n'apparaissent que dans les totaux."},
			Groups: []Group{{Links: []Link{{Href: "/propositions/nouvelle/", Text: "Faire une autre proposition"}, {Href: "/propositions/", Text: "Voir la transformation de l'offre"}}}}}},
	})
	s := pr.Synthese
	var secs []Section
	for _, t := range []struct {
		id, title string
		rows      []console.Ligne
	}{
		{"regions", "Par région", s.ParRegion}, {"departements", "Par département", s.ParDepartement},
		{"domaines", "Par domaine (groupe NSF)", s.ParDomaine}, {"niveaux", "Par niveau de diplôme", s.ParNiveau},
		{"types", "Par type de demande", s.ParType}, {"motifs", "Par motif", s.ParMotif}, {"statuts", "Par statut", s.ParStatut},
	} {
		secs = append(secs, Section{ID: t.id, Title: t.title,
			Table: b.tableOf("Propositions "+t.title, "/propositions/propositions-"+t.id+".csv", "Télécharger", syntheseLignes(t.rows))})
	}
	var cats []string
	var ouv, ferm []charts.Value
	for _, l := range s.ParRegion {
		cats = append(cats, l.Libelle)
		ouv = append(ouv, charts.Known(float64(l.Places.Ouvertes.Total())))
		ferm = append(ferm, charts.Known(float64(l.Places.Fermees.Total())))
	}
	if len(cats) > 0 {
		// Horizontal bars: every région's name stays readable.
		c, err := charts.HBars{ID: "places_regions", Title: "Places ouvertes et fermées par région", Caption: "Places ouvertes et fermées par région (propositions non refusées, hors ajustements, campagne " + fmt.Sprint(pr.Campagne) + ")",
			YLabel: "Région", Unit: charts.Count, Categories: cats,
			Series: []charts.Series{{Name: "Places ouvertes", Values: ouv}, {Name: "Places fermées", Values: ferm}}}.Build()
		if ch := b.chart("Places ouvertes et fermées par région", c, err); ch != nil {
			secs[0].Charts = []*Chart{ch}
		}
	}
	val := valideeLignes(pr.Validees)
	secs = append(secs, Section{ID: "validees", Title: "Demandes validées",
		Text:  []string{"Seules les demandes validées par les régions sont publiées une à une ; aucune donnée personnelle ni commentaire n'est publié."},
		Table: b.tableOf("Demandes validées", "/propositions/demandes-validees.csv", "Télécharger les demandes validées", val)})
	tot := s.Total
	b.page(&Page{
		Path: "/propositions/", Kind: KindPropositions, Title: "Transformation de l'offre de formation",
		Description: "Propositions d'ouverture, de fermeture et de coloration de places : totaux par territoire, domaine, niveau, type, motif et statut.",
		Breadcrumb:  []Link{home(), {Text: "Transformation de l'offre"}},
		Intro: append([]string{
			fmt.Sprintf("Campagne %d : propositions déposées par les établissements et les régions. Les places sont comptées selon les règles d'Orion.", pr.Campagne),
			"Statuts comptés : les colonnes « Propositions », « Validées » et « Refusées » comptent toutes les propositions reçues, quel que soit leur statut. " +
				"Les places ouvertes, fermées, colorées et transformées et le solde comptent les propositions " + statutsTransformation() +
				", quel que soit l'avancement de leur instruction ; les demandes refusées et les ajustements de rentrée n'y entrent pas. " +
				"La liste des demandes validées et le solde de chaque formation ne comptent que le statut « " + proposition.DemandeValidee.Libelle() + " ».",
		}, aucune(tot.Propositions, pr.Campagne)...),
		Figures: []Figure{
			{Label: "Propositions", Text: table.Entier(int64(tot.Propositions)), Source: "Journal des propositions"},
			{Label: "Demandes validées", Text: table.Entier(int64(tot.Validees)), Source: "Journal des propositions"},
			{Label: "Places ouvertes", Text: table.Entier(int64(tot.Places.Ouvertes.Total())), Source: sourceTransformation},
			{Label: "Places fermées", Text: table.Entier(int64(tot.Places.Fermees.Total())), Source: sourceTransformation},
			{Label: "Places colorées", Text: table.Entier(int64(tot.Places.ColoreesOuvertes.Total())), Source: sourceTransformation},
		},
		Sections: append([]Section{{ID: "proposer", Title: "Proposer", Groups: []Group{{Links: []Link{{Href: "/propositions/nouvelle/", Text: "Faire une proposition"}, {Href: "/pilotage/", Text: "Tableau de bord de la transformation"}}}}}}, secs...),
	})
	b.pilotage(s, pr.Campagne)
}

// transformations are the validated proposals shown on school and
// formation pages, by UAI and by CFD.
type transformations struct {
	campagne     int
	byUAI, byCFD map[string][]ValideeLigne
	// soldeCFD is a formation's solde over its validated demandes only
	// (orion-spec §1.3), the rows its page lists.
	soldeCFD map[string]int64
}

func newTransformations(pr *Propositions) (*transformations, error) {
	if pr == nil {
		return nil, nil
	}
	t := &transformations{campagne: pr.Campagne, byUAI: map[string][]ValideeLigne{}, byCFD: map[string][]ValideeLigne{}, soldeCFD: map[string]int64{}}
	for _, v := range valideeLignes(pr.Validees) {
		t.byUAI[v.UAI] = append(t.byUAI[v.UAI], v)
		t.byCFD[v.CFD] = append(t.byCFD[v.CFD], v)
	}
	for _, v := range pr.Validees {
		t.soldeCFD[v.CFD] += int64(v.Ouvertes.Total()) - int64(v.Fermees.Total())
	}
	return t, nil
}

func (t *transformations) etablissement(uai string) []ValideeLigne {
	if t == nil {
		return nil
	}
	return t.byUAI[uai]
}

func (t *transformations) formation(cfd string) []ValideeLigne {
	if t == nil {
		return nil
	}
	return t.byCFD[cfd]
}

// transformationsSection is the validated proposals of a school or a
// formation (cfd: the solde of the formation is given too); nil when the
// build publishes no proposals.
func (b *builder) transformationsSection(csvPath string, rows []ValideeLigne, cfd string) *Section {
	if b.transf == nil {
		return nil
	}
	sec := &Section{ID: "transformations", Title: "Transformations validées"}
	if len(rows) == 0 {
		sec.Text = []string{fmt.Sprintf("Aucune demande validée pour la campagne %d.", b.transf.campagne)}
		return sec
	}
	sec.Table = b.tableOf("Transformations validées", csvPath, "Télécharger", rows)
	if cfd != "" {
		sec.Text = []string{fmt.Sprintf("Solde des places de la formation : %s (places ouvertes − places fermées des demandes au statut « %s » seulement, les lignes ci-dessous).",
			soldePlaces(b.transf.soldeCFD[cfd]), proposition.DemandeValidee.Libelle())}
	}
	return sec
}

// TransformationLigne is a row of the transformation dashboard.
type TransformationLigne struct {
	Code            string          `csv:"code"`
	Libelle         string          `csv:"libelle" label:"Territoire ou domaine"`
	Transformees    table.Int       `csv:"places_transformees" label:"Places transformées"`
	EffectifEntree  table.Int       `csv:"effectif_entree" label:"Effectif d'entrée hors 2ndes communes (constat)"`
	Taux            indicator.Value `ind:"taux_transformation"`
	RatioFermetures indicator.Value `ind:"ratio_fermetures"`
	Solde           table.Int       `csv:"solde" label:"Solde des places"`
}

// pilotage is the transformation dashboard: places transformées over the
// first-year effectif of the constat, against the 6 % objective.
func (b *builder) pilotage(s *console.Synthese, campagne int) {
	// Every région and domaine is listed, those without any proposal with
	// 0 places transformées: the journal is the complete record.
	type scope struct{ code, libelle string }
	var regions, domaines []scope
	entree := map[string]*int64{}
	for _, r := range b.d.Regions.Rows {
		entree["region:"+r.Code] = r.EffectifEntreeTransfo
		regions = append(regions, scope{r.Code, r.Libelle})
	}
	for _, d := range b.d.Domaines.Rows {
		entree["domaine:"+d.Code] = d.EffectifEntreeTransfo
		domaines = append(domaines, scope{d.Code, d.Libelle})
	}
	rows := func(kind string, all []scope, ls []console.Ligne) []TransformationLigne {
		byCode := map[string]console.Ligne{}
		for _, l := range ls {
			byCode[l.Code] = l
		}
		out := []TransformationLigne{}
		for _, sc := range all {
			l, ok := byCode[sc.code]
			if !ok {
				l = console.Ligne{Code: sc.code, Libelle: sc.libelle}
			}
			delete(byCode, sc.code)
			out = append(out, transformationLigne(l, entree[kind+":"+sc.code]))
		}
		// A code of the journal unknown to this build's data (a région or
		// domaine without any offer) keeps its row, without denominator.
		var rest []string
		for c := range byCode {
			rest = append(rest, c)
		}
		sort.Strings(rest)
		for _, c := range rest {
			out = append(out, transformationLigne(byCode[c], nil))
		}
		return out
	}
	regionRows, domaineRows := rows("region", regions, s.ParRegion), rows("domaine", domaines, s.ParDomaine)
	var cats []string
	var taux, obj []charts.Value
	for _, r := range regionRows {
		cats = append(cats, r.Libelle)
		taux = append(taux, chartValue(r.Taux))
		obj = append(obj, charts.Known(100*proposition.ObjectifTauxTransformation))
	}
	var chs []*Chart
	if len(cats) > 0 {
		c, err := charts.HBars{ID: "taux_transformation", Title: "Taux de transformation par région", Caption: "Taux de transformation par région et objectif national",
			YLabel: "Région", Unit: charts.Percent, Categories: cats,
			Series: []charts.Series{{Name: "Taux de transformation", Values: taux}, {Name: "Objectif", Values: obj}}}.Build()
		if ch := b.chart("Taux de transformation par région", c, err); ch != nil {
			chs = append(chs, ch)
		}
	}
	b.page(&Page{
		Path: "/pilotage/", Kind: KindPropositions, Title: "Tableau de bord de la transformation",
		Description: "Taux de transformation de l'offre de formation professionnelle par région et par domaine, rapporté à l'objectif de 6 %.",
		Breadcrumb:  []Link{home(), {Href: "/propositions/", Text: "Transformation de l'offre"}, {Text: "Tableau de bord"}},
		Intro: append([]string{"Taux de transformation = places transformées (règles d'Orion propres à chaque campagne) / effectif en année d'entrée du constat de rentrée (" + b.y.constat() + " ; première année, deuxième pour les spécialités d'une famille de métiers, sans les 2ndes communes). Objectif national : 6 %.",
			"Ratio de fermetures = places fermées / (places ouvertes + places fermées).",
			"Statuts comptés dans les places transformées, le taux de transformation, le ratio de fermetures et le solde : les propositions " + statutsTransformation() +
				", quel que soit l'avancement de leur instruction. Les demandes refusées et les ajustements de rentrée ne sont pas comptés."}, aucune(s.Total.Propositions, campagne)...),
		Sections: []Section{
			{ID: "regions", Title: "Par région", Charts: chs, Table: b.tableOf("Transformation par région", "/pilotage/transformation-regions.csv", "Télécharger", regionRows)},
			{ID: "domaines", Title: "Par domaine", Table: b.tableOf("Transformation par domaine", "/pilotage/transformation-domaines.csv", "Télécharger", domaineRows)},
		},
	})
}

// sourceTransformation is what the console's figures of places count.
const sourceTransformation = "Propositions non refusées, hors ajustements de rentrée"

// statutsTransformation names in French the statuts counted in places
// transformées: « Proposition », « Dossier complet »… et « Demande validée ».
func statutsTransformation() string {
	var names []string
	for _, st := range proposition.StatutsTransformation() {
		names = append(names, "« "+st.Libelle()+" »")
	}
	if len(names) < 2 {
		return "au statut " + strings.Join(names, "")
	}
	return "aux statuts " + strings.Join(names[:len(names)-1], ", ") + " et " + names[len(names)-1]
}

// soldePlaces writes a solde with its sign and the word places: "+12 places",
// "−3 places", "0 place".
func soldePlaces(n int64) string {
	switch {
	case n > 0:
		return "+" + table.Entier(n) + " places"
	case n < 0:
		return "−" + table.Entier(-n) + " places"
	}
	return "0 place"
}

// aucune says, when the journal holds no proposal, that the empty or zero
// figures mean that none was received, not that data are missing.
func aucune(n int, campagne int) []string {
	if n > 0 {
		return nil
	}
	return []string{fmt.Sprintf("Aucune proposition n'a encore été reçue pour la campagne %d : aucune place n'est transformée à ce jour.", campagne)}
}

// transformationLigne is the dashboard row of a région or domaine: the
// journal is not in DuckDB, so its two ratios are divided by
// indicator.Divide, under the same rule as the SQL.
func transformationLigne(l console.Ligne, den *int64) TransformationLigne {
	t := int64(l.Places.Transformees)
	r := TransformationLigne{Code: l.Code, Libelle: l.Libelle, Transformees: table.N(t), EffectifEntree: table.I(den),
		Solde: table.N(int64(l.Places.Solde()))}
	r.Taux = indicator.Value{Def: indicator.TauxTransformation}
	if den != nil {
		r.Taux = indicator.Divide(indicator.TauxTransformation, t, *den)
	}
	o, f := int64(l.Places.Ouvertes.Total()), int64(l.Places.Fermees.Total())
	r.RatioFermetures = indicator.Divide(indicator.RatioFermetures, f, o+f)
	return r
}
