package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/orion-static/orion/generator/journal"
	"github.com/orion-static/orion/generator/page"
	"github.com/orion-static/orion/generator/page/console"
	"github.com/orion-static/orion/generator/proposition"
	"github.com/orion-static/orion/generator/query"
)

// JournalName is where a data directory may keep its journal of proposals
// (the fictional sample does); --propositions names another one.
const JournalName = "propositions/journal.jsonl"

// reference is the data the proposals handler validates against: schools,
// the formations they offer, the campaign. orion build publishes it as
// /propositions/reference.json; the handler loads it at start and on SIGHUP.
func reference(d *query.Data, cfg Config) (*proposition.Reference, error) {
	annee := cfg.Campagne
	if annee == 0 {
		annee = 2026
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.UTC
	}
	ref := &proposition.Reference{Campagne: proposition.Campagne{
		Annee: annee, Statut: proposition.CampagneEnCours,
		Debut: proposition.Date{Time: time.Date(annee, 1, 1, 0, 0, 0, 0, paris)},
		Fin:   proposition.Date{Time: time.Date(annee, 12, 31, 0, 0, 0, 0, paris)},
	}}
	for _, r := range d.Regions.Rows {
		ref.Regions = append(ref.Regions, proposition.Code{Code: r.Code, Libelle: r.Libelle})
	}
	for _, dep := range d.Departements.Rows {
		ref.Departements = append(ref.Departements, proposition.Code{Code: dep.Code, Libelle: dep.Libelle})
	}
	for _, dom := range d.Domaines.Rows {
		ref.Domaines = append(ref.Domaines, proposition.Code{Code: dom.Code, Libelle: dom.Libelle})
	}
	niveaux, dispositifs := map[string]string{}, map[string]string{}
	for _, f := range d.Formations.Rows {
		ref.Formations = append(ref.Formations, proposition.Formation{CFD: f.CFD, Libelle: str(f.Libelle), NSF: str(f.NSF)})
		niveaux[f.Niveau] = f.NiveauLibelle
	}
	nsf := map[string]string{}
	for _, f := range d.Formations.Rows {
		nsf[f.CFD] = str(f.NSF)
	}
	offres := map[string][]proposition.Offre{}
	for _, o := range d.Etablissements.Offres {
		if o.Dispositif == nil {
			continue
		}
		dispositifs[*o.Dispositif] = str(o.DispositifLibelle)
		offres[o.UAI] = append(offres[o.UAI], proposition.Offre{CFD: o.CFD, CodeDispositif: *o.Dispositif, Libelle: str(o.Libelle), NSF: nsf[o.CFD]})
	}
	for _, e := range d.Etablissements.Rows {
		nom := str(e.Nom)
		if nom == "" {
			nom = "Établissement " + e.UAI
		}
		ref.Etablissements = append(ref.Etablissements, proposition.Etablissement{UAI: e.UAI, Nom: nom, CodeRegion: e.CodeRegion, Offres: offres[e.UAI]})
	}
	ref.Niveaux, ref.Dispositifs = codes(niveaux), codes(dispositifs)
	return ref, nil
}

func codes(m map[string]string) []proposition.Code {
	var out []proposition.Code
	for k, v := range m {
		out = append(out, proposition.Code{Code: k, Libelle: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// propositions prepares the proposal pages: the reference file and, when a
// journal is given (or found in the data directory), its aggregates.
func propositions(d *query.Data, cfg Config) (*page.Propositions, []page.File, error) {
	ref, err := reference(d, cfg)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := proposition.WriteReference(&buf, ref); err != nil {
		return nil, nil, fmt.Errorf("propositions: reference: %w", err)
	}
	api := cfg.APIURL
	if api == "" {
		api = "/api/propositions"
	}
	out := &page.Propositions{Campagne: ref.Campagne.Annee, APIURL: api}
	files := append([]page.File{{Path: "/propositions/reference.json", Data: buf.Bytes()}}, formFiles(ref)...)
	path := cfg.Propositions
	if path == "" {
		if p := filepath.Join(cfg.DataDir, filepath.FromSlash(JournalName)); fileExists(p) {
			path = p
		}
	}
	if path == "" {
		// No journal yet: the console and the dashboard say that no
		// proposal has been received, with every total at 0.
		s, err := console.Aggregate(nil, ref)
		if err != nil {
			return nil, nil, fmt.Errorf("propositions: %w", err)
		}
		out.Synthese = &s
		return out, files, nil
	}
	ps, torn, err := journal.Load(path)
	if err != nil {
		return nil, nil, fmt.Errorf("propositions: %s: %w", path, err)
	}
	if torn != nil {
		return nil, nil, fmt.Errorf("propositions: %s: %s (repair it by restarting the handler, which sets the torn record aside)", path, torn)
	}
	s, err := console.Aggregate(ps, ref)
	if err != nil {
		return nil, nil, fmt.Errorf("propositions: %s: %w", path, err)
	}
	v, err := console.Validees(ps, ref)
	if err != nil {
		return nil, nil, fmt.Errorf("propositions: %s: %w", path, err)
	}
	out.Synthese, out.Validees = &s, v
	return out, files, nil
}

// formFiles are what the proposals form fetches, light enough for a phone
// (the whole reference weighs 6.7 MB on the real data): the list of schools
// for the UAI field's suggestions, /propositions/etablissements.json, as
// [uai, nom] pairs, and the offers of the schools, fetched once a known UAI
// is typed, as [cfd, dispositif, libellé] triples (an empty list for a
// school without known offers). The offers are grouped by the UAI's first
// three characters, its département (620 and 720 in Corse), in
// /propositions/offres/{prefix}.json, an object keyed by UAI: about a
// hundred files rather than one per school (2 800 on the real data), each
// of a few tens of kB, which the form fetches once for all the schools of
// a département.
func formFiles(ref *proposition.Reference) []page.File {
	list := make([][2]string, 0, len(ref.Etablissements))
	groups := map[string]map[string][][3]string{}
	for _, e := range ref.Etablissements {
		list = append(list, [2]string{e.UAI, e.Nom})
		offres := make([][3]string, 0, len(e.Offres))
		for _, o := range e.Offres {
			offres = append(offres, [3]string{o.CFD, o.CodeDispositif, o.Libelle})
		}
		p := offresPrefix(e.UAI)
		if groups[p] == nil {
			groups[p] = map[string][][3]string{}
		}
		groups[p][e.UAI] = offres
	}
	files := []page.File{{Path: "/propositions/etablissements.json", Data: mustJSON(list)}}
	for _, p := range slices.Sorted(maps.Keys(groups)) {
		// encoding/json writes a map's keys sorted: the file is stable.
		files = append(files, page.File{Path: "/propositions/offres/" + p + ".json", Data: mustJSON(groups[p])})
	}
	return files
}

// offresPrefix is the part of a UAI that names the file of its offers,
// /propositions/offres/{prefix}.json: its first three characters (a
// reference UAI always has eight). propositions.js cuts it the same way.
func offresPrefix(uai string) string {
	return uai[:min(3, len(uai))]
}

// mustJSON encodes values that cannot fail to encode (strings only).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
