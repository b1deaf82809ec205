package query

import "github.com/orion-static/orion/generator/indicator"

// Annees are the years every figure carries.
type Annees struct {
	RentreeConstat         *int64  `db:"rentree_constat"`
	RentreeAffelnet        *int64  `db:"rentree_affelnet"`
	RentreeParcoursup      *int64  `db:"rentree_parcoursup"`
	RentreeRemplissage     *int64  `db:"rentree_remplissage"`
	Millesime              *string `db:"millesime"`
	MillesimePrecedent     *string `db:"millesime_precedent"`
	MillesimeEtablissement *string `db:"millesime_etablissement"`
}

// Entree holds what the declared entry figures leave out: the
// denominator of the taux de transformation (entry-year effectifs without
// the 2ndes communes, orion-spec §3), used by the proposals dashboard.
type Entree struct {
	EffectifEntreeTransfo *int64 `db:"effectif_entree_transfo"`
}

// Sortie holds what the declared InserJeunes figures leave out: for a
// renewed formation without InserJeunes rows of its own, the predecessor
// whose leavers its figures count (continuum).
type Sortie struct {
	CFDContinuum *string `db:"cfd_continuum"`
}

// National is the one row of national.sql.
type National struct {
	Annees
	Entree
	Sortie
	V indicator.Set
}

// Formation identifies a formation × dispositif in a table row.
type Formation struct {
	CFD               string  `db:"cfd"`
	Dispositif        *string `db:"dispositif"`
	DispositifLibelle *string `db:"dispositif_libelle"`
	Libelle           *string `db:"libelle"`
	Niveau            string  `db:"niveau"`
	NiveauLibelle     string  `db:"niveau_libelle"`
	TypeFamille       *string `db:"type_famille"`
}

// Commune reports whether the formation is the 2nde commune of a famille de
// métiers (no diploma of its own).
func (f Formation) Commune() bool { return f.TypeFamille != nil && *f.TypeFamille == "2nde commune" }

// Region is one row of regions.sql.
type Region struct {
	Code           string `db:"code"`
	Libelle        string `db:"libelle"`
	NbDepartements int64  `db:"nb_departements"`
	AnneeChomage   *int64 `db:"annee_chomage"`
	Entree
	Sortie
	V indicator.Set
}

// TerritoireFormation is one row of region_formations.sql,
// departement_formations.sql and domaine_formations.sql: Code is the
// région, the département (3 characters) or the NSF groupe.
type TerritoireFormation struct {
	Code string `db:"code"`
	Formation
	Entree
	Sortie
	V indicator.Set
}

// Moyenne is one row of moyennes.sql (Code "" = national).
type Moyenne struct {
	Code   string `db:"code"`
	Niveau string `db:"niveau"`
	Sortie
	V indicator.Set
}

// Departement is one row of departements.sql.
type Departement struct {
	Code3           string `db:"code3"`
	Code            string `db:"code"`
	Libelle         string `db:"libelle"`
	CodeAcademie    string `db:"code_academie"`
	LibelleAcademie string `db:"libelle_academie"`
	CodeRegion      string `db:"code_region"`
	RegionLibelle   string `db:"region_libelle"`
	AnneeChomage    *int64 `db:"annee_chomage"`
	Entree
	Sortie
	V indicator.Set
}

// Etablissement is one row of etablissements.sql.
type Etablissement struct {
	UAI         string   `db:"uai"`
	Nom         *string  `db:"nom"`
	SourceNom   *string  `db:"source_nom"`
	CodeCommune *string  `db:"code_commune"`
	Commune     *string  `db:"commune"`
	Latitude    *float64 `db:"latitude"`
	Longitude   *float64 `db:"longitude"`
	Secteur     *string  `db:"secteur"`
	TypeLycee   *string  `db:"type_lycee"`
	// SourceEtablissement says which files list the school (constat de
	// rentrée, Affelnet, Parcoursup); ParcoursupSeul when only Parcoursup.
	SourceEtablissement string `db:"source_etablissement"`
	ParcoursupSeul      bool   `db:"parcoursup_seul"`
	Departement3        string `db:"departement3"`
	Departement         string `db:"departement"`
	DepartementLibelle  string `db:"departement_libelle"`
	CodeAcademie        string `db:"code_academie"`
	LibelleAcademie     string `db:"libelle_academie"`
	CodeRegion          string `db:"code_region"`
	RegionLibelle       string `db:"region_libelle"`
	DerniereRentree     int64  `db:"derniere_rentree"`
	Entree
	V indicator.Set
}

