// Package render turns typed page data into HTML with html/template. The
// template set is parsed once from an fs.FS, minified before it is parsed
// (so that pages come out minified with no pass over each page); rendering
// never queries data. Each page's text then gets the no-break spaces of
// French typography (package typo).
// Chart options are emitted as JSON islands through html/template, which
// escapes them for the script context, never as raw snippets.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"

	"github.com/orion-static/orion/generator/page"
	"github.com/orion-static/orion/generator/typo"
)

// Renderer holds the parsed templates.
type Renderer struct {
	page *template.Template
}

// New parses layout.html and page.html from fsys; assets maps a logical
// asset name ("dsfr.css") to its content-hashed URL.
func New(fsys fs.FS, assets map[string]string) (*Renderer, error) {
	return parse(fsys, assets, minifyTemplate)
}

// parse parses the templates, each source through prepare.
func parse(fsys fs.FS, assets map[string]string, prepare func([]byte) ([]byte, error)) (*Renderer, error) {
	funcs := template.FuncMap{
		"asset":     func(name string) string { return assets[name] },
		"nav":       func() []page.Link { return page.Nav },
		"capacites": func() []page.Option { return page.Capacites },
		"tbody":     tbody,
	}
	t := template.New("layout").Option("missingkey=error").Funcs(funcs)
	for _, name := range []string{"layout.html", "page.html"} {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		if src, err = prepare(src); err != nil {
			return nil, fmt.Errorf("render: minify %s: %w", name, err)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
	}
	for _, required := range []string{"dsfr.css", "site.css", "dsfr.module.js", "dsfr.nomodule.js"} {
		if assets[required] == "" {
			return nil, fmt.Errorf("render: asset %s missing", required)
		}
	}
	return &Renderer{page: t}, nil
}

// minifyTemplate minifies the HTML of a template's source, its actions
// left as they are, so that pages need no minifying pass of their own
// (it took a tenth of the build's CPU): white space between tags goes, as
// do the line breaks that the minifier leaves beside actions (it cannot
// know what they print), which the templates never need as a space.
// What the actions print is compact already: escaped text, JSON, rows
// rendered by tbody, Markdown from goldmark. TestMinifiedTemplates checks
// that a page from the minified templates, once minified, is the page from
// the templates as written, once minified.
func minifyTemplate(src []byte) ([]byte, error) {
	hm := pageMinifier
	hm.TemplateDelims = html.GoTemplateDelims
	m := minify.New()
	m.Add("text/html", &hm)
	min, err := m.Bytes("text/html", src)
	if err != nil {
		return nil, err
	}
	min = actionSpace.ReplaceAll(min, []byte("$1$2"))
	return tagAction.ReplaceAll(min, []byte("$1$2")), nil
}

// pageMinifier is how pages are minified: end tags, quotes and default
// attribute values kept.
var pageMinifier = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true}

// actionSpace is a line break the minifier left after an action, before
// an action or a tag; tagAction one after a tag, before an action.
var (
	actionSpace = regexp.MustCompile(`(\}\})\s*\n\s*(\{\{|<)`)
	tagAction   = regexp.MustCompile(`(>)\s*\n\s*(\{\{)`)
)

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
	raw := scratch.Get().(*bytes.Buffer)
	defer scratch.Put(raw)
	raw.Reset()
	if err := r.page.ExecuteTemplate(raw, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	buf.Grow(raw.Len() + raw.Len()/64)
	buf.Write(typo.AppendHTML(buf.AvailableBuffer(), raw.Bytes()))
	return nil
}

// scratch holds the template's output before its typography is set.
var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}
