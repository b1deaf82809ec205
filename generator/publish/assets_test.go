package publish

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orion-static/orion/assets/npm"
	"github.com/orion-static/orion/generator/internal/testenv"
)

func TestTrimDSFR(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"IE-only media",
			`a{b:c}@media screen and (-ms-high-contrast:active),screen and (-ms-high-contrast:none){.x{y:z}@supports(a:b){.q{r:s}}}@media (min-width:48em){.k{l:m}}`,
			`a{b:c}@media (min-width:48em){.k{l:m}}`},
		{"a media list one query of which other browsers read",
			`@media screen and (forced-colors:active),screen and (-ms-high-contrast:none){.kept{a:b}}`,
			`@media screen and (forced-colors:active),screen and (-ms-high-contrast:none){.kept{a:b}}`},
		{"unused families, selector by selector",
			`.fr-card,.fr-btn{a:b}.fr-card__title{c:d}.fr-tile--sm .fr-btn{e:f}.fr-table{g:h}.fr-tab{i:j}.fr-link--download{k:l}.fr-tag.fr-badge,.fr-badge{m:n}`,
			`.fr-btn{a:b}.fr-table{g:h}.fr-link--download{k:l}.fr-badge{m:n}`},
		{"inside parentheses a class is not required",
			`.fr-btn:not(.fr-tag){a:b}:is(.fr-card,.fr-btn) p{c:d}`,
			`.fr-btn:not(.fr-tag){a:b}:is(.fr-card,.fr-btn) p{c:d}`},
		{"dark theme",
			`:root[data-fr-theme=dark]{--a:b}:root[data-fr-theme=dark] .fr-btn,.fr-btn{c:d}@media (prefers-color-scheme:dark){:root[data-fr-scheme=system]{e:f}}:root:not([data-fr-theme=dark]){g:h}`,
			`.fr-btn{c:d}:root:not([data-fr-theme=dark]){g:h}`},
		{"at-rules, comments and strings kept",
			`/*! DSFR */@font-face{font-family:M;src:url(a.woff2)}@keyframes k{0%{a:b}to{a:c}}.fr-card{content:"}{"}.x{content:"{"}@import url(x.css);`,
			`/*! DSFR */@font-face{font-family:M;src:url(a.woff2)}@keyframes k{0%{a:b}to{a:c}}.x{content:"{"}@import url(x.css);`},
		{"unbalanced: kept as it is",
			`a{}@media (-ms-high-contrast:none){.x{y:z}`,
			`a{}@media (-ms-high-contrast:none){.x{y:z}`},
	} {
		if got := string(trimDSFR([]byte(tt.in))); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// No template, script or content page uses a family dropped from the
// stylesheet: a page starting to use one must take it out of UnusedDSFR.
func TestUnusedDSFRIsUnused(t *testing.T) {
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	use := regexp.MustCompile(`fr-(` + strings.Join(UnusedDSFR, "|") + `)(__|--|[^a-zA-Z0-9_-]|$)`)
	for _, dir := range []string{"templates", "assets/js", "content", "generator"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(p, "testdata") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "publish/assets.go") {
				return err
			}
			switch filepath.Ext(p) {
			case ".html", ".js", ".md", ".go", ".css":
			default:
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if m := use.Find(b); m != nil {
				t.Errorf("%s uses %s, whose rules publish drops from the DSFR stylesheet: take it out of UnusedDSFR", p, m)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The DSFR stylesheet the site ships: the same rules for every browser
// but Internet Explorer, only the regular and bold faces of Marianne, and
// only their font files published.
func TestDSFRStylesheet(t *testing.T) {
	vendor, err := npm.FS()
	if err != nil {
		testenv.Missing(t, "%v", err)
		return
	}
	own := fstest.MapFS{"site.css": {Data: []byte("a{b:c}")}}
	a, err := BuildAssets(vendor, own)
	if err != nil {
		t.Fatal(err)
	}
	css := a.Files[a.URL["dsfr.css"]]
	orig, err := fs.ReadFile(vendor, "@gouvfr/dsfr/dist/dsfr.min.css")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(css, []byte("-ms-high-contrast")) {
		t.Error("the stylesheet keeps Internet Explorer's blocks")
	}
	if bytes.Contains(css, []byte("fr-card__")) || bytes.Contains(css, []byte("[data-fr-theme=dark] .fr-btn")) {
		t.Error("the stylesheet keeps unused components or the dark theme")
	}
	if o, c := strings.Count(string(css), "{"), strings.Count(string(css), "}"); o != c {
		t.Errorf("unbalanced stylesheet: %d { for %d }", o, c)
	}
	// Every rule outside IE's blocks is still there.
	for _, sel := range []string{".fr-header__brand{", ".fr-table", ".fr-btn--close", "@media (min-width:62em)", "prefers-reduced-motion", ".fr-breadcrumb__link", ".fr-callout", ".fr-alert--warning", ".fr-select", ".fr-checkbox-group", ".fr-badge--info", ".fr-summary__link", ".fr-skiplinks", ".fr-modal--opened", ".fr-link--download", ".fr-footer__bottom-link", ".fr-sr-only", ":root{"} {
		if bytes.Contains(orig, []byte(sel)) && !bytes.Contains(css, []byte(sel)) {
			t.Errorf("rule %q lost", sel)
		}
	}
	faces := regexp.MustCompile(`@font-face\{[^}]*\}`).FindAll(css, -1)
	if len(faces) != len(Fonts) {
		t.Errorf("%d @font-face rules, want %d: %s", len(faces), len(Fonts), faces)
	}
	var fonts []string
	for url := range a.Files {
		if strings.Contains(url, "/fonts/") {
			fonts = append(fonts, url)
		}
	}
	if len(fonts) != 2*len(Fonts) { // woff2, and woff for older browsers
		t.Errorf("fonts published: %v", fonts)
	}
	for _, f := range Fonts {
		if a.URL[f] == "" || !bytes.Contains(css, []byte("url("+a.URL[f]+")")) {
			t.Errorf("%s is not published and named by the stylesheet", f)
		}
	}
	gz := func(b []byte) int {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		return buf.Len()
	}
	t.Logf("dsfr.css: %d bytes gzip -9 (the package's: %d)", gz(css), gz(orig))
}
