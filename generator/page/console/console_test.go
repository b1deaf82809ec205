package console

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/proposition"
)

// readTestReference reads a small reference: two régions, three schools,
// three formations (a copy of generator/proposition's test reference).
func readTestReference(t *testing.T) *proposition.Reference {
	t.Helper()
	f, err := os.Open("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := proposition.ReadReference(f)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestAggregate(t *testing.T) {
	ref := readTestReference(t)
	val := time.Date(2025, 6, 30, 22, 30, 0, 0, time.UTC) // 1 July in Paris
	ps := []proposition.Proposition{
		// +6 scolaire, validated.
		{Numero: "P-2025-000001", Campagne: 2025, UAI: "0010001W", CodeRegion: "84", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: 30,
			Motifs: []string{"metiers_2030", "autre"}, AutreMotif: "Jean Dupont nous l'a demandé", Commentaire: "Appeler Mme Martin au 06…",
			Statut: proposition.DemandeValidee, UpdatedAt: val},
		// −12 scolaire, pending.
		{Numero: "P-2025-000002", Campagne: 2025, UAI: "0690002X", CodeRegion: "84", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: proposition.Diminution, CapaciteScolaireActuelle: 24, CapaciteScolaire: 12, Motifs: []string{"recrutements_baisse"}, Statut: proposition.DossierComplet},
		// closes 10 apprentissage, refused: counted, no places.
		{Numero: "P-2025-000003", Campagne: 2025, UAI: "0750003Y", CodeRegion: "11", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: proposition.Fermeture, CapaciteApprentissageActuelle: 10, Motifs: []string{"locaux"}, Statut: proposition.Refusee, MotifsRefus: []string{"probleme_bati"}},
		// ajustement: counted, no places.
		{Numero: "P-2025-000004", Campagne: 2025, UAI: "0010001W", CodeRegion: "84", CFD: "50022137", CodeDispositif: "241", RentreeScolaire: 2025,
			TypeDemande: proposition.Ajustement, CapaciteScolaireActuelle: 12, CapaciteScolaire: 15, Statut: proposition.StatutProposition},
	}
	s, err := Aggregate(ps, ref)
	if err != nil {
		t.Fatal(err)
	}

	if s.Total.Propositions != 4 || s.Total.Validees != 1 || s.Total.Refusees != 1 {
		t.Errorf("total counts %+v", s.Total)
	}
	if b := s.Total.Places; b.Ouvertes != (proposition.Places{Scolaire: 6}) || b.Fermees != (proposition.Places{Scolaire: 12}) || b.Transformees != 18 || b.Solde() != -6 {
		t.Errorf("total places %+v solde %d", b, b.Solde())
	}
	if r, ok := s.Total.Places.RatioFermetures(); !ok || r != 12.0/18 {
		t.Errorf("ratio fermetures %v", r)
	}
	if b := s.Total.PlacesValidees; b.Ouvertes != (proposition.Places{Scolaire: 6}) || b.Fermees != (proposition.Places{}) {
		t.Errorf("validated places %+v", b)
	}
	find := func(rows []Ligne, code string) Ligne {
		for _, l := range rows {
			if l.Code == code {
				return l
			}
		}
		t.Fatalf("no row %q in %+v", code, rows)
		return Ligne{}
	}
	if r := find(s.ParRegion, "84"); r.Libelle != "Auvergne-Rhône-Alpes" || r.Propositions != 3 || r.Places.Transformees != 18 {
		t.Errorf("région 84 %+v", r)
	}
	if d := find(s.ParDepartement, "69"); d.Libelle != "Rhône" || d.Parent != "84" || d.Places.Fermees.Scolaire != 12 {
		t.Errorf("département 69 %+v", d)
	}
	if n := find(s.ParNiveau, "500"); n.Libelle != "CAP" || n.Propositions != 1 {
		t.Errorf("niveau 500 %+v", n)
	}
	if d := find(s.ParDomaine, "255"); d.Propositions != 3 {
		t.Errorf("domaine 255 %+v", d)
	}
	if m := find(s.ParMotif, "metiers_2030"); m.Propositions != 1 || m.Places.Ouvertes.Scolaire != 6 {
		t.Errorf("motif %+v", m)
	}
	if len(s.ParType) != len(proposition.Types) || s.ParType[0].Code != string(proposition.OuvertureNette) || s.ParType[0].Propositions != 0 {
		t.Errorf("types must all be listed in form order: %+v", s.ParType)
	}
	if len(s.ParStatut) != len(proposition.Statuts) || find(s.ParStatut, string(proposition.Refusee)).Propositions != 1 {
		t.Errorf("statuts %+v", s.ParStatut)
	}

	v, err := Validees(ps, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != 1 || v[0].Numero != "P-2025-000001" || v[0].Etablissement != "Lycée professionnel du Bugey" ||
		v[0].Formation != "Bac pro MELEC" || v[0].Ouvertes != (proposition.Places{Scolaire: 6}) || v[0].ValideeLe != "2025-07-01" || v[0].CodeNsf != "255" {
		t.Errorf("validées %+v", v)
	}

	// Nothing typed by a person reaches the published aggregates.
	b, _ := json.Marshal(struct {
		S Synthese
		V []Validee
	}{s, v})
	for _, secret := range []string{"Dupont", "Martin", "06…", "probleme_bati", "region:"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("aggregates publish %q", secret)
		}
	}
}

// The attack of issue 14: two proposals of 2^63−1 places made the
// published total read −2 places ouvertes. A counted or validated proposal
// out of bounds now stops the aggregates, naming it; a refused one does
// not matter (its places are not counted).
func TestAggregateRefusesCapacitiesOutOfBounds(t *testing.T) {
	huge := func(n string, st proposition.Statut) proposition.Proposition {
		return proposition.Proposition{Numero: n, Campagne: 2025, UAI: "0010001W", CodeRegion: "84", CFD: "40025214", CodeDispositif: "247",
			RentreeScolaire: 2026, TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: math.MaxInt64,
			Motifs: []string{"metiers_2030"}, Statut: st}
	}
	for _, c := range []struct {
		name string
		ps   []proposition.Proposition
		want string // "" = accepted
	}{
		{"two pending proposals of 2^63-1 places", []proposition.Proposition{huge("P-2025-000001", proposition.StatutProposition), huge("P-2025-000002", proposition.StatutProposition)}, "P-2025-000001: capaciteScolaire = 9223372036854775807 is outside 0–999"},
		{"a validated one", []proposition.Proposition{huge("P-2025-000003", proposition.DemandeValidee)}, "P-2025-000003: capaciteScolaire"},
		{"one place above the bound", []proposition.Proposition{func() proposition.Proposition {
			p := huge("P-2025-000004", proposition.DossierComplet)
			p.CapaciteScolaire = 1000
			return p
		}()}, "P-2025-000004: capaciteScolaire = 1000"},
		{"a negative actuelle", []proposition.Proposition{func() proposition.Proposition {
			p := huge("P-2025-000005", proposition.DossierComplet)
			p.CapaciteScolaire, p.CapaciteApprentissageActuelle = 30, -5
			return p
		}()}, "P-2025-000005: capaciteApprentissageActuelle = -5"},
		{"a refused one is not counted", []proposition.Proposition{huge("P-2025-000006", proposition.Refusee)}, ""},
		{"at the bound", []proposition.Proposition{func() proposition.Proposition {
			p := huge("P-2025-000007", proposition.DemandeValidee)
			p.CapaciteScolaire = 999
			return p
		}()}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Aggregate(c.ps, nil)
			_, verr := Validees(c.ps, nil)
			if c.want == "" {
				if err != nil || verr != nil {
					t.Fatalf("Aggregate: %v; Validees: %v", err, verr)
				}
				if o := s.Total.Places.Ouvertes.Total(); o < 0 {
					t.Errorf("%d places ouvertes", o)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Aggregate: %v (total %d places ouvertes), want an error with %q", err, s.Total.Places.Ouvertes.Total(), c.want)
			}
			if c.ps[0].Statut == proposition.DemandeValidee && (verr == nil || !strings.Contains(verr.Error(), c.want)) {
				t.Errorf("Validees: %v, want an error with %q", verr, c.want)
			}
		})
	}
}

// Sums of places never wrap: past maxSum, add refuses and leaves the
// bilan as it was.
func TestBilanRefusesOverflow(t *testing.T) {
	p := proposition.Proposition{Campagne: 2025, TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: 36, Statut: proposition.DemandeValidee}
	b := Bilan{Ouvertes: proposition.Places{Scolaire: maxSum - 11}}
	before := b
	if err := b.add(&p); !errors.Is(err, ErrOverflow) {
		t.Fatalf("add past maxSum: %v, bilan %+v", err, b)
	}
	if b != before {
		t.Errorf("a refused add changed the bilan: %+v", b)
	}
	b.Ouvertes.Scolaire = maxSum - 12
	if err := b.add(&p); err != nil || b.Ouvertes.Scolaire != maxSum {
		t.Errorf("add up to maxSum: %v, %d", err, b.Ouvertes.Scolaire)
	}
	// What the pages compute from the largest sums stays exact.
	b = Bilan{Ouvertes: proposition.Places{Scolaire: maxSum, Apprentissage: maxSum}, Fermees: proposition.Places{Scolaire: maxSum, Apprentissage: maxSum}}
	if b.Ouvertes.Total() <= 0 || b.Solde() != 0 {
		t.Errorf("total %d, solde %d", b.Ouvertes.Total(), b.Solde())
	}
}

// TestDepartement: a proposal's département is the usual code the
// reference lists (never the UAI's 3-character prefix), so that its label
// is found.
func TestDepartement(t *testing.T) {
	for uai, want := range map[string]string{
		"0350001A": "35", "0010001W": "01", "0950001B": "95",
		"6200002B": "2A", "7200003C": "2B", "9710004D": "971", "9760005E": "976",
		"": "", "01": "",
	} {
		if got := departement(uai); got != want {
			t.Errorf("departement(%q) = %q, want %q", uai, got, want)
		}
	}
}
