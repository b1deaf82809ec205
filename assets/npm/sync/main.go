// Command sync copies the front-end files the site ships from node_modules
// into assets/npm/files, to be embedded in the orion binary, and bundles
// the site's ECharts (assets/npm/echarts.entry.js: only the chart types and
// components the site draws) with esbuild's Go API:
//
//	go run ./assets/npm/sync [--from node_modules] [--to assets/npm/files]
//
// esbuild is used here only: the orion binary embeds the bundle and needs
// neither Node nor esbuild.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/orion-static/orion/assets/npm"
)

func main() {
	from := flag.String("from", "node_modules", "node_modules folder (npm ci --ignore-scripts)")
	to := flag.String("to", "assets/npm/files", "folder embedded by package assets/npm")
	entry := flag.String("entry", filepath.Join("assets", "npm", npm.BundleEntry), "entry of the ECharts bundle")
	flag.Parse()
	n, err := npm.Sync(*from, *to)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
	size, err := bundle(*from, *entry, filepath.Join(*to, filepath.FromSlash(npm.Bundle)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "sync: bundle ECharts:", err)
		os.Exit(1)
	}
	fmt.Printf("%d fichiers front-end copiés dans %s ; ECharts du site : %d octets\n", n, *to, size)
}

// bundle builds the ECharts of the site from the pinned package in
// nodeModules into out (an IIFE setting the global `echarts`), minified and
// without source map or legal comments (the licences ship in
// LICENCES.txt). The file is rewritten only when its bytes change, so that
// make sees no change on a second run.
func bundle(nodeModules, entry, out string) (int, error) {
	nm, err := filepath.Abs(nodeModules)
	if err != nil {
		return 0, err
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		Bundle:            true,
		Format:            api.FormatIIFE,
		GlobalName:        "echarts",
		Platform:          api.PlatformBrowser,
		Target:            api.ES2017,
		NodePaths:         []string{nm},
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		TreeShaking:       api.TreeShakingTrue,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		Define:            map[string]string{"process.env.NODE_ENV": `"production"`, "__DEV__": "false"},
		LogLevel:          api.LogLevelSilent,
		Write:             false,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			where := ""
			if m.Location != nil {
				where = fmt.Sprintf("%s:%d: ", m.Location.File, m.Location.Line)
			}
			msgs = append(msgs, where+m.Text)
		}
		return 0, errors.New(strings.Join(msgs, "; "))
	}
	if len(res.OutputFiles) != 1 {
		return 0, fmt.Errorf("esbuild wrote %d files, want 1", len(res.OutputFiles))
	}
	b := res.OutputFiles[0].Contents
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, b) {
		return len(b), nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return 0, err
	}
	return len(b), os.WriteFile(out, b, 0o644)
}
