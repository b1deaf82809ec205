// Package templates embeds the HTML templates: layout.html is the frame of
// every page; each page kind has its own file defining "main".
package templates

import "embed"

// FS holds *.html.
//
//go:embed *.html
var FS embed.FS
