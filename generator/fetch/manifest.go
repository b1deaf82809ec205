package fetch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/orion-static/orion/data"
)

// Manifest lists the files of a data folder: where each sits in the folder,
// where its bytes come from and what they must be.
type Manifest struct {
	Description string `json:"description"`
	Files       []File `json:"files"`
}

// File is one file of the bundle. Either URL is set (a public file, copied
// byte for byte) or Derived is (a file computed from public files).
type File struct {
	// Path is the file's place in the bundle, slash-separated and relative.
	Path string `json:"path"`
	// URL is the public origin; for a file of a git repository, its raw
	// address at a pinned commit, so that the bytes never change.
	URL      string      `json:"url,omitempty"`
	Size     int64       `json:"size"`
	SHA256   string      `json:"sha256"`
	Producer string      `json:"producer"`
	Licence  string      `json:"licence"`
	Date     string      `json:"date"`
	Derived  *Derivation `json:"derived,omitempty"`
}

// Derivation says how a derived file is computed from public inputs.
type Derivation struct {
	// Method names the computation; "communes_centroides" is the only one.
	Method      string `json:"method"`
	Description string `json:"description"`
	// InputsChecksums says why the inputs carry no checksum: only the
	// output is verified, against the File's Size and SHA256.
	InputsChecksums string   `json:"inputs_checksums"`
	Inputs          []string `json:"inputs"`
}

const methodCentroides = "communes_centroides"

// Sources returns the embedded data/manifest/sources.json: the public origin
// of every file the real build reads.
func Sources() (Manifest, error) {
	b, err := fs.ReadFile(data.FS, "manifest/sources.json")
	if err != nil {
		return Manifest{}, fmt.Errorf("sources manifest: %w", err)
	}
	m, err := ParseManifest(b)
	if err != nil {
		return Manifest{}, fmt.Errorf("data/manifest/sources.json: %w", err)
	}
	return m, nil
}

// ParseManifest decodes a manifest and checks what Fetch relies on: safe
// relative paths, no duplicates, a SHA-256 and a size for every file, an
// origin (URL or known derivation) for each.
func ParseManifest(b []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("decode manifest: %w", err)
	}
	return m, m.validate()
}

func (m Manifest) validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, f := range m.Files {
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("file %d (%s): %s", i, f.Path, fmt.Sprintf(format, a...)))
		}
		switch {
		case f.Path == "" || path.Clean(f.Path) != f.Path || strings.Contains(f.Path, `\`) || !filepath.IsLocal(filepath.FromSlash(f.Path)):
			bad("path must be relative, clean and slash-separated")
		case seen[f.Path]:
			bad("listed twice")
		}
		seen[f.Path] = true
		if len(f.SHA256) != 64 || strings.Trim(f.SHA256, "0123456789abcdef") != "" {
			bad("sha256 must be 64 lowercase hexadecimal digits")
		}
		if f.Size < 0 {
			bad("negative size")
		}
		switch {
		case f.URL == "" && f.Derived == nil:
			bad("neither url nor derived")
		case f.URL != "" && f.Derived != nil:
			bad("both url and derived")
		case f.Derived != nil && f.Derived.Method != methodCentroides:
			bad("unknown derivation method %q", f.Derived.Method)
		case f.Derived != nil && len(f.Derived.Inputs) == 0:
			bad("derivation without inputs")
		}
	}
	return errors.Join(errs...)
}
