// Package data embeds the description of the input files: the file formats
// (formats.json: header, encoding and typed columns of every source file) and
// the manifests that say which file of a data directory holds which source and
// year (real.json for the real open-data bundle, sample.json for the fictional
// sample written by `orion sample`). It also embeds the seed of that sample.
package data

import "embed"

// FS holds manifest/*.json and sample/*.
//
//go:embed manifest/*.json all:sample
var FS embed.FS
