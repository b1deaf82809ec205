package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"github.com/orion-static/orion/assets/npm"
)

// Assets are the static files of the site under content-hashed names, and
// the URL of each by logical name ("dsfr.css", "echarts.js", "site.css"…).
type Assets struct {
	URL   map[string]string
	Files map[string][]byte // URL path → content
}

var sourceMap = regexp.MustCompile(`(?m)\n?/[/*][#@] sourceMappingURL=[^\n]*`)

// newMinifier minifies the project's own CSS and JS (pages come out
// minified from minified templates: package render).
func newMinifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	return m
}

// BuildAssets reads the shipped files of the pinned front-end packages from
// vendor (laid out like node_modules: the files embedded by package
// assets/npm) and the project's own assets from own, and names every file
// after its content.
func BuildAssets(vendor, own fs.FS) (*Assets, error) {
	a := &Assets{URL: map[string]string{}, Files: map[string][]byte{}}
	m := newMinifier()
	add := func(name string, data []byte) {
		ext := path.Ext(name)
		base := strings.TrimSuffix(name, ext)
		url := "/assets/" + base + "." + hash(data) + ext
		a.URL[name] = url
		a.Files[url] = data
	}
	for _, v := range npm.Shipped {
		data, err := fs.ReadFile(vendor, v.Src)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		data = sourceMap.ReplaceAll(data, nil)
		if v.Name == "dsfr.css" {
			data = dropFontFaces(trimDSFR(data))
			var ferr error
			data = npm.CSSURL.ReplaceAllFunc(data, func(b []byte) []byte {
				rel := string(npm.CSSURL.FindSubmatch(b)[1])
				font, err := fs.ReadFile(vendor, path.Join(npm.CSSDir, rel))
				if err != nil {
					ferr = err
					return b
				}
				add(rel, font)
				return []byte("url(" + a.URL[rel] + ")")
			})
			if ferr != nil {
				return nil, fmt.Errorf("assets: %w", ferr)
			}
		}
		add(v.Name, data)
	}
	ico, err := fs.ReadFile(vendor, npm.Favicon)
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	a.Files["/favicon.ico"] = ico // browsers ask for it at the root
	var lic bytes.Buffer
	lic.WriteString("Licences des paquets front-end intégrés au site (copiés depuis npm, versions fixées dans package.json).\n")
	for _, l := range npm.Licences {
		b, err := fs.ReadFile(vendor, l)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		fmt.Fprintf(&lic, "\n==== %s ====\n\n%s\n", strings.Split(l, "/LICENSE")[0], b)
	}
	a.Files["/assets/LICENCES.txt"] = lic.Bytes()

	names, err := fs.Glob(own, "*")
	if err != nil {
		return nil, err
	}
	jsNames, _ := fs.Glob(own, "js/*.js")
	names = append(names, jsNames...)
	sort.Strings(names)
	for _, n := range names {
		var mime string
		switch path.Ext(n) {
		case ".css":
			mime = "text/css"
		case ".js":
			mime = "text/javascript"
		default:
			continue
		}
		b, err := fs.ReadFile(own, n)
		if err != nil {
			return nil, err
		}
		min, err := m.Bytes(mime, b)
		if err != nil {
			return nil, fmt.Errorf("assets: minify %s: %w", n, err)
		}
		add(path.Base(n), min)
	}
	return a, nil
}

// Fonts are the faces of the DSFR stylesheet the site ships: Marianne
// regular and bold, which set nearly all of its text. The other faces
// (light, medium, the italics, Spectral) cost 58 to 80 kB each: without
// them the browser draws medium (500) with the regular face, light with
// the regular face and italics by slanting the regular or bold face.
// The first one is preloaded by the layout.
var Fonts = []string{"fonts/Marianne-Regular.woff2", "fonts/Marianne-Bold.woff2"}

var fontFace = regexp.MustCompile(`@font-face\{[^}]*\}`)

// dropFontFaces removes the @font-face rules of the faces not in Fonts.
func dropFontFaces(css []byte) []byte {
	keep := map[string]bool{}
	for _, f := range Fonts {
		keep[f] = true
	}
	return fontFace.ReplaceAllFunc(css, func(rule []byte) []byte {
		for _, m := range npm.CSSURL.FindAllSubmatch(rule, -1) {
			if keep[string(m[1])] {
				return rule
			}
		}
		return nil
	})
}

