// Package content renders the editorial pages of the site (glossary,
// methodology, data catalogue, legal pages) from markdown files.
//
// # Format of a content file
//
// A content file is a UTF-8 markdown file at the root of the file system
// given to [Pages]. Its name, without ".md", is the page's slug and URL
// (/<slug>/); it is made of lowercase ASCII letters, digits and hyphens.
//
// The file starts with a front matter block: a line "---", one "key: value"
// line per key, and a closing "---" line. The keys are
//
//	title:        the page title (its only h1, written by the templates)
//	description:  one sentence for search engines and link previews
//
// and both are required. A value may be wrapped in double or single quotes.
//
// The body is CommonMark with the GitHub extensions (tables, strikethrough,
// task lists, autolinks). Typographic replacements are off: write French
// punctuation as it should appear (« », ’, non-breaking spaces). Raw HTML is
// not rendered, and links with a dangerous scheme (javascript:) are
// neutralised. Headings start at level 2 (the title is the h1) and never
// skip a level. Each heading gets an id that is an ASCII slug of its text
// ("Taux d'emploi à 6 mois" → "taux-d-emploi-a-6-mois"), made unique within
// the page by a "-2", "-3"… suffix; links to a heading of another page use
// absolute paths such as /glossaire/#taux-de-pression. Tables get the DSFR
// table structure, and their header cells scope="col".
package content

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

// Page is a rendered content file.
type Page struct {
	Slug, Title, Description string
	HTML                     template.HTML
	Headings                 []Heading // h2 and h3, in document order
}

// Heading is a section heading with its generated id, for a table of
// contents.
type Heading struct {
	Level    int
	ID, Text string
}

// Pages renders every *.md file at the root of fsys, sorted by slug.
func Pages(fsys fs.FS) ([]Page, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	sort.Slice(names, func(i, j int) bool { // by slug: "donnees" before "donnees-personnelles"
		return strings.TrimSuffix(names[i], ".md") < strings.TrimSuffix(names[j], ".md")
	})
	md := newMarkdown()
	pages := make([]Page, 0, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("content %s: %w", name, err)
		}
		p, err := render(md, name, src)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// newMarkdown is GFM without the typographer (it would put English curly
// quotes in French text) and without raw HTML (goldmark's default).
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM))
}

// render turns one file into a Page; errors name the file and line.
func render(md goldmark.Markdown, name string, src []byte) (Page, error) {
	slug := strings.TrimSuffix(path.Base(name), ".md")
	if !validSlug(slug) {
		return Page{}, fmt.Errorf("content %s: file name must be lowercase ASCII letters, digits and hyphens", name)
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	fm, body, offset, err := frontMatter(name, src)
	if err != nil {
		return Page{}, err
	}
	doc := md.Parser().Parse(text.NewReader(body))
	headings, err := headingIDs(doc, body, name, offset)
	if err != nil {
		return Page{}, err
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return Page{}, fmt.Errorf("content %s: render: %w", name, err)
	}
	out := wrapTables(buf.String(), fm["title"])
	return Page{
		Slug:        slug,
		Title:       fm["title"],
		Description: fm["description"],
		HTML:        template.HTML(out), // goldmark output, raw HTML omitted
		Headings:    headings,
	}, nil
}

// wrapTables wraps markdown tables in the DSFR table structure (multiline:
// their cells hold prose) and marks their header cells as column headers
// (RGAA 5.7). A narrow screen scrolls a table sideways: its container is a
// focusable region, so that the keyboard can scroll it too, named by the
// heading above the table (or the page title). Raw HTML is never
// rendered, so every <table> and <th here comes from a markdown table.
func wrapTables(html, title string) string {
	var b strings.Builder
	label := `aria-label="` + template.HTMLEscapeString(title) + `"`
	for {
		i := strings.Index(html, "<table>")
		if i < 0 {
			b.WriteString(html)
			break
		}
		before := html[:i]
		b.WriteString(before)
		if m := headingID.FindAllStringSubmatch(before, -1); len(m) > 0 {
			label = `aria-labelledby="` + m[len(m)-1][1] + `"`
		}
		b.WriteString(`<div class="fr-table fr-table--multiline"><div class="fr-table__wrapper"><div class="fr-table__container" tabindex="0" role="region" ` +
			label + `><div class="fr-table__content"><table>`)
		html = html[i+len("<table>"):]
	}
	return cells.Replace(b.String())
}

var (
	headingID = regexp.MustCompile(`<h[2-6] id="([^"]+)"`)
	cells     = strings.NewReplacer(
		"</table>", "</table></div></div></div></div>",
		"<th>", `<th scope="col">`,
		"<th ", `<th scope="col" `,
	)
)

func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

var frontMatterKeys = []string{"title", "description"}

// frontMatter reads the leading "---" block. It returns its values, the
// body after it and the number of lines before the body.
func frontMatter(name string, src []byte) (map[string]string, []byte, int, error) {
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t\n") != "---" {
		return nil, nil, 0, fmt.Errorf("content %s:1: missing front matter: the file must start with a \"---\" line", name)
	}
	fm := map[string]string{}
	keyLine := map[string]int{}
	for i := 1; i < len(lines); i++ {
		n := i + 1 // 1-based line number
		line := strings.TrimRight(lines[i], " \t\n")
		if line == "---" {
			for _, k := range frontMatterKeys {
				if fm[k] == "" {
					return nil, nil, 0, fmt.Errorf("content %s:%d: missing %s in front matter", name, n, k)
				}
			}
			body := []byte(strings.Join(lines[i+1:], ""))
			return fm, body, i + 1, nil
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, 0, fmt.Errorf("content %s:%d: front matter line must be \"key: value\", got %q", name, n, line)
		}
		key = strings.TrimSpace(key)
		if !known(key) {
			return nil, nil, 0, fmt.Errorf("content %s:%d: unknown front matter key %q (expected %s)", name, n, key, strings.Join(frontMatterKeys, ", "))
		}
		if prev, dup := keyLine[key]; dup {
			return nil, nil, 0, fmt.Errorf("content %s:%d: front matter key %q already set on line %d", name, n, key, prev)
		}
		v, err := unquote(strings.TrimSpace(value))
		if err != nil {
			return nil, nil, 0, fmt.Errorf("content %s:%d: %s: %w", name, n, key, err)
		}
		if v == "" {
			return nil, nil, 0, fmt.Errorf("content %s:%d: empty %s in front matter", name, n, key)
		}
		fm[key], keyLine[key] = v, n
	}
	return nil, nil, 0, fmt.Errorf("content %s:1: front matter is not closed by a \"---\" line", name)
}

