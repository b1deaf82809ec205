// Package npm embeds, into the orion binary, the files of the pinned
// front-end packages that the site ships: the French state design system
// (@gouvfr/dsfr: CSS, JS, the fonts and icons its CSS names, favicons),
// ECharts and their licences. They come from node_modules (npm ci, versions
// fixed by package-lock.json) and are copied into files/ by `go run
// ./assets/npm/sync` (make build and make test do it) before the binary is
// compiled; files/ is git-ignored but for its README, so that a binary built
// by make needs nothing beside itself.
//
// ECharts is not shipped as one of its prebuilt files: sync bundles, with
// esbuild's Go API, only the chart types and components the site draws
// (echarts.entry.js) from the pinned package into Bundle; neither the build
// of the site nor the orion binary needs Node or esbuild.
package npm

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
)

//go:embed all:files
var embedded embed.FS

// Root is the folder of files/ holding the copied packages, in the layout
// of node_modules.
const Root = "files"

// Shipped are the files taken from the packages (paths under node_modules),
// by the logical name the site gives each one.
var Shipped = []struct{ Name, Src string }{
	{"dsfr.css", "@gouvfr/dsfr/dist/dsfr.min.css"},
	{"dsfr.module.js", "@gouvfr/dsfr/dist/dsfr.module.min.js"},
	{"dsfr.nomodule.js", "@gouvfr/dsfr/dist/dsfr.nomodule.min.js"},
	{"favicon.svg", "@gouvfr/dsfr/dist/favicon/favicon.svg"},
	{"apple-touch-icon.png", "@gouvfr/dsfr/dist/favicon/apple-touch-icon.png"},
	// ECharts bundled by sync from echarts.entry.js: bars, lines,
	// scatter, grid, tooltip, legend, mark lines and areas, aria and the
	// canvas renderer, and nothing else.
	{"echarts.js", Bundle},
}

// Bundle is the ECharts bundle that sync builds from echarts.entry.js
// (a path under files/, not a file of the npm package).
const Bundle = "echarts/orion/echarts.min.js"

// BundleEntry is the entry of the ECharts bundle, in this folder.
const BundleEntry = "echarts.entry.js"

// Favicon is served at the site's root, where browsers ask for it.
const Favicon = "@gouvfr/dsfr/dist/favicon/favicon.ico"

// Licences are shipped beside the files.
var Licences = []string{"@gouvfr/dsfr/LICENSE.md", "echarts/LICENSE", "echarts/NOTICE", "zrender/LICENSE", "tslib/LICENSE.txt"}

// CSSDir is the folder the DSFR stylesheet's relative url()s start from.
const CSSDir = "@gouvfr/dsfr/dist"

// CSSURL matches the fonts and icons the DSFR stylesheet loads.
var CSSURL = regexp.MustCompile(`url\(((?:fonts|icons)/[A-Za-z0-9_./-]+)\)`)

// FS returns the packages' files embedded in the binary, rooted like
// node_modules, or an error saying how to embed them when the binary was
// compiled without them (a plain `go build` before `make build`).
func FS() (fs.FS, error) {
	sub, err := fs.Sub(embedded, Root)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(sub, Shipped[0].Src); err != nil {
		return nil, errors.New("the front-end packages (DSFR, ECharts) are not embedded in this binary: build it with `make build` (npm ci, then go run ./assets/npm/sync, then go build)")
	}
	return sub, nil
}

// Needed lists every file of node_modules the site ships: Shipped, the
// favicon, the licences, and the fonts and icons named by the DSFR
// stylesheet, sorted.
func Needed(nodeModules fs.FS) ([]string, error) {
	set := map[string]bool{Favicon: true}
	for _, s := range Shipped {
		if s.Src != Bundle {
			set[s.Src] = true
		}
	}
	for _, l := range Licences {
		set[l] = true
	}
	css, err := fs.ReadFile(nodeModules, Shipped[0].Src)
	if err != nil {
		return nil, err
	}
	for _, m := range CSSURL.FindAllSubmatch(css, -1) {
		set[path.Join(CSSDir, string(m[1]))] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Sync copies the needed files from the node_modules folder src into dst
// (assets/npm/files), removing what is no longer needed but README.md and
// the bundle (written by the sync command).
func Sync(src, dst string) (int, error) {
	need, err := Needed(os.DirFS(src))
	if err != nil {
		return 0, fmt.Errorf("%w (run `npm ci --ignore-scripts` at the project root)", err)
	}
	keep := map[string]bool{"README.md": true, ".synced": true, Bundle: true}
	for _, p := range need {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(p)))
		if err != nil {
			return 0, err
		}
		full := filepath.Join(dst, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err != nil || string(old) != string(b) {
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return 0, err
			}
			if err := os.WriteFile(full, b, 0o644); err != nil {
				return 0, err
			}
		}
		keep[p] = true
	}
	var stale []string
	filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			if !keep[filepath.ToSlash(rel)] {
				stale = append(stale, p)
			}
		}
		return nil
	})
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return 0, err
		}
	}
	return len(need), nil
}
