package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/orion-static/orion/generator/page"
)

// siteFiles are the files describing the site as a whole: sitemap.xml,
// robots.txt and the search index.
func siteFiles(s *page.Site, baseURL string) []page.File {
	var sm bytes.Buffer
	sm.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, p := range s.Pages {
		if p.Kind == "erreur" {
			continue
		}
		fmt.Fprintf(&sm, "<url><loc>%s</loc></url>\n", html.EscapeString(baseURL+p.Path))
	}
	sm.WriteString("</urlset>\n")
	robots := "User-agent: *\nAllow: /\n"
	if baseURL != "" {
		robots += "Sitemap: " + baseURL + "/sitemap.xml\n"
	}
	type entry struct {
		T string `json:"t"`
		U string `json:"u"`
		K string `json:"k"`
		D string `json:"d,omitempty"`
	}
	var idx []entry
	for _, p := range s.Pages {
		kind := map[string]string{"region": "Région", "departement": "Département", "etablissement": "Établissement",
			"formation": "Formation", "domaine": "Domaine"}[p.Kind]
		if kind == "" {
			continue
		}
		var d []string
		for _, f := range p.Identity {
			if f.Label == "Commune" || f.Label == "UAI" || f.Label == "Code formation diplôme (CFD)" || f.Label == "Code département" {
				d = append(d, f.Value)
			}
		}
		idx = append(idx, entry{T: p.Title, U: p.Path, K: kind, D: strings.Join(d, " · ")})
	}
	js, _ := json.Marshal(idx)
	return []page.File{
		{Path: "/sitemap.xml", Data: sm.Bytes()},
		{Path: "/robots.txt", Data: []byte(robots)},
		{Path: "/recherche/index.json", Data: js},
	}
}
