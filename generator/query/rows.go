package query

// Entree holds entry sums: effectifs by year of study (constat de rentrée),
// capacity and first-choice wishes (Affelnet, Parcoursup), and the
// numerator/denominator pairs of taux de pression, de demande and de
// remplissage. A nil pointer is a missing value, never zero.
type Entree struct {
	NbEtablissements int64  `db:"nb_etablissements"`
	NbFormations     int64  `db:"nb_formations"`
	Effectif1        *int64 `db:"effectif_1"`
	Effectif2        *int64 `db:"effectif_2"`
	Effectif3        *int64 `db:"effectif_3"`
	EffectifEntree   *int64 `db:"effectif_entree"`
	// EffectifEntreeTransfo leaves out the 2ndes communes: the
	// denominator of the taux de transformation.
	EffectifEntreeTransfo *int64 `db:"effectif_entree_transfo"`
	Capacite              *int64 `db:"capacite"`
	PremiersVoeux         *int64 `db:"premiers_voeux"`
	PressionNum           *int64 `db:"pression_num"`
	PressionDen           *int64 `db:"pression_den"`
	DemandeNum            *int64 `db:"demande_num"`
	DemandeDen            *int64 `db:"demande_den"`
	RemplissageNum        *int64 `db:"remplissage_num"`
	RemplissageDen        *int64 `db:"remplissage_den"`
}

// Sortie holds InserJeunes sums (two cohorts per millésime) and Orion's
// numerator/denominator pairs.
type Sortie struct {
	NbAnneeTerm  *int64 `db:"nb_annee_term"`
	NbSortant    *int64 `db:"nb_sortant"`
	Emploi6Num   *int64 `db:"emploi6_num"`
	Emploi6Den   *int64 `db:"emploi6_den"`
	Emploi12Num  *int64 `db:"emploi12_num"`
	Emploi12Den  *int64 `db:"emploi12_den"`
	PoursuiteNum *int64 `db:"poursuite_num"`
	PoursuiteDen *int64 `db:"poursuite_den"`
	FavorableNum *int64 `db:"favorable_num"`
	FavorableDen *int64 `db:"favorable_den"`
	// CFDContinuum is, for a renewed formation without InserJeunes rows
	// of its own, the predecessor whose leavers these sums count.
	CFDContinuum *string `db:"cfd_continuum"`
}

// SortieEtab is Sortie for a school's own per-formation InserJeunes rows.
type SortieEtab struct {
	NbAnneeTerm  *int64 `db:"e_nb_annee_term"`
	NbSortant    *int64 `db:"e_nb_sortant"`
	Emploi6Num   *int64 `db:"e_emploi6_num"`
	Emploi6Den   *int64 `db:"e_emploi6_den"`
	Emploi12Num  *int64 `db:"e_emploi12_num"`
	Emploi12Den  *int64 `db:"e_emploi12_den"`
	PoursuiteNum *int64 `db:"e_poursuite_num"`
	PoursuiteDen *int64 `db:"e_poursuite_den"`
	FavorableNum *int64 `db:"e_favorable_num"`
	FavorableDen *int64 `db:"e_favorable_den"`
}

// Sortie converts the school's own sums to the common shape.
func (s SortieEtab) Sortie() Sortie {
	return Sortie{NbAnneeTerm: s.NbAnneeTerm, NbSortant: s.NbSortant, Emploi6Num: s.Emploi6Num, Emploi6Den: s.Emploi6Den,
		Emploi12Num: s.Emploi12Num, Emploi12Den: s.Emploi12Den, PoursuiteNum: s.PoursuiteNum, PoursuiteDen: s.PoursuiteDen,
		FavorableNum: s.FavorableNum, FavorableDen: s.FavorableDen}
}

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

