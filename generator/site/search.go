package site

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/orion-static/orion/generator/page"
)

// searchIndex is /recherche/index.json, what assets/js/recherche.js
// searches: one array per kind of page, each row an array of columns (no
// key repeated 4 500 times), linked by position, so that a school carries
// the formations it offers and its département without repeating their
// names. Words are folded (case, accents) by the script when it loads the
// index: folded copies would double its size. On the real data it weighs
// about 120 kB gzip, under the 150 kB budget (TestSearchIndexReal).
type searchIndex struct {
	// URL is the path of each kind's pages before their code: a page is
	// at URL[kind] + code + "/".
	URL map[string]string `json:"url"`
	// Niveaux are the niveaux of diploma, that formations point to.
	Niveaux        []string          `json:"niveaux"`
	Regions        []searchRegion    `json:"regions"`
	Departements   []searchDept      `json:"departements"`
	Domaines       []searchDomaine   `json:"domaines"`
	Formations     []searchFormation `json:"formations"`
	Etablissements []searchSchool    `json:"etablissements"`
	Sigles         map[string][]int  `json:"sigles"` // abbreviation → formations it names
}

// searchRegion is [code, title].
type searchRegion struct{ Code, Title string }

// searchDept is [code, title, région].
type searchDept struct {
	Code, Title string
	Region      int // index in Regions, -1 when unknown
}

// searchDomaine is [code, title].
type searchDomaine struct{ Code, Title string }

// searchFormation is [CFD, libellé, niveau, closed]: its title is
// « libellé (niveau) ».
type searchFormation struct {
	CFD, Libelle string
	Niveau       int // index in Niveaux
	Closed       bool
}

// searchSchool is [UAI, name, commune, département, [formations]].
type searchSchool struct {
	UAI, Name, Commune string
	Dept               int   // index in Departements, -1 when unknown
	Formations         []int // indices in Formations, ascending
}

func (r searchRegion) MarshalJSON() ([]byte, error) { return json.Marshal([]any{r.Code, r.Title}) }
func (d searchDept) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{d.Code, d.Title, d.Region})
}
func (d searchDomaine) MarshalJSON() ([]byte, error) { return json.Marshal([]any{d.Code, d.Title}) }
func (f searchFormation) MarshalJSON() ([]byte, error) {
	closed := 0
	if f.Closed {
		closed = 1
	}
	return json.Marshal([]any{f.CFD, f.Libelle, f.Niveau, closed})
}
func (s searchSchool) MarshalJSON() ([]byte, error) {
	fs := s.Formations
	if fs == nil {
		fs = []int{}
	}
	return json.Marshal([]any{s.UAI, s.Name, s.Commune, s.Dept, fs})
}

// searchKinds are the page kinds the index holds, with the name of their
// array.
var searchKinds = map[page.Kind]string{
	page.KindRegion: "regions", page.KindDepartement: "departements", page.KindDomaine: "domaines",
	page.KindFormation: "formations", page.KindEtablissement: "etablissements",
}

