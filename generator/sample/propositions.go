package sample

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/proposition"
)

// journalPath is where the sample keeps its fictional journal of
// proposals; orion build publishes it (site.JournalName).
const journalPath = "propositions/journal.jsonl"

// campagne is the campaign of the fictional proposals.
const campagne = 2026

// propositions writes a fictional journal through the handler's own
// journal package: about one proposal for four schools, of every type, with
// capacities that respect the form's rules, and a share of them moved
// through the review workflow (validated or refused).
func (g *gen) propositions(dir string) error {
	path := filepath.Join(dir, filepath.FromSlash(journalPath))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	os.Remove(path)
	j, _, err := journal.Open(path)
	if err != nil {
		return err
	}
	defer j.Close()
	r := g.r
	at := time.Date(campagne, 2, 2, 9, 0, 0, 0, time.UTC)
	types := []proposition.TypeDemande{
		proposition.AugmentationNette, proposition.AugmentationNette, proposition.Diminution, proposition.Diminution,
		proposition.Fermeture, proposition.OuvertureNette, proposition.Coloration, proposition.Transfert,
		proposition.AugmentationCompensation, proposition.OuvertureCompensation,
	}
	for i, s := range g.schools {
		if s.outside || i%4 != 0 {
			continue
		}
		offered := map[string]bool{}
		var current []*formation
		for _, o := range s.offers {
			if o.f.isCommune || o.until < lastYear || dispositifs[o.f.niveau] == "" {
				continue
			}
			offered[o.f.cfd] = true
			current = append(current, o.f)
		}
		sort.Slice(current, func(a, b int) bool { return current[a].cfd < current[b].cfd })
		t := types[r.IntN(len(types))]
		var f *formation
		if t == proposition.OuvertureNette || t == proposition.OuvertureCompensation {
			for _, c := range g.seed.formations {
				if !offered[c.cfd] && !c.isCommune && dispositifs[c.niveau] != "" && c.niveau == "500" {
					f = c
					break
				}
			}
		} else if len(current) > 0 {
			f = current[r.IntN(len(current))]
		}
		if f == nil {
			continue
		}
		p := proposition.Proposition{Campagne: campagne, UAI: s.uai, CodeRegion: s.dep.region, CFD: f.cfd,
			CodeDispositif: dispositifs[f.niveau], RentreeScolaire: campagne + r.IntN(2), TypeDemande: t}
		cap := 12 + 3*r.IntN(5)
		step := 3 * (1 + r.IntN(4))
		switch t {
		case proposition.AugmentationNette, proposition.AugmentationCompensation:
			p.CapaciteScolaireActuelle, p.CapaciteScolaire = cap, cap+step
		case proposition.Diminution:
			p.CapaciteScolaireActuelle, p.CapaciteScolaire = cap+step, cap
		case proposition.Fermeture:
			p.CapaciteScolaireActuelle = cap
		case proposition.OuvertureNette, proposition.OuvertureCompensation:
			p.CapaciteScolaire = cap
		case proposition.Coloration:
			p.Coloration, p.LibelleColoration1 = true, "Métiers de la transition écologique (fictif)"
			p.CapaciteScolaireActuelle, p.CapaciteScolaire, p.CapaciteScolaireColoree = cap, cap, step
		case proposition.Transfert:
			p.CapaciteScolaireActuelle, p.CapaciteScolaire = cap, cap-step
			p.CapaciteApprentissage = step
		}
		motifs := proposition.Motifs(t)
		if m := motifs[r.IntN(len(motifs))]; m.Code != "autre" {
			p.Motifs = []string{m.Code}
		} else {
			p.Motifs, p.AutreMotif = []string{motifs[0].Code, "autre"}, "Projet pédagogique de l'établissement (fictif)"
		}
		p.Commentaire = "Commentaire fictif, jamais publié."
		at = at.Add(37 * time.Minute)
		n, _, err := j.Submit(journal.Submission{Proposition: p, Par: "uai:" + s.uai, Cle: fmt.Sprintf("fictif-%d", i), At: at})
		if err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		// Review: half validated, some refused, the rest at earlier steps.
		steps := []proposition.Statut{proposition.DossierComplet, proposition.ProjetDeDemande, proposition.DemandeValidee}
		x := r.Float64()
		switch {
		case x < 0.5:
		case x < 0.6:
			steps = []proposition.Statut{proposition.DossierComplet, proposition.ProjetDeDemande, proposition.Refusee}
		case x < 0.8:
			steps = steps[:1]
		default:
			steps = nil
		}
		for k, st := range steps {
			c := journal.Change{Numero: n, Vers: st, Par: "region:" + s.dep.region, At: at.Add(time.Duration(k+1) * 24 * time.Hour)}
			if st == proposition.Refusee {
				c.MotifsRefus = []string{proposition.MotifsRefus[0].Code}
			}
			if _, err := j.ChangeStatut(c); err != nil {
				return fmt.Errorf("journal: %w", err)
			}
		}
	}
	return j.Close()
}
