package indicator

import (
	"fmt"
	"sort"
)

// Def declares one figure of the site. Package query computes it in SQL
// from Num and Den (a ratio of sums, rounded half up on the exact ratio), or
// reads it from a column (a count, a value published by its producer);
// package table names its CSV columns and table headers after it; pages
// take its label, unit, perimeter and glossary link from it.
type Def struct {
	ID        string // CSV column and chart dimension: "taux_pression"
	Label     string // table header and card title
	Unit      Unit
	Glossaire string // anchor of its entry in /glossaire/
	// Value is the SQL column holding a count or a published value; a
	// ratio has Num and Den instead, the SQL columns of its summed
	// numerator and denominator, described by NumLabel and DenLabel. A
	// count that is the numerator of a secret rate names that rate's
	// denominator in Den: it is secret when the rate is.
	Value              string
	Num, Den           string
	NumLabel, DenLabel string
	Perimetre          string // what the figure covers
	Source             string // producer, as credited on pages
	Secret             bool   // InserJeunes rule: not published under Seuil (denominator)
	// Journal marks a ratio of the proposals journal, which is not in
	// DuckDB: Divide computes it, under the rule of the SQL.
	Journal bool
	// Reasons gives a count a status column in CSVs, for a count that
	// can be missing for more than one reason (a capacity).
	Reasons bool
}

// HasStatus says whether the figure's CSV column is followed by a status
// column: every rate and published value, and the counts with Reasons.
func (d *Def) HasStatus() bool { return d.Unit != Count || d.Reasons }

// Ratio says whether the figure is a ratio of sums.
func (d *Def) Ratio() bool { return d.Num != "" }

// Column is the name of the figure's column, or of its variant's
// ("taux_pression" + "departement" = "taux_pression_departement").
func (d *Def) Column(suffix string) string {
	if suffix == "" {
		return d.ID
	}
	return d.ID + "_" + suffix
}

// StatusColumn is the CSV column giving why the figure is missing.
func (d *Def) StatusColumn(suffix string) string { return d.Column(suffix) + "_statut" }

// Href is the link to the figure's glossary entry.
func (d *Def) Href() string { return "/glossaire/#" + d.Glossaire }

// VariantLabel is the header of a variant's column.
func (d *Def) VariantLabel(suffix string) string {
	if suffix == "" {
		return d.Label
	}
	if l, ok := variants[suffix]; ok {
		return d.Label + " " + l
	}
	return d.Label + " (" + suffix + ")"
}

// variants are the scopes a figure is repeated for on one row.
var variants = map[string]string{
	"ensemble":      "— ensemble des élèves",
	"voie_pro_sco":  "— élèves de la voie professionnelle scolaire",
	"apprentis":     "— apprentis",
	"etablissement": "de l'établissement",
	"departement":   "dans le département",
	"region":        "dans la région",
	"france":        "en France",
}

// Perimeters of the figures, as stated on cards and in the data guide.
const (
	perimetreEntree    = "formations de l'Éducation nationale et de l'agriculture (CAP, CAP agricole, bac pro, bac pro agricole, BTS), voie scolaire"
	perimetreAffelnet  = "CAP et bac pro (y compris agricoles), voie scolaire, offres publiques d'Affelnet ; pas les BTS, qui ont un taux de demande"
	perimetreParcours  = "BTS, voie scolaire, Parcoursup ; pas comparable au taux de pression"
	perimetreIJ        = "voie scolaire : CAP, CAP agricole, bac pro, bac pro agricole, BTS et BTSA ; hors mentions complémentaires (le site n'a pas de page pour elles) et secondes communes"
	perimetreDEPP      = "toutes les formations professionnelles du lycée, population indiquée (ensemble ou élèves de la voie professionnelle scolaire)"
	sourceConstat      = "Constat de rentrée (DEPP)"
	sourceAttractivite = "Affelnet (DGESCO) ; Parcoursup (MESR) pour les BTS"
	sourceIJ           = "InserJeunes (DEPP, DARES)"
	sourceDEPP         = "InserJeunes par lycée (DEPP)"
)

