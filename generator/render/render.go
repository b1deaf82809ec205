// Package render turns typed page data into HTML with html/template. The
// template set is parsed once from an fs.FS; rendering never queries data.
// Chart options are emitted as JSON islands through html/template, which
// escapes them for the script context, never as raw snippets.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"

	"github.com/orion-static/orion/generator/page"
)

// Renderer holds the parsed templates.
type Renderer struct {
	page *template.Template
}

// New parses layout.html and page.html from fsys; assets maps a logical
// asset name ("dsfr.css") to its content-hashed URL.
func New(fsys fs.FS, assets map[string]string) (*Renderer, error) {
	funcs := template.FuncMap{
		"asset":     func(name string) string { return assets[name] },
		"nav":       func() []page.Link { return page.Nav },
		"capacites": func() []page.Option { return page.Capacites },
		"tbody":     tbody,
	}
	t, err := template.New("layout").Option("missingkey=error").Funcs(funcs).ParseFS(fsys, "layout.html", "page.html")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	for _, required := range []string{"dsfr.css", "site.css", "dsfr.module.js", "dsfr.nomodule.js"} {
		if assets[required] == "" {
			return nil, fmt.Errorf("render: asset %s missing", required)
		}
	}
	return &Renderer{page: t}, nil
}

// Page renders one page.
func (r *Renderer) Page(p *page.Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.PageTo(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PageTo renders a page at the end of buf: a buffer reused from page to
// page grows once instead of on every page.
func (r *Renderer) PageTo(buf *bytes.Buffer, p *page.Page) error {
	if err := r.page.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	return nil
}
