package console

import (
	"fmt"
	"sort"
	"time"

	"github.com/orion-static/orion/generator/proposition"
)

// Validee is a validated proposal as published: the school and formation
// concerned and the places, nothing typed by a person.
type Validee struct {
	Numero           string                  `json:"numero"`
	Campagne         int                     `json:"campagne"`
	RentreeScolaire  int                     `json:"rentreeScolaire"`
	UAI              string                  `json:"uai"`
	Etablissement    string                  `json:"etablissement"`
	CodeRegion       string                  `json:"codeRegion"`
	CodeDepartement  string                  `json:"codeDepartement"`
	CFD              string                  `json:"cfd"`
	Formation        string                  `json:"formation"`
	CodeDispositif   string                  `json:"codeDispositif"`
	CodeNiveau       string                  `json:"codeNiveau"`
	CodeNsf          string                  `json:"codeNsf"`
	TypeDemande      proposition.TypeDemande `json:"typeDemande"`
	Coloration       bool                    `json:"coloration"`
	Ouvertes         proposition.Places      `json:"ouvertes"`
	Fermees          proposition.Places      `json:"fermees"`
	ColoreesOuvertes proposition.Places      `json:"coloreesOuvertes"`
	ColoreesFermees  proposition.Places      `json:"coloreesFermees"`
	Transformees     int                     `json:"transformees"`
	ValideeLe        string                  `json:"valideeLe"` // day of the last status change (AAAA-MM-JJ, Paris)
}

// Validees lists the validated proposals, sorted by UAI, CFD, dispositif,
// rentrée and numéro. ref gives names and may be nil. A validated proposal
// with a capacity out of bounds is an error, as for Aggregate.
func Validees(ps []proposition.Proposition, ref *proposition.Reference) ([]Validee, error) {
	if ref == nil {
		ref = &proposition.Reference{}
	}
	var out []Validee
	for i := range ps {
		p := &ps[i]
		if p.Statut != proposition.DemandeValidee {
			continue
		}
		if err := p.CheckCapacites(); err != nil {
			return nil, fmt.Errorf("validated proposals: %s: %w", p.Numero, err)
		}
		v := Validee{
			Numero: p.Numero, Campagne: p.Campagne, RentreeScolaire: p.RentreeScolaire,
			UAI: p.UAI, CodeRegion: p.CodeRegion, CodeDepartement: departement(p.UAI),
			CFD: p.CFD, CodeDispositif: p.CodeDispositif, CodeNiveau: niveau(p.CFD), CodeNsf: nsf(ref, p),
			TypeDemande: p.TypeDemande, Coloration: p.Coloration,
			Ouvertes: proposition.PlacesOuvertes(*p), Fermees: proposition.PlacesFermees(*p),
			Transformees: proposition.PlacesTransformees(*p, p.Campagne),
		}
		c := proposition.PlacesColorees(*p)
		v.ColoreesOuvertes, v.ColoreesFermees = c.Ouvertes, c.Fermees
		if !p.UpdatedAt.IsZero() {
			v.ValideeLe = p.UpdatedAt.In(paris).Format(time.DateOnly)
		}
		if e := ref.Etablissement(p.UAI); e != nil {
			v.Etablissement = e.Nom
		}
		if o := ref.Offre(p.UAI, p.CFD, p.CodeDispositif); o != nil && o.Libelle != "" {
			v.Formation = o.Libelle
		} else if f, ok := ref.Formation(p.CFD); ok {
			v.Formation = f.Libelle
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.UAI != b.UAI:
			return a.UAI < b.UAI
		case a.CFD != b.CFD:
			return a.CFD < b.CFD
		case a.CodeDispositif != b.CodeDispositif:
			return a.CodeDispositif < b.CodeDispositif
		case a.RentreeScolaire != b.RentreeScolaire:
			return a.RentreeScolaire < b.RentreeScolaire
		}
		return a.Numero < b.Numero
	})
	return out, nil
}

// paris is the time zone of the day a proposal was validated, that of the
// campaign's dates.
var paris = proposition.DateOf(2000, time.January, 1).Location()
