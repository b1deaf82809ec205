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
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"

	"github.com/orion-static/orion/assets/npm"
)

// Assets are the static files of the site under content-hashed names, and
// the URL of each by logical name ("dsfr.css", "echarts.js", "site.css"…).
type Assets struct {
	URL   map[string]string
	Files map[string][]byte // URL path → content
}

var sourceMap = regexp.MustCompile(`(?m)\n?/[/*][#@] sourceMappingURL=[^\n]*`)

// NewMinifier minifies HTML, CSS, JS and JSON (inline JSON islands too).
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}

// BuildAssets reads the shipped files of the pinned front-end packages from
// vendor (laid out like node_modules: the files embedded by package
// assets/npm) and the project's own assets from own, and names every file
// after its content.
func BuildAssets(vendor, own fs.FS) (*Assets, error) {
	a := &Assets{URL: map[string]string{}, Files: map[string][]byte{}}
	m := NewMinifier()
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

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:5])
}
