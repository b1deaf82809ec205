package content

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	contentfs "github.com/orion-static/orion/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The editorial pages the site links to from its footer and from other pages.
var wantSlugs = []string{"accessibilite", "donnees", "donnees-personnelles", "glossaire", "mentions-legales", "methodologie"}

func realPages(t *testing.T) map[string]Page {
	t.Helper()
	pages, err := Pages(contentfs.FS)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]Page{}
	var slugs []string
	for _, p := range pages {
		m[p.Slug] = p
		slugs = append(slugs, p.Slug)
	}
	if diff := cmp.Diff(wantSlugs, slugs); diff != "" {
		t.Fatalf("content pages (-want +got):\n%s", diff)
	}
	return m
}

var (
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
	hrefRE = regexp.MustCompile(`\shref="([^"]*)"`)
	slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func TestRealContent(t *testing.T) {
	for slug, p := range realPages(t) {
		t.Run(slug, func(t *testing.T) {
			if p.Title == "" || p.Description == "" {
				t.Errorf("title %q, description %q: both are required", p.Title, p.Description)
			}
			h2 := 0
			for _, h := range p.Headings {
				if h.Level == 2 {
					h2++
				}
				if h.Text == "" {
					t.Errorf("heading %q has no text", h.ID)
				}
			}
			if h2 == 0 {
				t.Error("no h2: the table of contents would be empty")
			}
			html := string(p.HTML)
			seen := map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(html, -1) {
				id := m[1]
				if !slugRE.MatchString(id) {
					t.Errorf("id %q is not an ASCII slug", id)
				}
				if seen[id] {
					t.Errorf("id %q appears twice", id)
				}
				seen[id] = true
			}
			if strings.Contains(html, "raw HTML omitted") {
				t.Error("the markdown holds raw HTML, which is not rendered")
			}
			if strings.Contains(html, "<h1") {
				t.Error("an h1 in content: the page title is the h1")
			}
		})
	}
}

// Other pages link to the glossary by anchor; renaming a heading breaks them.
func TestGlossaryAnchors(t *testing.T) {
	g := realPages(t)["glossaire"]
	ids := map[string]bool{}
	for _, h := range g.Headings {
		ids[h.ID] = true
	}
	for _, id := range []string{
		"effectif", "effectif-d-entree", "nombre-de-formations", "capacite-d-accueil", "premiers-voeux",
		"taux-de-pression", "taux-de-demande", "taux-de-remplissage",
		"taux-d-emploi-a-6-mois", "taux-d-emploi-a-12-mois", "taux-de-poursuite-d-etudes", "taux-de-devenir-favorable",
		"valeur-ajoutee", "quadrant", "secret-statistique", "millesime", "echelle-des-taux", "taux-de-chomage",
		"voie-scolaire-et-apprentissage", "niveau-de-diplome", "dispositif-de-formation", "famille-de-metiers",
		"nsf", "cfd", "mef-stat-11", "uai",
	} {
		if !ids[id] {
			t.Errorf("glossary has no heading #%s", id)
		}
	}
}

// Ids that the layout and the data page already use: a heading with the same
// id would make the anchor ambiguous.
var (
	layoutIDs  = []string{"contenu", "recherche", "recherche-input", "recherche-page", "sommaire-titre"}
	donneesIDs = []string{"fichiers", "sources", "anomalies"} // sections built by generator/page
)

func TestNoIDClash(t *testing.T) {
	for slug, p := range realPages(t) {
		reserved := layoutIDs
		if slug == "donnees" {
			reserved = append(reserved[:len(reserved):len(reserved)], donneesIDs...)
		}
		for _, h := range p.Headings {
			for _, r := range reserved {
				if h.ID == r {
					t.Errorf("%s: heading id %q is already used by the page around it", slug, h.ID)
				}
			}
		}
	}
}

// The site's URLs a content page may link to, besides content pages.
var sitePaths = map[string]bool{
	"/": true, "/regions/": true, "/departements/": true, "/etablissements/": true, "/formations/": true, "/domaines/": true,
	"/donnees/regions.csv": true, "/donnees/departements.csv": true, "/donnees/etablissements.csv": true,
	"/donnees/formations.csv": true, "/donnees/domaines.csv": true, "/donnees/offres.csv": true,
	"/donnees/insertion-regions.csv": true, "/donnees/insertion-etablissements.csv": true,
	"/donnees/sources.csv": true, "/donnees/lignes-particulieres.csv": true, "/donnees/indicateurs.csv": true,
}

func TestInternalLinks(t *testing.T) {
	pages := realPages(t)
	anchors := map[string]map[string]bool{}
	for slug, p := range pages {
		anchors[slug] = map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(string(p.HTML), -1) {
			anchors[slug][m[1]] = true
		}
	}
	for _, id := range donneesIDs {
		anchors["donnees"][id] = true
	}
	for slug, p := range pages {
		for _, m := range hrefRE.FindAllStringSubmatch(string(p.HTML), -1) {
			href := m[1]
			if strings.HasPrefix(href, "https://") {
				continue
			}
			path, frag, _ := strings.Cut(href, "#")
			target := slug
			switch {
			case path == "":
			case strings.HasPrefix(path, "/") && strings.HasSuffix(path, "/") && anchors[strings.Trim(path, "/")] != nil:
				target = strings.Trim(path, "/")
			case sitePaths[path]:
				if frag != "" {
					t.Errorf("%s: link %q: anchors are only checked on content pages", slug, href)
				}
				continue
			default:
				t.Errorf("%s: link %q goes to no known page of the site", slug, href)
				continue
			}
			if frag != "" && !anchors[target][frag] {
				t.Errorf("%s: link %q: page %s has no #%s", slug, href, target, frag)
			}
		}
	}
}

// Every CSV column the site writes is explained on the data page; the
// columns are the csv tags of generator/page, read as source text. The
// columns of declared figures (`ind` tags) are explained by the dictionary
// of indicators that the data page builds from their declarations.
func TestDataPageDocumentsEveryColumn(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "page", "*.go"))
	if err != nil || len(files) == 0 {
		t.Skipf("generator/page sources not found: %v", err)
	}
	tagRE := regexp.MustCompile("csv:\"([a-z0-9_]+)\"")
	cols := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tagRE.FindAllStringSubmatch(string(src), -1) {
			cols[m[1]] = true
		}
	}
	md, err := fs.ReadFile(contentfs.FS, "donnees.md")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for c := range cols {
		if !strings.Contains(string(md), "`"+c+"`") {
			missing = append(missing, c)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("CSV columns written by generator/page but not described in content/donnees.md: %s", strings.Join(missing, ", "))
	}
}