// Offre is one row of etablissement_offres.sql: the school's own entry
// figures, its région's InserJeunes figures for the formation, and the
// variants "departement", "region", "france" (taux de pression or de
// demande of the same formation there) and "etablissement" (the school's
// own InserJeunes figures, when a per-school file was supplied).
type Offre struct {
	UAI                 string  `db:"uai"`
	RentreeAttractivite *int64  `db:"rentree_attractivite"`
	SourceAttractivite  *string `db:"source_attractivite"`
	AnneeCapacite       *int64  `db:"annee_capacite"` // year of study of the capacity and vœux
	Formation
	Entree
	Sortie
	V indicator.Set
}

// InsertionEtablissement is one row of insertion_etablissements.sql: the
// DEPP figures of a school × millésime × population, as published.
type InsertionEtablissement struct {
	UAI        string `db:"uai"`
	Millesime  string `db:"millesime"`
	Filiere    string `db:"filiere"`
	Population string `db:"population"`
	SourceFile string `db:"src_file"`
	V          indicator.Set
}

// FormationRow is one row of formations.sql.
type FormationRow struct {
	CFD           string  `db:"cfd"`
	Libelle       *string `db:"libelle"`
	Niveau        string  `db:"niveau"`
	NiveauLibelle string  `db:"niveau_libelle"`
	NSF           *string `db:"nsf"`
	NSFLibelle    *string `db:"nsf_libelle"`
	Famille       *string `db:"famille"`
	TypeFamille   *string `db:"type_famille"`
	DateOuverture *string `db:"date_ouverture"`
	DateFermeture *string `db:"date_fermeture"`
	HistoriqueBCN bool    `db:"historique_bcn"`
	Dispositifs   *string `db:"dispositifs"`
	Entree
	Sortie
	V indicator.Set
}

// FormationRegion is one row of formation_regions.sql.
type FormationRegion struct {
	CFD     string `db:"cfd"`
	Code    string `db:"code"`
	Libelle string `db:"libelle"`
	Entree
	Sortie
	V indicator.Set
}

// Domaine is one row of domaines.sql.
type Domaine struct {
	Code           string  `db:"code"`
	Libelle        string  `db:"libelle"`
	Domaine        string  `db:"domaine"`
	DomaineLibelle *string `db:"domaine_libelle"`
	Entree
	Sortie
	V indicator.Set
}

// OffreAnnee is one row of offres.sql.
type OffreAnnee struct {
	Rentree            int64   `db:"rentree"`
	UAI                string  `db:"uai"`
	CFD                string  `db:"cfd"`
	Dispositif         *string `db:"dispositif"`
	Libelle            *string `db:"libelle"`
	NiveauLibelle      string  `db:"niveau_libelle"`
	Departement3       string  `db:"departement3"`
	AnneeDebut         int64   `db:"annee_debut"`
	AnneeCapacite      *int64  `db:"annee_capacite"`
	SourceAttractivite *string `db:"source_attractivite"`
	V                  indicator.Set
}

// InsertionRegion is one row of insertion_regions.sql.
type InsertionRegion struct {
	CodeRegion    string  `db:"code_region"`
	RegionLibelle *string `db:"region_libelle"`
	Millesime     string  `db:"millesime"`
	Voie          string  `db:"voie"`
	CFD           *string `db:"cfd"`
	Dispositif    *string `db:"dispositif"`
	MEFStat11     *string `db:"mefstat11"`
	Libelle       *string `db:"libelle"`
	Niveau        *string `db:"niveau"`
	V             indicator.Set
}

// EvolutionEntree is one row of evolution_entree.sql.
type EvolutionEntree struct {
	Rentree int64  `db:"rentree"`
	Echelle string `db:"echelle"`
	Code    string `db:"code"`
	V       indicator.Set
}

// EvolutionSortie is one row of evolution_sortie.sql.
type EvolutionSortie struct {
	Millesime string `db:"millesime"`
	Echelle   string `db:"echelle"`
	Code      string `db:"code"`
	V         indicator.Set
}

// FormationMetier is one row of formation_metiers.sql.
type FormationMetier struct {
	CFD            string `db:"cfd"`
	CodeRome       string `db:"code_rome"`
	Libelle        string `db:"libelle"`
	TransitionEco  string `db:"transition_eco"`
	TransitionNum  string `db:"transition_num"`
	TransitionDemo string `db:"transition_demo"`
}

// FormationLien is one row of formation_liens.sql.
type FormationLien struct {
	CFD            string  `db:"cfd"`
	Ancien         string  `db:"ancien"`
	AncienLibelle  *string `db:"ancien_libelle"`
	NouveauLibelle *string `db:"nouveau_libelle"`
}

// DomaineRegion is one row of domaine_regions.sql.
type DomaineRegion struct {
	NSF     string `db:"nsf"`
	Code    string `db:"code"`
	Libelle string `db:"libelle"`
	Entree
	Sortie
	V indicator.Set
}

// Anomalie counts input rows that are legitimately odd and how they were
// handled; it feeds the build summary.
type Anomalie struct {
	Libelle string `db:"libelle"`
	Nombre  int64  `db:"nombre"`
}
