package site

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var (
	// attrRe finds every link-like attribute of a page, whatever its form.
	attrRe = regexp.MustCompile(`\s(href|src|action|srcset|poster|data)="([^"]*)"`)
	idRe   = regexp.MustCompile(`\sid="([^"]+)"`)
	// cssURLRe finds the url() references of a style sheet.
	cssURLRe = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)
	locRe    = regexp.MustCompile(`<loc>([^<]*)</loc>`)
)

// entityKinds are the page types with an index listing one page per entity.
var entityKinds = []string{"regions", "departements", "etablissements", "formations", "domaines"}

// siteLinks is the link graph of a built site.
type siteLinks struct {
	pages    []string                   // every page, as its path ("/regions/84/")
	from     map[string]map[string]bool // target path → pages linking to it
	problems []string                   // dead or malformed links, missing anchors, bad sitemap
}

// linkGraph reads every HTML and CSS file of out. Internal links are
// root-relative ("/…") or absolute on base (the canonical links); a
// relative link, a "//host" link or a request to another host (src,
// stylesheet) is a problem, as is a link to a file that does not exist, a
// same-page "#anchor" without its id, and a sitemap.xml that does not list
// exactly the pages.
func linkGraph(t *testing.T, out, base string) *siteLinks {
	t.Helper()
	g := &siteLinks{from: map[string]map[string]bool{}}
	bad := func(format string, args ...any) {
		g.problems = append(g.problems, fmt.Sprintf(format, args...))
	}
	exists := func(p string) bool {
		f := filepath.Join(out, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			f = filepath.Join(f, "index.html")
		}
		st, err := os.Stat(f)
		return err == nil && !st.IsDir()
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(must(filepath.Rel(out, p)))
		switch {
		case strings.HasSuffix(p, ".css"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range cssURLRe.FindAllStringSubmatch(string(b), -1) {
				u := m[1]
				if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "#") {
					continue
				}
				if strings.Contains(u, "//") {
					bad("%s: url(%s) leaves the site", rel, u)
					continue
				}
				target := u
				if !strings.HasPrefix(u, "/") {
					target = path.Join(path.Dir("/"+rel), u)
				}
				if i := strings.IndexAny(target, "?#"); i >= 0 {
					target = target[:i]
				}
				if !exists(target) {
					bad("%s: url(%s) → %s does not exist", rel, u, target)
				}
			}
			return nil
		case !strings.HasSuffix(p, ".html"):
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		page := "/" + strings.TrimSuffix(rel, "index.html")
		if rel != "404.html" {
			g.pages = append(g.pages, page)
		}
		ids := map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(string(b), -1) {
			ids[m[1]] = true
		}
		for _, m := range attrRe.FindAllStringSubmatch(string(b), -1) {
			attr, raw := m[1], htmlUnescape(m[2])
			if attr == "data" || attr == "srcset" || attr == "poster" {
				bad("%s: %s=%q is not checked by this test: extend it", rel, attr, raw)
				continue
			}
			switch {
			case raw == "":
				bad("%s: empty %s", rel, attr)
				continue
			case strings.HasPrefix(raw, "#"):
				if attr == "href" && raw != "#" && !ids[raw[1:]] {
					bad("%s: href=%q: no element has this id", rel, raw)
				}
				continue
			case strings.HasPrefix(raw, "mailto:") || strings.HasPrefix(raw, "tel:"):
				continue
			case strings.HasPrefix(raw, "//"):
				bad("%s: %s=%q: scheme-relative link", rel, attr, raw)
				continue
			}
			if base != "" && strings.HasPrefix(raw, base+"/") {
				raw = strings.TrimPrefix(raw, base)
			}
			if strings.HasPrefix(raw, "http://") || strings.HasPrefix(raw, "https://") {
				if attr != "href" || strings.Contains(m[0], "stylesheet") {
					bad("%s: %s=%q: a request outside the site", rel, attr, raw)
				}
				continue // a link to another site, followed only by a click
			}
			if attr == "action" && strings.HasPrefix(raw, "/api/") {
				continue // the proposals handler, served beside the site
			}
			if !strings.HasPrefix(raw, "/") {
				bad("%s: %s=%q: relative link (links are root-relative)", rel, attr, raw)
				continue
			}
			u, err := url.Parse(raw)
			if err != nil {
				bad("%s: %s=%q: %v", rel, attr, raw, err)
				continue
			}
			if !exists(u.Path) {
				bad("%s → %s: no such file", rel, u.Path)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(u.Path, "/") && u.Path != page {
				// An anchor into another page: that page must have the id.
				tb, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(u.Path), "index.html"))
				if !strings.Contains(string(tb), ` id="`+u.Fragment+`"`) {
					bad("%s → %s: %s has no id %q", rel, raw, u.Path, u.Fragment)
				}
			}
			if u.Path != page {
				if g.from[u.Path] == nil {
					g.from[u.Path] = map[string]bool{}
				}
				g.from[u.Path][page] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if base == "" {
		// A sitemap needs absolute URLs: without a base URL there is none.
		if err == nil {
			bad("sitemap.xml written without a base URL: its <loc> cannot be absolute")
		}
		return g
	}
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, m := range locRe.FindAllStringSubmatch(string(sm), -1) {
		u, err := url.Parse(m[1])
		if err != nil || !u.IsAbs() || !strings.HasPrefix(m[1], base+"/") {
			bad("sitemap.xml: %q is not an absolute URL under %s (%v)", m[1], base, err)
			continue
		}
		listed = append(listed, u.Path)
	}
	sort.Strings(g.pages)
	sort.Strings(listed)
	for _, d := range diff(g.pages, listed) {
		bad("sitemap.xml does not list %s", d)
	}
	for _, d := range diff(listed, g.pages) {
		bad("sitemap.xml lists %s, which is not a page", d)
	}
	return g
}

// orphans lists the pages that no other page links to (the home page
// aside) and the entity pages their index does not link to.
func (g *siteLinks) orphans() []string {
	var out []string
	for _, p := range g.pages {
		if p != "/" && len(g.from[p]) == 0 {
			out = append(out, p+" is linked from no other page")
		}
		parts := strings.Split(strings.Trim(p, "/"), "/")
		if len(parts) == 2 && slices.Contains(entityKinds, parts[0]) && !g.from[p]["/"+parts[0]+"/"] {
			out = append(out, p+" is not linked from its index /"+parts[0]+"/")
		}
	}
	return out
}

// checkWholeSite is the whole-site check, without a browser: every
// internal href/src/action and every CSS url() resolves, same-page anchors
// exist, every entity page is linked from its index, no page is orphaned
// and sitemap.xml lists exactly the pages.
func checkWholeSite(t *testing.T, out, base string) {
	t.Helper()
	g := linkGraph(t, out, base)
	problems := append(g.problems, g.orphans()...)
	for i, p := range problems {
		if i == 30 {
			t.Errorf("… and %d more", len(problems)-i)
			break
		}
		t.Error(p)
	}
	links := 0
	for _, f := range g.from {
		links += len(f)
	}
	t.Logf("%d pages, %d distinct internal links between pages, %d problems", len(g.pages), links, len(problems))
	for _, k := range entityKinds {
		n := 0
		for _, p := range g.pages {
			if strings.HasPrefix(p, "/"+k+"/") && p != "/"+k+"/" {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no %s page", k)
		}
	}
}

func TestFixtureWholeSite(t *testing.T) {
	checkWholeSite(t, buildFixture(t), "")
}

func TestRealWholeSite(t *testing.T) {
	out, _ := buildReal(t)
	checkWholeSite(t, out, "https://orion.example.fr")
}

// TestWholeSiteCheckFails breaks a built fixture site in each way the
// check must catch, so that a check that cannot fail does not pass.
func TestWholeSiteCheckFails(t *testing.T) {
	out := buildFixture(t)
	g := linkGraph(t, out, "")
	if len(g.problems)+len(g.orphans()) != 0 {
		t.Fatalf("the fixture site is not clean: %v %v", g.problems, g.orphans())
	}
	var entity string
	for _, p := range g.pages {
		if strings.HasPrefix(p, "/formations/") && p != "/formations/" {
			entity = p
			break
		}
	}
	index := filepath.Join(out, "formations", "index.html")
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	// The index no longer links to the entity, and links to a missing page,
	// a relative path and an absent anchor.
	broken := strings.ReplaceAll(string(b), `href="`+entity+`"`, `href="/formations/absente/"`)
	broken = strings.Replace(broken, "</main>", `<a href="relative/">r</a><a href="#nulle-part">n</a></main>`, 1)
	if err := os.WriteFile(index, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	g = linkGraph(t, out, "")
	all := strings.Join(append(g.problems, g.orphans()...), "\n")
	for _, want := range []string{
		"formations/index.html → /formations/absente/: no such file",
		`href="relative/": relative link`,
		`href="#nulle-part": no element has this id`,
		entity + " is not linked from its index /formations/",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the check misses %q; it reported:\n%s", want, all)
		}
	}
}

func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var htmlUnescape = strings.NewReplacer("&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&lt;", "<", "&gt;", ">").Replace
