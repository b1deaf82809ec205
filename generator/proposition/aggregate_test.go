package proposition

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestAggregate(t *testing.T) {
	ref := readTestReference(t)
	val := time.Date(2025, 6, 30, 22, 30, 0, 0, time.UTC) // 1 July in Paris
	ps := []Proposition{
		// +6 scolaire, validated.
		{Numero: "P-2025-000001", Campagne: 2025, UAI: "0010001W", CodeRegion: "84", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: 30,
			Motifs: []string{"metiers_2030", "autre"}, AutreMotif: "Jean Dupont nous l'a demandé", Commentaire: "Appeler Mme Martin au 06…",
			Statut: DemandeValidee, UpdatedAt: val},
		// −12 scolaire, pending.
		{Numero: "P-2025-000002", Campagne: 2025, UAI: "0690002X", CodeRegion: "84", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: Diminution, CapaciteScolaireActuelle: 24, CapaciteScolaire: 12, Motifs: []string{"recrutements_baisse"}, Statut: DossierComplet},
		// closes 10 apprentissage, refused: counted, no places.
		{Numero: "P-2025-000003", Campagne: 2025, UAI: "0750003Y", CodeRegion: "11", CFD: "40025214", CodeDispositif: "247", RentreeScolaire: 2026,
			TypeDemande: Fermeture, CapaciteApprentissageActuelle: 10, Motifs: []string{"locaux"}, Statut: Refusee, MotifsRefus: []string{"probleme_bati"}},
		// ajustement: counted, no places.
		{Numero: "P-2025-000004", Campagne: 2025, UAI: "0010001W", CodeRegion: "84", CFD: "50022137", CodeDispositif: "241", RentreeScolaire: 2025,
			TypeDemande: Ajustement, CapaciteScolaireActuelle: 12, CapaciteScolaire: 15, Statut: StatutProposition},
	}
	s := Aggregate(ps, ref)

	if s.Total.Propositions != 4 || s.Total.Validees != 1 || s.Total.Refusees != 1 {
		t.Errorf("total counts %+v", s.Total)
	}
	if b := s.Total.Places; b.Ouvertes != (Places{6, 0}) || b.Fermees != (Places{12, 0}) || b.Transformees != 18 || b.Solde() != -6 {
		t.Errorf("total places %+v solde %d", b, b.Solde())
	}
	if r, ok := s.Total.Places.RatioFermetures(); !ok || r != 12.0/18 {
		t.Errorf("ratio fermetures %v", r)
	}
	if b := s.Total.PlacesValidees; b.Ouvertes != (Places{6, 0}) || b.Fermees != (Places{}) {
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
	if d := find(s.ParDepartement, "069"); d.Libelle != "Rhône" || d.Parent != "84" || d.Places.Fermees.Scolaire != 12 {
		t.Errorf("département 069 %+v", d)
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
	if len(s.ParType) != len(Types) || s.ParType[0].Code != string(OuvertureNette) || s.ParType[0].Propositions != 0 {
		t.Errorf("types must all be listed in form order: %+v", s.ParType)
	}
	if len(s.ParStatut) != len(Statuts) || find(s.ParStatut, string(Refusee)).Propositions != 1 {
		t.Errorf("statuts %+v", s.ParStatut)
	}

	v := Validees(ps, ref)
	if len(v) != 1 || v[0].Numero != "P-2025-000001" || v[0].Etablissement != "Lycée professionnel du Bugey" ||
		v[0].Formation != "Bac pro MELEC" || v[0].Ouvertes != (Places{6, 0}) || v[0].ValideeLe != "2025-07-01" || v[0].CodeNsf != "255" {
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
