// Package contentfs embeds the editorial pages of the site: one markdown file
// per page (glossaire.md, methodologie.md, donnees.md, accessibilite.md,
// mentions-legales.md, donnees-personnelles.md). Their format is described
// by package generator/content, which renders them.
package contentfs

import "embed"

// FS holds *.md.
//
//go:embed *.md
var FS embed.FS