func TestRawHTMLNotRendered(t *testing.T) {
	src := "---\ntitle: T\ndescription: D\n---\n\n## Titre\n\n<script>alert(1)</script>\n\n" +
		"<div onclick=\"x()\">bloc</div>\n\nDu <b onclick=\"y()\">gras</b>, un [lien](javascript:alert(2)) " +
		"et <img src=x onerror=alert(3)>.\n"
	p, err := render(newMarkdown(), "t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	html := string(p.HTML)
	for _, bad := range []string{"<script", "onclick", "onerror", "javascript:", "<div", "<img", "<b>", "<b "} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	if !strings.Contains(html, "raw HTML omitted") {
		t.Errorf("raw HTML should be replaced by goldmark's omission comment:\n%s", html)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, src, want string
	}{
		{"no front matter", "a.md", "## Titre\n", "content a.md:1: missing front matter"},
		{"empty file", "a.md", "", "content a.md:1: missing front matter"},
		{"missing title", "b.md", "---\ndescription: D\n---\n## T\n", "content b.md:3: missing title"},
		{"missing description", "b.md", "---\ntitle: T\n---\n## T\n", "content b.md:3: missing description"},
		{"unknown key", "c.md", "---\ntitle: T\nauteur: X\ndescription: D\n---\n", `content c.md:3: unknown front matter key "auteur"`},
		{"duplicate key", "c.md", "---\ntitle: T\ntitle: U\n---\n", `content c.md:3: front matter key "title" already set on line 2`},
		{"not key value", "c.md", "---\ntitle T\n---\n", "content c.md:2: front matter line must be"},
		{"empty value", "c.md", "---\ntitle: \"\"\n---\n", "content c.md:2: empty title"},
		{"not closed", "d.md", "---\ntitle: T\ndescription: D\n\n", "content d.md:1: front matter is not closed"},
		{"h1", "e.md", "---\ntitle: T\ndescription: D\n---\n\ntexte\n\n# Titre\n", "content e.md:8: level-1 heading"},
		{"skipped level", "e.md", "---\ntitle: T\ndescription: D\n---\n## A\n\n#### B\n", "content e.md:7: heading level 4 follows level 2"},
		{"empty heading id", "e.md", "---\ntitle: T\ndescription: D\n---\n## …\n", "content e.md:5: heading \"…\" has no letter or digit"},
		{"bad file name", "Mentions Légales.md", "---\ntitle: T\ndescription: D\n---\n", "content Mentions Légales.md: file name must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Pages(fstest.MapFS{tc.file: {Data: []byte(tc.src)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPages(t *testing.T) {
	fsys := fstest.MapFS{
		"b.md":        {Data: []byte("---\ntitle: B\ndescription: 'l''élève'\n---\n## Un\n\n### Deux\n\n#### Trois\n")},
		"a.md":        {Data: []byte("\uFEFF---\r\ntitle: A\r\ndescription: \"D : « x »\"\r\n---\r\n## Un\r\n## Un\r\n## Un 2\r\n")},
		"notes.txt":   {Data: []byte("ignored")},
		"sub/c.md":    {Data: []byte("ignored: not at the root")},
		"README.mdx":  {Data: []byte("ignored")},
		"z-vide.md":   {Data: []byte("---\ntitle: Z\ndescription: Z\n---\n")},
		"unused/x.md": {Data: []byte("")},
	}
	pages, err := Pages(fsys)
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		Slug, Title, Description string
		Headings                 []Heading
	}
	var got []page
	for _, p := range pages {
		got = append(got, page{p.Slug, p.Title, p.Description, p.Headings})
	}
	want := []page{
		{"a", "A", "D : « x »", []Heading{{2, "un", "Un"}, {2, "un-2", "Un"}, {2, "un-2-2", "Un 2"}}},
		{"b", "B", "l'élève", []Heading{{2, "un", "Un"}, {3, "deux", "Deux"}}},
		{"z-vide", "Z", "Z", nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(pages[1].HTML), `<h4 id="trois">Trois</h4>`) {
		t.Errorf("h4 should get an id too:\n%s", pages[1].HTML)
	}
}

func TestPagesReadError(t *testing.T) {
	_, err := Pages(brokenFS{})
	if err == nil || !strings.Contains(err.Error(), "content x.md") {
		t.Errorf("error = %v, want it to name x.md", err)
	}
}

type brokenFS struct{}

func (brokenFS) Open(name string) (fs.File, error) {
	if name == "." {
		return fstest.MapFS{"x.md": {}}.Open(".")
	}
	return nil, errors.New("disk on fire")
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Taux d'emploi à 6 mois":       "taux-d-emploi-a-6-mois",
		"Taux de poursuite d’études":   "taux-de-poursuite-d-etudes",
		"Capacité d'accueil":           "capacite-d-accueil",
		"Premiers vœux":                "premiers-voeux",
		"  Œuvres & « Élèves »  ":      "oeuvres-eleves",
		"regions.csv":                  "regions-csv",
		"MEF STAT 11":                  "mef-stat-11",
		"Ça, c'est l'ÆGIS – ß":         "ca-c-est-l-aegis-ss",
		"insertion-etablissements.csv": "insertion-etablissements-csv",
		"…":                            "",
		"":                             "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "fixture.md"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := render(newMarkdown(), "fixture.md", src)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("slug: " + p.Slug + "\ntitle: " + p.Title + "\ndescription: " + p.Description + "\nheadings:\n")
	for _, h := range p.Headings {
		b.WriteString("  h" + string(rune('0'+h.Level)) + " #" + h.ID + " " + h.Text + "\n")
	}
	b.WriteString("html:\n" + string(p.HTML))
	got := b.String()
	golden := filepath.Join("testdata", "fixture.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("rendered fixture (-want +got):\n%s", diff)
	}
}
