// Package data embeds the description of the input files: the file formats
// (formats.json: header, encoding and typed columns of every source file) and
// the manifests that say which file of a data directory holds which source and
// year (real.json for the real open-data bundle, sample.json for the fictional
// sample written by `orion sample`), and reference/: the small extracts of
// real open-data files (territories, nomenclatures) that the fictional sample
// is built on, with their sources in reference/README.md. Nothing else of the
// real open-data bundle is embedded: `orion fetch` downloads it.
package data

import "embed"

// FS holds manifest/*.json and reference/.
//
//go:embed manifest/*.json reference
var FS embed.FS
