package site

import (
	"bytes"
	"fmt"
	"html"

	"github.com/orion-static/orion/generator/page"
)

// siteFiles are the files describing the site as a whole: sitemap.xml,
// robots.txt and the search index, from what each page declares (its
// sitemap and index entries), pages sorted by path.
//
// A sitemap needs absolute URLs: without a base URL (--base-url) it is not
// written, and the build summary says so.
func siteFiles(pages []*page.Page, baseURL string) ([]page.File, error) {
	var files []page.File
	robots := "User-agent: *\nAllow: /\n"
	if baseURL != "" {
		var sm bytes.Buffer
		sm.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
		for _, p := range pages {
			if p.NoSitemap {
				continue
			}
			fmt.Fprintf(&sm, "<url><loc>%s</loc></url>\n", html.EscapeString(baseURL+p.Path))
		}
		sm.WriteString("</urlset>\n")
		files = append(files, page.File{Path: "/sitemap.xml", Data: sm.Bytes()})
		robots += "Sitemap: " + baseURL + "/sitemap.xml\n"
	}
	js, err := buildSearchIndex(pages)
	if err != nil {
		return nil, err
	}
	return append(files,
		page.File{Path: "/robots.txt", Data: []byte(robots)},
		page.File{Path: "/recherche/index.json", Data: js},
	), nil
}
