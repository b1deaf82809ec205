package sample

import (
	"encoding/json"
	"fmt"
	"io/fs"

	"github.com/orion-static/orion/data"
)

// Seed is the real nomenclature the fictional data set is built on: real
// territories, real formation codes and their MEFs, NSF and famille labels,
// a few communes per département and ROME codes. It is extracted from the
// real bundle by TestExtractSeed and embedded as data/sample/seed.json, so
// that `orion sample` needs nothing but the binary.
type Seed struct {
	Territoires  []Territoire    `json:"territoires"`
	Niveaux      []Libelle       `json:"niveaux"`
	Dispositifs  []Dispositif    `json:"dispositifs"`
	NSFGroupes   []NSF           `json:"nsf_groupes"`
	NSFDomaines  []NSF           `json:"nsf_domaines"`
	NSFCategorie []Libelle       `json:"nsf_categories"`
	Formations   []Formation     `json:"formations"`
	Familles     []Famille       `json:"familles"`
	Groupes      []Groupe        `json:"groupes"`
	Communes     []Commune       `json:"communes"`
	Romes        []Rome          `json:"romes"`
	Metiers      []Metier        `json:"metiers"`
	DomainesPro  []Libelle       `json:"domaines_professionnels"`
	FormRomes    []FormationRome `json:"formation_romes"`
}

// Territoire is a row of the territory file.
type Territoire struct {
	Departement, LibelleDepartement, Academie, LibelleAcademie, Region, LibelleRegion, RegionIJ string
}

// Libelle is a code and its label.
type Libelle struct{ Code, Court, Long string }

// Dispositif is a BCN dispositif.
type Dispositif struct{ Code, Niveau, Court, Long string }

// NSF is a groupe or domaine of the NSF nomenclature.
type NSF struct{ Code, Parent, Long, Edition string }

// MEF is one year of study of a formation.
type MEF struct {
	MEF, Stat11, Libelle string
	Annee                int
}

// Formation is a real formation of the BCN with its MEFs.
type Formation struct {
	CFD, Niveau, NSF, LibelleBCN, Court, Intitule, CPC, Secteur, Dispositif string
	Duree                                                                   int
	MEFs                                                                    []MEF
	Commune                                                                 string // CFD of the 2nde commune, for a spécialité of a famille de métiers
	EstCommune                                                              bool
}

// Famille is a row of familleMetiers.csv.
type Famille struct{ Famille, Specialite, MEFCommun, CFDCommun, MEFSpecialite, CFDSpecialite string }

// Groupe is a BCN groupe de formation (TG01 = famille de métiers) and its CFDs.
type Groupe struct {
	Code, Type, Long, Edition string
	CFDs                      []string
}

// Commune is a commune with its central point.
type Commune struct {
	Code, Nom, Departement string
	Lat, Lon               float64
}

// Rome is a ROME fiche.
type Rome struct{ Code, Libelle, Eco, Num, Demo string }

// Metier is a ROME appellation.
type Metier struct{ OGR, Libelle, Rome string }

// FormationRome links a CFD to ROME codes (Certif Info).
type FormationRome struct {
	CFD, Libelle string
	Romes        []string
}

// LoadSeed reads the embedded seed.
func LoadSeed() (*Seed, error) {
	b, err := fs.ReadFile(data.FS, "sample/seed.json")
	if err != nil {
		return nil, fmt.Errorf("sample: seed: %w", err)
	}
	var s Seed
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("sample: seed: %w", err)
	}
	return &s, nil
}