// buildSearchIndex gathers the index entries of the pages. Territories and
// formations come first, so that schools can point to them.
func buildSearchIndex(pages []*page.Page) ([]byte, error) {
	x := &searchIndex{URL: map[string]string{}, Niveaux: []string{}, Sigles: map[string][]int{}}
	regionAt, deptAt, formationAt, niveauAt := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	// Pass 1: régions, then départements (which point to them), domaines
	// and formations.
	for _, want := range []page.Kind{page.KindRegion, page.KindDepartement, page.KindDomaine, page.KindFormation} {
		for _, p := range pages {
			if p.Index == nil || p.Kind != want {
				continue
			}
			code, err := x.code(p)
			if err != nil {
				return nil, err
			}
			switch p.Kind {
			case page.KindRegion:
				regionAt[p.Path] = len(x.Regions)
				x.Regions = append(x.Regions, searchRegion{Code: code, Title: p.Title})
			case page.KindDepartement:
				deptAt[p.Path] = len(x.Departements)
				x.Departements = append(x.Departements, searchDept{Code: code, Title: p.Title, Region: linked(p, regionAt)})
			case page.KindDomaine:
				x.Domaines = append(x.Domaines, searchDomaine{Code: code, Title: p.Title})
			case page.KindFormation:
				niveau := ""
				if len(p.Index.Terms) > 0 {
					niveau = p.Index.Terms[0]
				}
				lib, ok := strings.CutSuffix(p.Title, " ("+niveau+")")
				if niveau == "" || !ok {
					return nil, fmt.Errorf("search index: %s: title %q does not end with its niveau (%q)", p.Path, p.Title, niveau)
				}
				ni, ok := niveauAt[niveau]
				if !ok {
					ni = len(x.Niveaux)
					niveauAt[niveau] = ni
					x.Niveaux = append(x.Niveaux, niveau)
				}
				formationAt[code] = len(x.Formations)
				x.Formations = append(x.Formations, searchFormation{CFD: code, Libelle: lib, Niveau: ni, Closed: p.Index.Closed})
			}
		}
	}
	// Pass 2: schools, with their département and the formations they
	// offer that have a page.
	for _, p := range pages {
		if p.Index == nil || p.Kind != page.KindEtablissement {
			continue
		}
		code, err := x.code(p)
		if err != nil {
			return nil, err
		}
		s := searchSchool{UAI: code, Name: p.Title, Dept: linked(p, deptAt), Formations: []int{}}
		// Terms are the commune, when known, then the UAI.
		if t := p.Index.Terms; len(t) > 1 {
			s.Commune = t[0]
		}
		seen := map[int]bool{}
		for _, cfd := range p.Index.Formations {
			if i, ok := formationAt[cfd]; ok && !seen[i] {
				seen[i] = true
				s.Formations = append(s.Formations, i)
			}
		}
		slices.Sort(s.Formations)
		x.Etablissements = append(x.Etablissements, s)
	}
	for _, p := range pages {
		if p.Index != nil && searchKinds[p.Kind] == "" {
			return nil, fmt.Errorf("search index: %s: pages of kind %q cannot be searched", p.Path, p.Kind)
		}
	}
	for _, sg := range sigles {
		for i, f := range x.Formations {
			if sg.names(x.Niveaux[f.Niveau], f.Libelle) {
				x.Sigles[sg.Sigle] = append(x.Sigles[sg.Sigle], i)
			}
		}
	}
	js, err := json.Marshal(x)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return js, nil
}

// code is the last segment of a page's path, "35" for /departements/35/;
// every page of a kind must share the rest of the path, which the index
// gives once.
func (x *searchIndex) code(p *page.Page) (string, error) {
	name := searchKinds[p.Kind]
	dir, code, ok := strings.Cut(strings.TrimSuffix(p.Path, "/")[1:], "/")
	if name == "" || !ok || code == "" || strings.Contains(code, "/") {
		return "", fmt.Errorf("search index: %s: not a /kind/code/ path", p.Path)
	}
	prefix := "/" + dir + "/"
	if prev, ok := x.URL[name]; ok && prev != prefix {
		return "", fmt.Errorf("search index: %s: pages of kind %q are under both %s and %s", p.Path, p.Kind, prev, prefix)
	}
	x.URL[name] = prefix
	return code, nil
}

// linked is the position of the first page of at that p's breadcrumb
// links to (a school's département, a département's région), or -1.
func linked(p *page.Page, at map[string]int) int {
	for _, l := range p.Breadcrumb {
		if i, ok := at[l.Href]; ok {
			return i
		}
	}
	return -1
}

// sigle is an abbreviation by which teachers, families and the press name a
// diploma, searched as a word of the formations it names: those of one of
// its niveaux whose folded libellé starts with Libelle.
type sigle struct {
	Sigle   string
	Niveaux []string
	Libelle string // folded: lower case, no accents, words separated by one space
}

func (s sigle) names(niveau, libelle string) bool {
	for _, n := range s.Niveaux {
		if n == niveau {
			return strings.HasPrefix(fold(libelle), s.Libelle)
		}
	}
	return false
}