func known(key string) bool {
	for _, k := range frontMatterKeys {
		if k == key {
			return true
		}
	}
	return false
}

func unquote(v string) (string, error) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		u, err := strconv.Unquote(v)
		if err != nil {
			return "", fmt.Errorf("bad double-quoted value %s", v)
		}
		return u, nil
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), nil
	}
	return v, nil
}

// headingIDs checks the heading levels, sets an id on every heading and
// returns the h2 and h3 for a table of contents. offset is the number of
// lines before body in the file, for error positions.
func headingIDs(doc ast.Node, body []byte, name string, offset int) ([]Heading, error) {
	var out []Heading
	used := map[string]bool{}
	prev := 1 // the page title is the h1
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		line := offset + lineOf(h, body)
		switch {
		case h.Level == 1:
			return ast.WalkStop, fmt.Errorf("content %s:%d: level-1 heading: the page title is the only h1, start at ##", name, line)
		case h.Level > prev+1:
			return ast.WalkStop, fmt.Errorf("content %s:%d: heading level %d follows level %d: do not skip a level", name, line, h.Level, prev)
		}
		prev = h.Level
		txt := strings.Join(strings.Fields(plainText(h, body)), " ")
		id := Slug(txt)
		if id == "" {
			return ast.WalkStop, fmt.Errorf("content %s:%d: heading %q has no letter or digit to make an id from", name, line, txt)
		}
		base := id
		for i := 2; used[id]; i++ {
			id = base + "-" + strconv.Itoa(i)
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
		if h.Level <= 3 {
			out = append(out, Heading{Level: h.Level, ID: id, Text: txt})
		}
		return ast.WalkSkipChildren, nil
	})
	return out, err
}

// lineOf is the 1-based line of a block in body (0 if unknown).
func lineOf(n ast.Node, body []byte) int {
	for ; n != nil; n = n.PreviousSibling() {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			return bytes.Count(body[:l.At(0).Start], []byte("\n")) + 1
		}
	}
	return 0
}

// plainText is the text of an inline tree, as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// Slug is the ASCII id of a heading text: accents removed, ligatures spelt
// out, lowercase, every run of other characters turned into one hyphen.
func Slug(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent
		}
		r = unicode.ToLower(r)
		var w string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			w = string(r)
		case r == 'œ':
			w = "oe"
		case r == 'æ':
			w = "ae"
		case r == 'ß':
			w = "ss"
		default:
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteString(w)
	}
	return b.String()
}
