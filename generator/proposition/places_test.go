package proposition

import (
	"strings"
	"testing"
)

// caps builds a proposal from its capacities: scolaire actuelle → future,
// coloured scolaire actuelle → future, then the same for apprentissage.
func caps(t TypeDemande, coloration bool, s ...int) Proposition {
	return Proposition{
		TypeDemande: t, Coloration: coloration,
		CapaciteScolaireActuelle: s[0], CapaciteScolaire: s[1],
		CapaciteScolaireColoreeActuelle: s[2], CapaciteScolaireColoree: s[3],
		CapaciteApprentissageActuelle: s[4], CapaciteApprentissage: s[5],
		CapaciteApprentissageColoreeActuelle: s[6], CapaciteApprentissageColoree: s[7],
	}
}

// Every expected number below is computed by hand from orion-spec §2.
func TestPlaces(t *testing.T) {
	for _, c := range []struct {
		name                      string
		p                         Proposition
		ouv, ferm, colOuv, colFer Places
		t2023, t2024, t2025       int
	}{
		{"augmentation: +6 scolaire", caps(AugmentationNette, false, 24, 30, 0, 0, 0, 0, 0, 0),
			Places{6, 0}, Places{}, Places{}, Places{}, 6, 6, 6},
		{"diminution: −12 scolaire", caps(Diminution, false, 24, 12, 0, 0, 0, 0, 0, 0),
			Places{}, Places{12, 0}, Places{}, Places{}, 12, 12, 12},
		{"transfert: 12 scolaire → apprentissage", caps(Transfert, false, 24, 12, 0, 0, 0, 12, 0, 0),
			Places{0, 12}, Places{12, 0}, Places{}, Places{}, 24, 24, 24},
		{"fermeture in apprentissage: 2023 counts only scolaire closures", caps(Fermeture, false, 0, 0, 0, 0, 10, 0, 0, 0),
			Places{}, Places{0, 10}, Places{}, Places{}, 0, 10, 10},
		{"coloration request: colours 12, opens nothing", caps(Coloration, true, 24, 24, 0, 12, 0, 0, 0, 0),
			Places{}, Places{}, Places{12, 0}, Places{}, 0, 12, 12},
		{"augmentation +6 with 12 coloured: a colouring, not an opening", caps(AugmentationNette, true, 24, 30, 0, 12, 0, 0, 0, 0),
			Places{}, Places{}, Places{12, 0}, Places{}, 0, 12, 12},
		{"augmentation +12 with 6 coloured: opens 12", caps(AugmentationNette, true, 24, 36, 0, 6, 0, 0, 0, 0),
			Places{12, 0}, Places{}, Places{6, 0}, Places{}, 12, 18, 12},
		{"augmentation +6 while uncolouring 12: opposite signs add up in 2025", caps(AugmentationNette, true, 24, 30, 12, 0, 0, 0, 0, 0),
			Places{6, 0}, Places{}, Places{}, Places{12, 0}, 6, 6, 18},
		{"diminution −12 uncolouring 12", caps(Diminution, true, 24, 12, 12, 0, 0, 0, 0, 0),
			Places{}, Places{12, 0}, Places{}, Places{12, 0}, 12, 12, 12},
		{"diminution −4 uncolouring 12: not a closure", caps(Diminution, true, 24, 20, 12, 0, 0, 0, 0, 0),
			Places{}, Places{}, Places{}, Places{12, 0}, 0, 0, 12},
		{"diminution −4 colouring 10", caps(Diminution, true, 24, 20, 0, 10, 0, 0, 0, 0),
			Places{}, Places{4, 0}, Places{10, 0}, Places{}, 4, 14, 14},
		{"both voies: scolaire −12 (colour kept), apprentissage +10 with 5 coloured", caps(Transfert, true, 24, 12, 6, 6, 10, 20, 0, 5),
			Places{0, 10}, Places{12, 0}, Places{0, 5}, Places{}, 22, 27, 22},
		{"coloured capacities ignored without coloration", caps(AugmentationNette, false, 24, 30, 0, 12, 0, 0, 0, 0),
			Places{6, 0}, Places{}, Places{}, Places{}, 6, 6, 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := PlacesOuvertes(c.p); got != c.ouv {
				t.Errorf("ouvertes = %+v, want %+v", got, c.ouv)
			}
			if got := PlacesFermees(c.p); got != c.ferm {
				t.Errorf("fermées = %+v, want %+v", got, c.ferm)
			}
			if got := PlacesColorees(c.p); got.Ouvertes != c.colOuv || got.Fermees != c.colFer {
				t.Errorf("colorées = %+v, want ouvertes %+v fermées %+v", got, c.colOuv, c.colFer)
			}
			for _, y := range []struct{ campagne, want int }{{2022, c.t2023}, {2023, c.t2023}, {2024, c.t2024}, {2025, c.t2025}, {2026, c.t2025}} {
				if got := PlacesTransformees(c.p, y.campagne); got != y.want {
					t.Errorf("transformées %d = %d, want %d", y.campagne, got, y.want)
				}
			}
		})
	}
}

func TestTauxTransformation(t *testing.T) {
	// 30 places transformed out of 500 first-year pupils: 6 %, the objective.
	if got, ok := TauxTransformation(30, 500); !ok || got != ObjectifTauxTransformation {
		t.Errorf("TauxTransformation(30, 500) = %v, %v; want 0.06", got, ok)
	}
	if _, ok := TauxTransformation(30, 0); ok {
		t.Error("a rate without effectif must not be published")
	}
}

// Which proposals the dashboards count: neither refused nor ajustement,
// and only with every capacity within 0–MaxCapacite.
func TestCountedProposals(t *testing.T) {
	for _, c := range []struct {
		name   string
		p      Proposition
		counts bool
		check  string // "" = capacities countable
	}{
		{"pending", Proposition{TypeDemande: AugmentationNette, Statut: DossierComplet, CapaciteScolaire: 30}, true, ""},
		{"validated at the bound", Proposition{TypeDemande: AugmentationNette, Statut: DemandeValidee, CapaciteScolaire: MaxCapacite}, true, ""},
		{"refused", Proposition{TypeDemande: Fermeture, Statut: Refusee}, false, ""},
		{"ajustement", Proposition{TypeDemande: Ajustement, Statut: StatutProposition}, false, ""},
		{"above the bound", Proposition{TypeDemande: AugmentationNette, CapaciteScolaire: MaxCapacite + 1}, true, "capaciteScolaire = 1000 is outside 0–999"},
		{"negative", Proposition{TypeDemande: Diminution, CapaciteApprentissageActuelle: -5}, true, "capaciteApprentissageActuelle = -5"},
	} {
		if got := c.p.CountsInTransformation(); got != c.counts {
			t.Errorf("%s: CountsInTransformation = %v", c.name, got)
		}
		err := c.p.CheckCapacites()
		if c.check == "" && err != nil || c.check != "" && (err == nil || !strings.Contains(err.Error(), c.check)) {
			t.Errorf("%s: CheckCapacites = %v, want %q", c.name, err, c.check)
		}
	}
	for _, st := range StatutsTransformation() {
		if st == Refusee {
			t.Error("StatutsTransformation lists refusée")
		}
	}
	if n := len(StatutsTransformation()); n != len(Statuts)-1 {
		t.Errorf("%d statuts counted, want every statut but refusée", n)
	}
}
