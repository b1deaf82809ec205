package render

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/json"

	"github.com/orion-static/orion/generator/page"
	"github.com/orion-static/orion/generator/page/console"
	"github.com/orion-static/orion/generator/page/pagetest"
	"github.com/orion-static/orion/templates"
)

// TestMinifiedTemplates: the templates are minified before they are parsed
// (the line breaks beside actions dropped); every page rendered from them
// must be, for a minifier, the page rendered from the templates as
// written, and no larger.
func TestMinifiedTemplates(t *testing.T) {
	assets := map[string]string{}
	for _, a := range []string{"apple-touch-icon.png", "dsfr.css", "dsfr.module.js", "dsfr.nomodule.js", "echarts.js", "favicon.svg",
		"filtre.js", "fonts/Marianne-Regular.woff2", "orion.js", "propositions.js", "recherche.js", "site.css"} {
		assets[a] = "/assets/" + a
	}
	minified, err := New(templates.FS, assets)
	if err != nil {
		t.Fatal(err)
	}
	asWritten, err := parse(templates.FS, assets, func(b []byte) ([]byte, error) { return b, nil })
	if err != nil {
		t.Fatal(err)
	}
	s, err := page.Build(pagetest.Data(), page.Options{
		Fictional: true, DataName: "test", DataVersion: "v1",
		Propositions: &page.Propositions{Synthese: &console.Synthese{}, Campagne: 2026, APIURL: "/api/propositions"},
		Contents:     []page.Content{{Slug: "methodologie", Title: "Méthodologie", HTML: "<h2 id=\"a\">A</h2>\n<p>Texte,\nsur deux lignes.</p>\n", TOC: []page.Link{{Href: "#a", Text: "A"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The pass pages went through before: pageMinifier on the HTML and
	// the JSON islands.
	m := minify.New()
	pm := pageMinifier
	m.Add("text/html", &pm)
	m.AddFunc("application/json", json.Minify)
	kinds := map[page.Kind]bool{}
	for _, p := range s.Pages {
		kinds[p.Kind] = true
		got, err := minified.Page(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := asWritten.Page(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > len(want) {
			t.Errorf("%s: %d bytes from the minified templates, %d from the templates as written", p.Path, len(got), len(want))
		}
		gotMin, err := m.Bytes("text/html", got)
		if err != nil {
			t.Fatal(err)
		}
		wantMin, err := m.Bytes("text/html", want)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(wantMin), string(gotMin)); diff != "" {
			t.Errorf("%s: the minified templates change the page (-as written +minified):\n%s", p.Path, diff)
		}
	}
	for _, k := range []page.Kind{page.KindRegion, page.KindDepartement, page.KindEtablissement, page.KindFormation, page.KindDomaine, page.KindIndex, page.KindAccueil, page.KindContenu, page.KindErreur, page.KindPropositions} {
		if !kinds[k] {
			t.Errorf("no %s page in the fixture: the test no longer covers its template", k)
		}
	}
}
