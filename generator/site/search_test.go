package site

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/orion-static/orion/generator/page"
)

// rawIndex is /recherche/index.json as the script reads it.
type rawIndex struct {
	URL            map[string]string `json:"url"`
	Niveaux        []string          `json:"niveaux"`
	Regions        [][]any           `json:"regions"`
	Departements   [][]any           `json:"departements"`
	Domaines       [][]any           `json:"domaines"`
	Formations     [][]any           `json:"formations"`
	Etablissements [][]any           `json:"etablissements"`
	Sigles         map[string][]int  `json:"sigles"`
}

func readIndex(t *testing.T, out string) ([]byte, rawIndex) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "recherche", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var x rawIndex
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatalf("recherche/index.json: %v", err)
	}
	return b, x
}

// checkIndex: every row links to a page of the build, and every position
// points into its array.
func checkIndex(t *testing.T, out string, x rawIndex) {
	t.Helper()
	for kind, rows := range map[string][][]any{"regions": x.Regions, "departements": x.Departements, "domaines": x.Domaines,
		"formations": x.Formations, "etablissements": x.Etablissements} {
		prefix := x.URL[kind]
		if prefix == "" {
			t.Errorf("index: no URL for %s", kind)
			continue
		}
		dirs, err := os.ReadDir(filepath.Join(out, filepath.FromSlash(prefix)))
		if err != nil {
			t.Fatal(err)
		}
		pages := 0
		for _, d := range dirs {
			if d.IsDir() {
				pages++
			}
		}
		// Every page of the kind is in the index, once.
		if len(rows) != pages {
			t.Errorf("index: %d %s, the build has %d pages under %s", len(rows), kind, pages, prefix)
		}
		seen := map[string]bool{}
		for _, r := range rows {
			code, _ := r[0].(string)
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(prefix), code, "index.html")); err != nil || seen[code] {
				t.Errorf("index: %s %v: no page %s%s/ or twice", kind, r, prefix, code)
			}
			seen[code] = true
		}
	}
	in := func(v any, n int) bool {
		f, ok := v.(float64)
		return ok && f >= 0 && int(f) < n && f == float64(int(f))
	}
	for _, d := range x.Departements {
		if !in(d[2], len(x.Regions)) {
			t.Errorf("index: département %v: région %v", d[0], d[2])
		}
	}
	for _, f := range x.Formations {
		if !in(f[2], len(x.Niveaux)) || (f[3] != 0.0 && f[3] != 1.0) {
			t.Errorf("index: formation %v: niveau %v, closed %v", f[0], f[2], f[3])
		}
	}
	for _, s := range x.Etablissements {
		if !in(s[3], len(x.Departements)) {
			t.Errorf("index: school %v: département %v", s[0], s[3])
		}
		prev := -1.0
		for _, f := range s[4].([]any) {
			if !in(f, len(x.Formations)) || f.(float64) <= prev {
				t.Errorf("index: school %v: formations %v not ascending positions", s[0], s[4])
				break
			}
			prev = f.(float64)
		}
	}
	for s, fs := range x.Sigles {
		for _, f := range fs {
			if f < 0 || f >= len(x.Formations) {
				t.Errorf("index: sigle %s: formation %d", s, f)
			}
		}
	}
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// TestSearchIndexFixture checks the index of the hand-made data set: what
// the school 0350001A (Rennes, Ille-et-Vilaine) carries.
func TestSearchIndexFixture(t *testing.T) {
	out := buildFixture(t)
	_, x := readIndex(t, out)
	checkIndex(t, out, x)
	var school []any
	for _, s := range x.Etablissements {
		if s[0] == "0350001A" {
			school = s
		}
	}
	if school == nil {
		t.Fatal("index: no school 0350001A")
	}
	if !strings.EqualFold(school[2].(string), "Rennes") || x.Departements[int(school[3].(float64))][0] != "35" || len(school[4].([]any)) == 0 {
		t.Errorf("index: 0350001A is %v, want Rennes, département 35 and the formations it offers", school)
	}
}

