package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
)

// Assets are the static files of the site under content-hashed names, and
// the URL of each by logical name ("dsfr.css", "echarts.js", "site.css"…).
type Assets struct {
	URL   map[string]string
	Files map[string][]byte // URL path → content
}

// vendored are the files taken from the pinned npm packages.
var vendored = []struct{ name, src string }{
	{"dsfr.css", "@gouvfr/dsfr/dist/dsfr.min.css"},
	{"dsfr.module.js", "@gouvfr/dsfr/dist/dsfr.module.min.js"},
	{"dsfr.nomodule.js", "@gouvfr/dsfr/dist/dsfr.nomodule.min.js"},
	{"favicon.svg", "@gouvfr/dsfr/dist/favicon/favicon.svg"},
	{"apple-touch-icon.png", "@gouvfr/dsfr/dist/favicon/apple-touch-icon.png"},
	// ECharts' common build (line, bar, pie, scatter, mark lines and
	// areas, aria, tooltip, legend): every chart the site draws, for two
	// thirds of the full build's weight (240 kB gzip instead of 368).
	{"echarts.js", "echarts/dist/echarts.common.min.js"},
}

// licences are shipped beside the vendored files.
var licences = []string{"@gouvfr/dsfr/LICENSE.md", "echarts/LICENSE"}

var (
	fontURL   = regexp.MustCompile(`url\(((?:fonts|icons)/[A-Za-z0-9_./-]+)\)`)
	sourceMap = regexp.MustCompile(`(?m)\n?/[/*][#@] sourceMappingURL=[^\n]*`)
)

// FindVendor returns the node_modules folder holding the pinned front-end
// packages, looking in dir and its parents.
func FindVendor(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if _, err := os.Stat(filepath.Join(nm, "@gouvfr", "dsfr", "dist", "dsfr.min.css")); err == nil {
			return nm, nil
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	return "", errors.New("front-end packages not found: run `npm ci --ignore-scripts` at the project root (make site does it)")
}

// NewMinifier minifies HTML, CSS, JS and JSON (inline JSON islands too).
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}

// BuildAssets reads the vendored packages from vendor (a node_modules
// folder) and the project's own assets from own, and names every file after
// its content.
func BuildAssets(vendor string, own fs.FS) (*Assets, error) {
	a := &Assets{URL: map[string]string{}, Files: map[string][]byte{}}
	m := NewMinifier()
	add := func(name string, data []byte) {
		ext := path.Ext(name)
		base := strings.TrimSuffix(name, ext)
		url := "/assets/" + base + "." + hash(data) + ext
		a.URL[name] = url
		a.Files[url] = data
	}
	for _, v := range vendored {
		data, err := os.ReadFile(filepath.Join(vendor, filepath.FromSlash(v.src)))
		if err != nil {
			return nil, fmt.Errorf("assets: %w (run `npm ci --ignore-scripts`)", err)
		}
		data = sourceMap.ReplaceAll(data, nil)
		if v.name == "dsfr.css" {
			dir := filepath.Join(vendor, "@gouvfr/dsfr/dist")
			var ferr error
			data = fontURL.ReplaceAllFunc(data, func(b []byte) []byte {
				rel := string(fontURL.FindSubmatch(b)[1])
				font, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
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
		add(v.name, data)
	}
	ico, err := os.ReadFile(filepath.Join(vendor, "@gouvfr/dsfr/dist/favicon/favicon.ico"))
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	a.Files["/favicon.ico"] = ico // browsers ask for it at the root
	var lic bytes.Buffer
	lic.WriteString("Licences des paquets front-end intégrés au site (copiés depuis npm, versions fixées dans package.json).\n")
	for _, l := range licences {
		b, err := os.ReadFile(filepath.Join(vendor, filepath.FromSlash(l)))
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
