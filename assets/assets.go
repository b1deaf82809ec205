// Package assets embeds the site's own CSS and JavaScript. Third-party
// front-end packages come pinned from npm, never from this folder.
package assets

import "embed"

// FS holds the files copied to /assets/.
//
//go:embed *.css all:js
var FS embed.FS