// TestSearchIndexErrors: a page the index cannot describe stops the build
// with its path.
func TestSearchIndexErrors(t *testing.T) {
	formation := func(title string) *page.Page {
		return &page.Page{Path: "/formations/40022106/", Kind: page.KindFormation, Title: title,
			Index: &page.IndexEntry{Kind: "Formation", Terms: []string{"BAC PRO", "40022106"}, CFD: "40022106"}}
	}
	for _, c := range []struct {
		name string
		page *page.Page
		want string
	}{
		{"title without niveau", formation("Cuisine"), `/formations/40022106/: title "Cuisine" does not end with its niveau`},
		{"kind not searched", &page.Page{Path: "/glossaire/", Kind: page.KindContenu, Title: "Glossaire", Index: &page.IndexEntry{Kind: "Page"}}, `/glossaire/: pages of kind "contenu" cannot be searched`},
		{"deeper path", &page.Page{Path: "/regions/53/x/", Kind: page.KindRegion, Title: "Région Bretagne", Index: &page.IndexEntry{Kind: "Région"}}, `/regions/53/x/: not a /kind/code/ path`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := buildSearchIndex([]*page.Page{c.page})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	js, err := buildSearchIndex([]*page.Page{formation("Cuisine (BAC PRO)")})
	if err != nil {
		t.Fatal(err)
	}
	if want := `"formations":[["40022106","Cuisine",0,0]]`; !strings.Contains(string(js), want) {
		t.Errorf("index %s, want %s", js, want)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Métiers de l'électricité et de ses environnements connectés": "metiers de l electricite et de ses environnements connectes",
		"Cœur  ÆTHER – Saint-Étienne":                                 "coeur aether saint etienne",
		"Technicien d’études du bâtiment\u00a0option A":               "technicien d etudes du batiment option a",
		"BAC PRO": "bac pro",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// searchBudget is the size of /recherche/index.json, gzip -9, on the real
// data (issue 12): the header's search fetches it on any page.
const searchBudget = 150_000

// TestSearchIndexReal: on the real build, the index holds every entity
// page, within its budget, and every abbreviation names a formation.
func TestSearchIndexReal(t *testing.T) {
	out, _ := buildReal(t)
	b, x := readIndex(t, out)
	checkIndex(t, out, x)
	gz := gzipSize(b)
	t.Logf("recherche/index.json: %d bytes, %d gzip -9 (budget %d); %d schools, %d formations, %d links school → formation",
		len(b), gz, searchBudget, len(x.Etablissements), len(x.Formations), links(x))
	if gz > searchBudget {
		t.Errorf("recherche/index.json weighs %d bytes gzip -9, over its budget of %d", gz, searchBudget)
	}
	for _, sg := range sigles {
		if len(x.Sigles[sg.Sigle]) == 0 {
			t.Errorf("sigle %s (%s) names no formation of the real build: drop it or fix its libellé", sg.Sigle, sg.Libelle)
		}
	}
}

func links(x rawIndex) int {
	n := 0
	for _, s := range x.Etablissements {
		n += len(s[4].([]any))
	}
	return n
}

// TestSiglesBCN checks each abbreviation against the BCN itself, read here
// independently of package load: some diploma of one of its niveaux
// (LIBELLE_COURT) has a long label (LIBELLE_LONG_200) that starts with the
// sigle's libellé.
func TestSiglesBCN(t *testing.T) {
	path := filepath.Join(realData(t), "tjp-pilotage", "nFormationDiplome_.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = charmap.Windows1252.NewDecoder().Bytes(b); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	niveau, label := slices.Index(recs[0], "LIBELLE_COURT"), slices.Index(recs[0], "LIBELLE_LONG_200")
	if niveau < 0 || label < 0 {
		t.Fatalf("%s: header %v", path, recs[0])
	}
	for _, sg := range sigles {
		var found []string
		for _, rec := range recs[1:] {
			if len(rec) > label && slices.Contains(sg.Niveaux, rec[niveau]) {
				if strings.HasPrefix(fold(rec[label]), sg.Libelle) {
					found = append(found, rec[0]+" "+rec[label])
				}
			}
		}
		if len(found) == 0 {
			t.Errorf("sigle %s: no diploma %v of the BCN is labelled %q…", sg.Sigle, sg.Niveaux, sg.Libelle)
		} else {
			t.Logf("%-5s %s", sg.Sigle, strings.Join(found, " | "))
		}
	}
}

// A cheap guard on the search script, as TestOrionJS on orion.js: it
// requests nothing from another site, writes no HTML as text, and reads
// the markup the templates emit.
func TestRechercheJS(t *testing.T) {
	b, err := os.ReadFile("../../assets/js/recherche.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	for _, s := range []string{"http://", "https://", "innerHTML", "eval(", "new Function", ".style."} {
		if strings.Contains(js, s) {
			t.Errorf("recherche.js uses %s", s)
		}
	}
	for _, s := range []string{"form.site-search[data-index]", "data-suggestions", "data-results", "ul.search-results", "aria-live", "URLSearchParams", "Voir les "} {
		if !strings.Contains(js, s) {
			t.Errorf("recherche.js does not handle %q", s)
		}
	}
}