// The figures of the site.
var (
	NbEtablissements = &Def{ID: "nb_etablissements", Label: "Établissements", Unit: Count, Glossaire: "nombre-d-etablissements",
		Value: "nb_etablissements", Perimetre: perimetreEntree, Source: sourceConstat + " ; " + sourceAttractivite}
	NbFormations = &Def{ID: "nb_formations", Label: "Formations", Unit: Count, Glossaire: "nombre-de-formations",
		Value: "nb_formations", Perimetre: perimetreEntree + ", hors secondes communes", Source: sourceConstat + " ; " + sourceAttractivite}
	EffectifTotal = &Def{ID: "effectif_total", Label: "Élèves (toutes années de formation)", Unit: Count, Glossaire: "effectif",
		Value: "effectif_total", Perimetre: perimetreEntree, Source: sourceConstat}
	Effectif1 = &Def{ID: "effectif_annee_1", Label: "Élèves en année 1", Unit: Count, Glossaire: "effectif",
		Value: "effectif_1", Perimetre: perimetreEntree, Source: sourceConstat}
	Effectif2 = &Def{ID: "effectif_annee_2", Label: "Élèves en année 2", Unit: Count, Glossaire: "effectif",
		Value: "effectif_2", Perimetre: perimetreEntree, Source: sourceConstat}
	Effectif3 = &Def{ID: "effectif_annee_3", Label: "Élèves en année 3", Unit: Count, Glossaire: "effectif",
		Value: "effectif_3", Perimetre: perimetreEntree, Source: sourceConstat}
	EffectifEntree = &Def{ID: "effectif_entree", Label: "Effectif d'entrée", Unit: Count, Glossaire: "effectif-d-entree",
		Value: "effectif_entree", Perimetre: perimetreEntree, Source: sourceConstat}
	Capacite = &Def{ID: "capacite", Label: "Capacité d'accueil", Unit: Count, Glossaire: "capacite-d-accueil",
		Value: "capacite", Reasons: true, Perimetre: "places à l'entrée des formations, voie scolaire (Affelnet ; Parcoursup pour les BTS)", Source: sourceAttractivite}
	PremiersVoeux = &Def{ID: "premiers_voeux", Label: "Premiers vœux", Unit: Count, Glossaire: "premiers-voeux",
		Value: "premiers_voeux", Perimetre: "vœux 1 d'Affelnet ; vœux confirmés de Parcoursup pour les BTS", Source: sourceAttractivite}
	TauxPression = &Def{ID: "taux_pression", Label: "Taux de pression", Unit: Ratio, Glossaire: "taux-de-pression",
		Num: "pression_num", Den: "pression_den", NumLabel: "premiers vœux", DenLabel: "places",
		Perimetre: perimetreAffelnet, Source: "Affelnet (DGESCO)"}
	TauxDemande = &Def{ID: "taux_demande", Label: "Taux de demande (BTS)", Unit: Ratio, Glossaire: "taux-de-demande",
		Num: "demande_num", Den: "demande_den", NumLabel: "vœux confirmés", DenLabel: "places",
		Perimetre: perimetreParcours, Source: "Parcoursup (MESR)"}
	TauxRemplissage = &Def{ID: "taux_remplissage", Label: "Taux de remplissage", Unit: Percent, Glossaire: "taux-de-remplissage",
		Num: "remplissage_num", Den: "remplissage_den", NumLabel: "élèves entrés", DenLabel: "places de la même rentrée",
		Perimetre: perimetreEntree, Source: sourceConstat + " ; " + sourceAttractivite}
	NbAnneeTerminale = &Def{ID: "nb_annee_terminale", Label: "Élèves en année terminale", Unit: Count, Glossaire: "taux-de-poursuite-d-etudes",
		Value: "nb_annee_term", Perimetre: perimetreIJ, Source: sourceIJ}
	NbSortants = &Def{ID: "nb_sortants", Label: "Sortants", Unit: Count, Glossaire: "taux-d-emploi-a-6-mois",
		Value: "nb_sortant", Perimetre: perimetreIJ, Source: sourceIJ}
	NbPoursuiteEtudes = &Def{ID: "nb_poursuite_etudes", Label: "Élèves en poursuite d'études", Unit: Count, Glossaire: "taux-de-poursuite-d-etudes",
		Value: "nb_poursuite_etudes", Den: "poursuite_den", Secret: true, Reasons: true, Perimetre: perimetreIJ, Source: sourceIJ}
	NbEnEmploi6 = &Def{ID: "nb_en_emploi_6_mois", Label: "Sortants en emploi 6 mois après", Unit: Count, Glossaire: "taux-d-emploi-a-6-mois",
		Value: "nb_en_emploi_6_mois", Den: "emploi6_den", Secret: true, Reasons: true, Perimetre: perimetreIJ, Source: sourceIJ}
	NbEnEmploi12 = &Def{ID: "nb_en_emploi_12_mois", Label: "Sortants en emploi 12 mois après", Unit: Count, Glossaire: "taux-d-emploi-a-12-mois",
		Value: "nb_en_emploi_12_mois", Den: "emploi12_den", Secret: true, Reasons: true, Perimetre: perimetreIJ, Source: sourceIJ}
	TauxEmploi6 = &Def{ID: "taux_emploi_6_mois", Label: "Taux d'emploi à 6 mois", Unit: Percent, Glossaire: "taux-d-emploi-a-6-mois",
		Num: "emploi6_num", Den: "emploi6_den", NumLabel: "sortants en emploi 6 mois après", DenLabel: "sortants",
		Perimetre: perimetreIJ, Source: sourceIJ, Secret: true}
	TauxEmploi12 = &Def{ID: "taux_emploi_12_mois", Label: "Taux d'emploi à 12 mois", Unit: Percent, Glossaire: "taux-d-emploi-a-12-mois",
		Num: "emploi12_num", Den: "emploi12_den", NumLabel: "sortants en emploi 12 mois après", DenLabel: "sortants",
		Perimetre: perimetreIJ, Source: sourceIJ, Secret: true}
	TauxPoursuite = &Def{ID: "taux_poursuite_etudes", Label: "Taux de poursuite d'études", Unit: Percent, Glossaire: "taux-de-poursuite-d-etudes",
		Num: "poursuite_num", Den: "poursuite_den", NumLabel: "élèves en poursuite d'études", DenLabel: "élèves en année terminale",
		Perimetre: perimetreIJ, Source: sourceIJ, Secret: true}
	TauxDevenirFavorable = &Def{ID: "taux_devenir_favorable", Label: "Taux de devenir favorable", Unit: Percent, Glossaire: "taux-de-devenir-favorable",
		Num: "favorable_num", Den: "favorable_den", NumLabel: "élèves en poursuite d'études ou en emploi 6 mois après", DenLabel: "élèves en année terminale",
		Perimetre: perimetreIJ, Source: sourceIJ, Secret: true}

	// Published by the DEPP per school, as they are (never recomputed).
	DEPPEmploi6 = &Def{ID: "taux_emploi_6_mois_depp", Label: "Taux d'emploi à 6 mois du lycée (toutes formations)", Unit: PercentEntier, Glossaire: "valeur-ajoutee",
		Value: "depp_emploi_6_mois", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPPoursuite = &Def{ID: "taux_poursuite_etudes_depp", Label: "Taux de poursuite d'études du lycée (toutes formations)", Unit: PercentEntier, Glossaire: "valeur-ajoutee",
		Value: "depp_poursuite_etudes", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPAttendu = &Def{ID: "taux_emploi_attendu_depp", Label: "Taux d'emploi attendu du lycée", Unit: PercentEntier, Glossaire: "valeur-ajoutee",
		Value: "depp_emploi_attendu", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPValeurAjoutee = &Def{ID: "valeur_ajoutee_depp", Label: "Valeur ajoutée du lycée (emploi à 6 mois)", Unit: Points, Glossaire: "valeur-ajoutee",
		Value: "depp_valeur_ajoutee", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPPartPoursuite = &Def{ID: "part_poursuite_etudes_depp", Label: "Part en poursuite d'études du lycée", Unit: PercentEntier, Glossaire: "valeur-ajoutee",
		Value: "depp_part_poursuite", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPPartEmploi6 = &Def{ID: "part_emploi_6_mois_depp", Label: "Part en emploi 6 mois après du lycée", Unit: PercentEntier, Glossaire: "valeur-ajoutee",
		Value: "depp_part_emploi_6_mois", Perimetre: perimetreDEPP, Source: sourceDEPP}
	DEPPDevenirFavorable = &Def{ID: "taux_devenir_favorable_depp", Label: "Devenir favorable du lycée (toutes formations)", Unit: PercentEntier, Glossaire: "taux-de-devenir-favorable",
		Value: "depp_devenir_favorable", Perimetre: perimetreDEPP + " ; part en poursuite d'études + part en emploi 6 mois après", Source: sourceDEPP}

	TauxTransformation = &Def{ID: "taux_transformation", Label: "Taux de transformation", Unit: Percent, Glossaire: "taux-de-transformation",
		Num: "places_transformees", Den: "effectif_entree_transfo", NumLabel: "places transformées", DenLabel: "effectif en année d'entrée, hors secondes communes",
		Perimetre: "propositions non refusées, hors ajustements de rentrée, rapportées à l'effectif d'entrée du constat", Source: "Journal des propositions ; constat de rentrée (DEPP)", Journal: true}
	RatioFermetures = &Def{ID: "ratio_fermetures", Label: "Ratio de fermetures", Unit: Percent, Glossaire: "ratio-de-fermetures",
		Num: "places_fermees", Den: "places_ouvertes_fermees", NumLabel: "places fermées", DenLabel: "places ouvertes et fermées",
		Perimetre: "propositions non refusées, hors ajustements de rentrée", Source: "Journal des propositions", Journal: true}

	TauxChomage = &Def{ID: "taux_chomage", Label: "Taux de chômage", Unit: Percent, Glossaire: "taux-de-chomage",
		Value: "taux_chomage", Perimetre: "population active du territoire, moyenne annuelle (INSEE)", Source: "INSEE"}
)

var all = []*Def{
	NbEtablissements, NbFormations, EffectifTotal, Effectif1, Effectif2, Effectif3, EffectifEntree,
	Capacite, PremiersVoeux, TauxPression, TauxDemande, TauxRemplissage,
	NbAnneeTerminale, NbSortants, NbPoursuiteEtudes, NbEnEmploi6, NbEnEmploi12, TauxEmploi6, TauxEmploi12, TauxPoursuite, TauxDevenirFavorable,
	DEPPEmploi6, DEPPPoursuite, DEPPAttendu, DEPPValeurAjoutee, DEPPPartPoursuite, DEPPPartEmploi6, DEPPDevenirFavorable,
	TauxTransformation, RatioFermetures, TauxChomage,
}

// All lists every declared figure.
func All() []*Def { return all }

// ByID finds a declared figure.
func ByID(id string) (*Def, bool) {
	for _, d := range all {
		if d.ID == id {
			return d, true
		}
	}
	return nil, false
}

// Check verifies the declarations: unique IDs and columns, a ratio or a
// value column each, a label and a glossary anchor.
func Check() error {
	seen := map[string]bool{}
	for _, d := range all {
		switch {
		case d.ID == "" || d.Label == "" || d.Glossaire == "":
			return fmt.Errorf("indicator %q: id, label and glossary anchor are required", d.ID)
		case seen[d.ID]:
			return fmt.Errorf("indicator %q declared twice", d.ID)
		case d.Ratio() == (d.Value != ""):
			return fmt.Errorf("indicator %q: give either Num and Den or Value", d.ID)
		case d.Ratio() && d.Den == "":
			return fmt.Errorf("indicator %q: a ratio needs a denominator", d.ID)
		case !d.Ratio() && d.Den != "" && !d.Secret:
			return fmt.Errorf("indicator %q: a count names a denominator only for the secret", d.ID)
		}
		seen[d.ID] = true
	}
	return nil
}

// Variants lists the suffixes of figure variants, sorted.
func Variants() []string {
	out := make([]string, 0, len(variants))
	for s := range variants {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
