// Package data embeds the description of the input files: the file formats
// (formats.json: header, encoding and typed columns of every source file) and
// the manifests that say which file of a data directory holds which source and
// year (real.json for the real open-data bundle, sample.json for the fictional
// sample written by `orion sample`). Nothing of the real open-data bundle is
// embedded: the sample reads its real territories and nomenclatures from
// the bundle itself.
package data

import "embed"

// FS holds manifest/*.json.
//
//go:embed manifest/*.json
var FS embed.FS
