// Package render turns typed page data into HTML with html/template. The
// template set is parsed once from an fs.FS; rendering never queries data.
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

// New parses layout.html and page.html from fsys.
func New(fsys fs.FS) (*Renderer, error) {
	t, err := template.New("layout").Option("missingkey=error").ParseFS(fsys, "layout.html", "page.html")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return &Renderer{page: t}, nil
}

// Page renders one page.
func (r *Renderer) Page(p *page.Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.page.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", p.Path, err)
	}
	return buf.Bytes(), nil
}
