package site

import (
	"context"
	"encoding/json"
	"html"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// TestPropositionsPages publishes a small journal written through the
// handler's own journal package, and checks the console, the dashboard and
// the school page against hand-computed places.
func TestPropositionsPages(t *testing.T) {
	jpath := filepath.Join(t.TempDir(), "journal.jsonl")
	j, _, err := journal.Open(jpath)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	submit := func(p proposition.Proposition) string {
		p.Campagne, p.RentreeScolaire, p.CodeRegion = 2026, 2026, "53"
		n, _, err := j.Submit(journal.Submission{Proposition: p, Par: "uai:" + p.UAI, At: at})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// +12 places in school A's bac pro X; 12 places closed in school B.
	up := submit(proposition.Proposition{UAI: "0350001A", CFD: "40025000", CodeDispositif: "247", TypeDemande: proposition.AugmentationNette,
		CapaciteScolaireActuelle: 24, CapaciteScolaire: 36, Motifs: []string{"besoins_economiques_locaux"}})
	submit(proposition.Proposition{UAI: "0350002B", CFD: "40025000", CodeDispositif: "247", TypeDemande: proposition.Fermeture,
		CapaciteScolaireActuelle: 12, Motifs: []string{"recrutements_baisse"}, Commentaire: "Appeler Mme Martin"})
	for _, s := range []proposition.Statut{proposition.DossierComplet, proposition.ProjetDeDemande, proposition.DemandeValidee} {
		if _, err := j.ChangeStatut(journal.Change{Numero: up, Vers: s, Par: "region:53", At: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()

	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{DataDir: "testdata/fixture", OutDir: out, Propositions: jpath}); err != nil {
		t.Fatal(err)
	}
	pilotage := readCSV(t, filepath.Join(out, "pilotage/transformation-regions.csv"))
	check(t, "Bretagne", byKey(pilotage, "code", "53"), map[string]string{
		"places_transformees": "24",   // 12 opened + 12 closed (campaign ≥ 2025 rule)
		"effectif_entree":     "42",   // first-year pupils of the constat
		"taux_transformation": "57.1", // 24 / 42
		"ratio_fermetures":    "50.0",
		"solde":               "0",
	})
	// A région without any proposal is listed too, with nothing transformed.
	check(t, "Île-de-France", byKey(pilotage, "code", "11"), map[string]string{
		"places_transformees": "0",
		"effectif_entree":     "30", // first-year pupils of 0750003C
		"taux_transformation": "0.0",
		"ratio_fermetures":    "",
		"solde":               "0",
	})
	valid := readCSV(t, filepath.Join(out, "propositions/demandes-validees.csv"))
	if len(valid) != 1 || valid[0]["numero"] != up || valid[0]["places_ouvertes"] != "12" {
		t.Fatalf("validated proposals: %v", valid)
	}
	school, err := os.ReadFile(filepath.Join(out, "etablissements/0350001A/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(school), up) {
		t.Error("the school page does not list its validated proposal")
	}
	filepath.Walk(out, func(p string, _ os.FileInfo, _ error) error {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "Mme Martin") {
			t.Errorf("%s publishes a comment", p)
		}
		return nil
	})
	// Each page says which statuts its totals count; a formation's solde
	// counts its validated demandes only (+12, not +12 − 12).
	for page, want := range map[string][]string{
		"propositions/index.html":          {"Statuts comptés", "aux statuts « Proposition », « Dossier complet », « Dossier incomplet », « Projet de demande » et « Demande validée »", "les demandes refusées et les ajustements de rentrée n", "ne comptent que le statut « Demande validée »"},
		"pilotage/index.html":              {"Statuts comptés", "« Projet de demande » et « Demande validée »", "Les demandes refusées et les ajustements de rentrée ne sont pas comptés"},
		"formations/40025000/index.html":   {"Solde des places de la formation : +12 places", "au statut « Demande validée » seulement"},
		"propositions/nouvelle/index.html": {`name="capaciteScolaire" type="number" min="0" max="999"`, "de 0 à 999 par champ"},
	} {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		// &#43;12 reads +12; the no-break spaces of typography (checked
		// by checkSite) read as spaces.
		text := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(html.UnescapeString(string(b)))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not say %q", page, w)
			}
		}
	}
	for _, p := range []string{"propositions/nouvelle/index.html", "propositions/recue/index.html", "propositions/reference.json"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
	ref, err := os.Open(filepath.Join(out, "propositions/reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	r, err := proposition.ReadReference(ref)
	if err != nil {
		t.Fatalf("the published reference does not load in the handler: %v", err)
	}
	if r.Offre("0350001A", "40025000", "247") == nil {
		t.Error("the reference lacks school A's offer")
	}
	checkFormFiles(t, out, r)
}

// checkFormFiles checks the extracts the form fetches against the published
// reference: every school in etablissements.json, with its name, and its
// offers under its UAI in the offers file of its département, in any order
// (the reference sorts them, the form keeps the query's); no file in
// propositions/offres holds anything else.
func checkFormFiles(t *testing.T, out string, r *proposition.Reference) {
	t.Helper()
	readJSON := func(rel string, v any) {
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
	}
	var list [][2]string
	readJSON("propositions/etablissements.json", &list)
	if len(list) != len(r.Etablissements) {
		t.Errorf("etablissements.json lists %d schools, the reference %d", len(list), len(r.Etablissements))
	}
	files, err := filepath.Glob(filepath.Join(out, "propositions/offres/*.json"))
	if err != nil {
		t.Fatal(err)
	}
	published := map[string][][3]string{}
	for _, f := range files {
		var g map[string][][3]string
		readJSON(filepath.Join("propositions/offres", filepath.Base(f)), &g)
		for uai, l := range g {
			if want := filepath.Base(f); want != uai[:3]+".json" {
				t.Errorf("%s is in %s, not in %s.json", uai, want, uai[:3])
			}
			published[uai] = l
		}
	}
	for i, e := range r.Etablissements {
		if i < len(list) && list[i] != [2]string{e.UAI, e.Nom} {
			t.Errorf("etablissements.json[%d] = %v, want [%s %s]", i, list[i], e.UAI, e.Nom)
		}
		want := [][3]string{}
		for _, o := range e.Offres {
			want = append(want, [3]string{o.CFD, o.CodeDispositif, o.Libelle})
		}
		got, ok := published[e.UAI]
		if !ok {
			t.Errorf("no offers file lists %s", e.UAI)
		} else if slices.SortFunc(got, cmpOffre); !slices.Equal(got, want) {
			t.Errorf("offers of %s: %v, want %v", e.UAI, got, want)
		}
		delete(published, e.UAI)
	}
	for uai := range published {
		t.Errorf("the offers files list %s, which the reference does not", uai)
	}
	if len(files) == 0 || len(files) >= len(r.Etablissements) && len(r.Etablissements) > 1 {
		t.Errorf("%d offers files for %d schools: they are not grouped", len(files), len(r.Etablissements))
	}
}

// A journal written before the bounds on capacities (issue 14: two
// proposals of 2^63−1 places made the published total read −2 places
// ouvertes) stops the build, naming the proposal, instead of publishing a
// wrapped figure.
func TestPropositionsRefuseCapacitiesOutOfBounds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, _, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, uai := range []string{"0350001A", "0350002B"} {
		p := proposition.Proposition{Campagne: 2026, RentreeScolaire: 2026, CodeRegion: "53", UAI: uai, CFD: "40025000", CodeDispositif: "247",
			TypeDemande: proposition.AugmentationNette, CapaciteScolaireActuelle: 24, CapaciteScolaire: math.MaxInt64, Motifs: []string{"metiers_2030"}}
		if _, _, err := j.Submit(journal.Submission{Proposition: p, Par: "uai:" + uai, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	out := filepath.Join(t.TempDir(), "public")
	_, err = Build(context.Background(), Config{DataDir: "testdata/fixture", OutDir: out, Propositions: path})
	if err == nil || !strings.Contains(err.Error(), "P-2026-000001") || !strings.Contains(err.Error(), "capaciteScolaire = 9223372036854775807") {
		t.Fatalf("build with proposals of 2^63-1 places: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "propositions/propositions-regions.csv")); err == nil {
		t.Error("the console's CSV was published anyway")
	}
}

func cmpOffre(a, b [3]string) int {
	return strings.Compare(a[0]+"|"+a[1], b[0]+"|"+b[1])
}
