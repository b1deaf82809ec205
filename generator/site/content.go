package site

import (
	contentfs "github.com/orion-static/orion/content"
	"github.com/orion-static/orion/generator/content"
	"github.com/orion-static/orion/generator/page"
)

// contents renders the editorial pages (content/*.md), each with a table
// of contents made of its h2 headings.
func contents() ([]page.Content, error) {
	pages, err := content.Pages(contentfs.FS)
	if err != nil {
		return nil, err
	}
	var out []page.Content
	for _, c := range pages {
		pc := page.Content{Slug: c.Slug, Title: c.Title, Description: c.Description, HTML: c.HTML}
		for _, h := range c.Headings {
			if h.Level == 2 {
				pc.TOC = append(pc.TOC, page.Link{Href: "#" + h.ID, Text: h.Text})
			}
		}
		out = append(out, pc)
	}
	return out, nil
}