// National is the one row of national.sql.
type National struct {
	Annees
	Entree
	Sortie
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

// Region is one row of regions.sql.
type Region struct {
	Code           string   `db:"code"`
	Libelle        string   `db:"libelle"`
	NbDepartements int64    `db:"nb_departements"`
	AnneeChomage   *int64   `db:"annee_chomage"`
	TauxChomage    *float64 `db:"taux_chomage"`
	Entree
	Sortie
}

// TerritoireFormation is one row of region_formations.sql,
// departement_formations.sql and domaine_formations.sql: Code is the
// région, the département (3 characters) or the NSF groupe.
type TerritoireFormation struct {
	Code string `db:"code"`
	Formation
	Entree
	Sortie
}

// Moyenne is one row of moyennes.sql (Code "" = national).
type Moyenne struct {
	Code   string `db:"code"`
	Niveau string `db:"niveau"`
	Sortie
}

// Departement is one row of departements.sql.
type Departement struct {
	Code3           string   `db:"code3"`
	Code            string   `db:"code"`
	Libelle         string   `db:"libelle"`
	CodeAcademie    string   `db:"code_academie"`
	LibelleAcademie string   `db:"libelle_academie"`
	CodeRegion      string   `db:"code_region"`
	RegionLibelle   string   `db:"region_libelle"`
	AnneeChomage    *int64   `db:"annee_chomage"`
	TauxChomage     *float64 `db:"taux_chomage"`
	Entree
	Sortie
}

// Etablissement is one row of etablissements.sql.
type Etablissement struct {
	UAI                string   `db:"uai"`
	Nom                *string  `db:"nom"`
	SourceNom          *string  `db:"source_nom"`
	CodeCommune        *string  `db:"code_commune"`
	Commune            *string  `db:"commune"`
	Latitude           *float64 `db:"latitude"`
	Longitude          *float64 `db:"longitude"`
	Secteur            *string  `db:"secteur"`
	TypeLycee          *string  `db:"type_lycee"`
	Departement3       string   `db:"departement3"`
	Departement        string   `db:"departement"`
	DepartementLibelle string   `db:"departement_libelle"`
	CodeAcademie       string   `db:"code_academie"`
	LibelleAcademie    string   `db:"libelle_academie"`
	CodeRegion         string   `db:"code_region"`
	RegionLibelle      string   `db:"region_libelle"`
	DerniereRentree    int64    `db:"derniere_rentree"`
	Entree
}

// Offre is one row of etablissement_offres.sql.
type Offre struct {
	UAI                 string  `db:"uai"`
	DepPressionNum      *int64  `db:"dep_pression_num"`
	DepPressionDen      *int64  `db:"dep_pression_den"`
	RegPressionNum      *int64  `db:"reg_pression_num"`
	RegPressionDen      *int64  `db:"reg_pression_den"`
	NatPressionNum      *int64  `db:"nat_pression_num"`
	NatPressionDen      *int64  `db:"nat_pression_den"`
	RentreeAttractivite *int64  `db:"rentree_attractivite"`
	SourceAttractivite  *string `db:"source_attractivite"`
	Formation
	Entree
	Sortie
	SortieEtab
}

// InsertionEtablissement is one row of insertion_etablissements.sql: DEPP
// rates in percent as published (nil = not published).
type InsertionEtablissement struct {
	UAI           string   `db:"uai"`
	Millesime     string   `db:"millesime"`
	Filiere       string   `db:"filiere"`
	Population    string   `db:"population"`
	TauxPoursuite *float64 `db:"taux_poursuite"`
	TauxEmploi6   *float64 `db:"taux_emploi_6_mois"`
	TauxAttendu   *float64 `db:"taux_attendu"`
	ValeurAjoutee *float64 `db:"valeur_ajoutee"`
	PartPoursuite *float64 `db:"part_poursuite"`
	PartEmploi6   *float64 `db:"part_emploi_6_mois"`
	DevenirFavor  *float64 `db:"devenir_favorable"`
	SourceFile    string   `db:"src_file"`
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
}

// FormationRegion is one row of formation_regions.sql.
type FormationRegion struct {
	CFD     string `db:"cfd"`
	Code    string `db:"code"`
	Libelle string `db:"libelle"`
	Entree
	Sortie
}

// FormationEtablissement is one row of formation_etablissements.sql.
type FormationEtablissement struct {
	CFD         string  `db:"cfd"`
	UAI         string  `db:"uai"`
	Nom         *string `db:"nom"`
	Commune     *string `db:"commune"`
	Departement string  `db:"departement"`
	CodeRegion  string  `db:"code_region"`
}

// Domaine is one row of domaines.sql.
type Domaine struct {
	Code           string  `db:"code"`
	Libelle        string  `db:"libelle"`
	Domaine        string  `db:"domaine"`
	DomaineLibelle *string `db:"domaine_libelle"`
	Entree
	Sortie
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
	Effectif1          *int64  `db:"effectif_1"`
	Effectif2          *int64  `db:"effectif_2"`
	Effectif3          *int64  `db:"effectif_3"`
	EffectifEntree     *int64  `db:"effectif_entree"`
	AnneeDebut         int64   `db:"annee_debut"`
	SourceAttractivite *string `db:"source_attractivite"`
	Capacite           *int64  `db:"capacite"`
	PremiersVoeux      *int64  `db:"premiers_voeux"`
}

// InsertionRegion is one row of insertion_regions.sql.
type InsertionRegion struct {
	CodeRegion        string  `db:"code_region"`
	RegionLibelle     *string `db:"region_libelle"`
	Millesime         string  `db:"millesime"`
	Voie              string  `db:"voie"`
	CFD               *string `db:"cfd"`
	Dispositif        *string `db:"dispositif"`
	MEFStat11         *string `db:"mefstat11"`
	Libelle           *string `db:"libelle"`
	Niveau            *string `db:"niveau"`
	NbPoursuiteEtudes *int64  `db:"nb_poursuite_etudes"`
	NbEnEmploi6       *int64  `db:"nb_en_emploi_6_mois"`
	NbEnEmploi12      *int64  `db:"nb_en_emploi_12_mois"`
	Sortie
}

// EvolutionEntree is one row of evolution_entree.sql.
type EvolutionEntree struct {
	Rentree        int64  `db:"rentree"`
	Echelle        string `db:"echelle"`
	Code           string `db:"code"`
	PressionNum    *int64 `db:"pression_num"`
	PressionDen    *int64 `db:"pression_den"`
	RemplissageNum *int64 `db:"remplissage_num"`
	RemplissageDen *int64 `db:"remplissage_den"`
}

// EvolutionSortie is one row of evolution_sortie.sql.
type EvolutionSortie struct {
	Millesime string `db:"millesime"`
	Echelle   string `db:"echelle"`
	Code      string `db:"code"`
	Sortie
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
}