// sigles: only abbreviations in common use for a diploma of the BCN, each
// the initials of the diploma's official name, which is checked against the
// BCN's labels (n_formation_diplome, LIBELLE_LONG_200) and against the
// formations of the real build by TestSiglesReal. Two-letter ones (SN, MV,
// CG, GA…) are left out: as words they would match too much.
var sigles = []sigle{
	// Bacs pro of the commerce, administration and services.
	{"MCV", []string{"BAC PRO"}, "metiers du commerce et de la vente"},                                // 2019, options A and B
	{"AGORA", []string{"BAC PRO"}, "assistance a la gestion des organisations et de leurs activites"}, // 2020, after gestion-administration
	{"ARCU", []string{"BAC PRO"}, "accueil relation clients et usagers"},                              // closed 2020, into MCV
	{"OTM", []string{"BAC PRO"}, "organisation de transport de marchandises"},
	{"CTRM", []string{"BAC PRO"}, "conducteur transport routier marchandises"},
	{"ASSP", []string{"BAC PRO"}, "accompagnement soins et services a la personne"},
	{"CSR", []string{"BAC PRO"}, "commercialisation et services en restauration"},
	// Bacs pro of industry and building.
	{"MELEC", []string{"BAC PRO"}, "metiers de l electricite et de ses environnements connectes"}, // 2016, after ELEEC
	{"MSPC", []string{"BAC PRO"}, "maintenance des systemes de production connectes"},             // 2021, after MEI
	{"MEI", []string{"BAC PRO"}, "maintenance des equipements industriels"},
	{"TMA", []string{"BAC PRO"}, "technicien menuisier agenceur"},
	{"TCI", []string{"BAC PRO"}, "technicien en chaudronnerie industrielle"},
	{"TEB", []string{"BAC PRO"}, "technicien d etudes du batiment"}, // options A and B
	{"AFB", []string{"BAC PRO"}, "amenagement et finition"},         // "finitions" in the BCN
	{"TISEC", []string{"BAC PRO"}, "technicien en installation des systemes energetiques et climatiques"},
	{"TMSEC", []string{"BAC PRO"}, "technicien de maintenance des systemes energetiques et climatiques"},
	{"ICCER", []string{"BAC PRO"}, "installateur en chauffage climatisation et energies renouvelables"}, // 2022, after TISEC
	{"MEE", []string{"BAC PRO"}, "maintenance et efficacite energetique"},                               // 2022, after TMSEC
	// CAP.
	{"AEPE", []string{"CAP"}, "accompagnant educatif petite enfance"}, // 2017, after CAP petite enfance
	{"EPC", []string{"CAP"}, "equipier polyvalent du commerce"},       // 2020, after ECMS and EVS
	{"ECMS", []string{"CAP"}, "employe de commerce multi specialites"},
	{"EVS", []string{"CAP"}, "employe de vente specialise"},
	{"PSR", []string{"CAP"}, "production et service en restaurations"},
	{"APH", []string{"CAP"}, "agent de proprete et d hygiene"},
	// BTS.
	{"MCO", []string{"BTS"}, "management commercial operationnel"},                   // 2019, after MUC
	{"NDRC", []string{"BTS"}, "negociation et digitalisation de la relation client"}, // 2019, after NRC
	{"GPME", []string{"BTS"}, "gestion de la pme"},
	{"SAM", []string{"BTS"}, "support a l action manageriale"},
	{"SIO", []string{"BTS"}, "services informatiques aux organisations"},
	{"CIEL", []string{"BAC PRO", "BTS"}, "cybersecurite informatique et reseaux electronique"}, // 2023, after SN
	{"MHR", []string{"BTS"}, "management en hotellerie restauration"},
	{"SP3S", []string{"BTS"}, "services et prestations des secteurs sanitaire et social"},
	{"MECP", []string{"BTS"}, "metiers de l esthetique cosmetique parfumerie"},
	{"GTLA", []string{"BTS"}, "gestion des transports et logistique associee"},
	{"FED", []string{"BTS"}, "fluides energies domotique"},
	{"CPI", []string{"BTS"}, "conception des produits industriels"},
	{"CPRP", []string{"BTS"}, "conception des processus de realisation de produits"},
	{"CRCI", []string{"BTS"}, "conception et realisation en chaudronnerie industrielle"},
}

// fold is the Go twin of recherche.js's fold, for the sigles: lower case,
// no accents, œ and æ spelled out, every run of other characters (spaces,
// apostrophes, hyphens, commas) one space.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	r, _, err := transform.String(t, s)
	if err != nil {
		r = s
	}
	r = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae").Replace(strings.ToLower(r))
	var b strings.Builder
	space := false
	for _, c := range r {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(c)
		} else {
			space = true
		}
	}
	return b.String()
}