// UnusedDSFR are the DSFR component families the site never uses (no
// template, script or content page names them): their rules are dropped
// from the stylesheet. A test fails when one of them starts being used.
var UnusedDSFR = []string{
	"accordion", "accordions-group", "card", "tile", "tabs", "tab", "stepper", "consent", "follow", "share",
	"pagination", "password", "range", "segmented", "sidemenu", "toggle", "tooltip", "transcription",
	"translate", "upload", "notice", "quote", "highlight", "display", "connect", "radio-rich", "tag",
	"tags-group", "content-media", "mega-menu",
}

var (
	unusedClass = regexp.MustCompile(`\.fr-(?:` + strings.Join(UnusedDSFR, "|") + `)(?:__|--|[^a-zA-Z0-9_-]|$)`)
	// The site sets data-fr-scheme="light" and offers no theme switch: the
	// dark theme's rules never apply.
	darkTheme = regexp.MustCompile(`\[data-fr-(?:theme|scheme)=(?:dark|system)\]`)
)

// trimDSFR drops from the DSFR stylesheet what no visitor of the site can
// get: the @media blocks only Internet Explorer applies (every query of
// their list tests -ms-high-contrast, a feature no other browser knows),
// the rules of the component families in UnusedDSFR and those of the dark
// theme. A selector is dropped only when such a class or attribute is
// required outside any parenthesis (so ".fr-btn:not(.fr-tag)" stays), a
// rule when none of its selectors is left. Anything it does not parse is
// kept as it is.
func trimDSFR(css []byte) []byte {
	out, ok := trimBlock(string(css))
	if !ok {
		return css
	}
	return []byte(out)
}

func trimBlock(css string) (string, bool) {
	var out strings.Builder
	for i := 0; i < len(css); {
		if strings.HasPrefix(css[i:], "/*") {
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				return "", false
			}
			out.WriteString(css[i : i+2+end+2])
			i += 2 + end + 2
			continue
		}
		j, ok := scanPrelude(css, i)
		if !ok {
			return "", false
		}
		if j == len(css) { // trailing text without a block
			out.WriteString(css[i:])
			break
		}
		if css[j] == ';' { // @import, @charset…
			out.WriteString(css[i : j+1])
			i = j + 1
			continue
		}
		end, ok := scanBlock(css, j)
		if !ok {
			return "", false
		}
		prelude, body := css[i:j], css[j+1:end-1]
		i = end
		switch {
		case strings.HasPrefix(prelude, "@media"):
			ieOnly := true
			for _, q := range splitTop(strings.TrimPrefix(prelude, "@media")) {
				if !strings.Contains(q, "-ms-high-contrast") {
					ieOnly = false
				}
			}
			if ieOnly {
				continue
			}
			fallthrough
		case strings.HasPrefix(prelude, "@supports"):
			inner, ok := trimBlock(body)
			if !ok {
				return "", false
			}
			if inner != "" {
				out.WriteString(prelude + "{" + inner + "}")
			}
		case strings.HasPrefix(prelude, "@"): // @font-face, @keyframes…
			out.WriteString(css[j-len(prelude) : end])
		default:
			var keep []string
			for _, sel := range splitTop(prelude) {
				bare := outsideParens(sel)
				if !unusedClass.MatchString(bare) && !darkTheme.MatchString(bare) {
					keep = append(keep, sel)
				}
			}
			if len(keep) > 0 {
				out.WriteString(strings.Join(keep, ",") + "{" + body + "}")
			}
		}
	}
	return out.String(), true
}

// scanPrelude returns the index of the '{' or ';' ending the prelude that
// starts at i (len(css) when there is none), skipping strings and
// parentheses.
func scanPrelude(css string, i int) (int, bool) {
	depth := 0
	for j := i; j < len(css); j++ {
		switch c := css[j]; c {
		case '"', '\'':
			k := strings.IndexByte(css[j+1:], c)
			if k < 0 {
				return 0, false
			}
			j += k + 1
		case '(':
			depth++
		case ')':
			depth--
		case '{', ';':
			if depth == 0 {
				return j, true
			}
		}
	}
	return len(css), true
}

// scanBlock returns the index just after the '}' closing the block whose
// '{' is at j, skipping strings.
func scanBlock(css string, j int) (int, bool) {
	depth := 0
	for k := j; k < len(css); k++ {
		switch c := css[k]; c {
		case '"', '\'':
			n := strings.IndexByte(css[k+1:], c)
			if n < 0 {
				return 0, false
			}
			k += n + 1
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return k + 1, true
			}
		}
	}
	return 0, false
}

// splitTop splits a selector list or a media query list on its top-level
// commas.
func splitTop(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// outsideParens is a selector without what stands in parentheses.
func outsideParens(sel string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(sel); i++ {
		switch c := sel[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:5])
}
