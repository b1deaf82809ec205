// Package publish is the single writer of the output directory. A build
// writes into a fresh temporary directory beside the target; only a
// complete build replaces the target, in one atomic exchange, so a failed
// or interrupted build leaves the previous site untouched.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Marker is written at the root of every output so that publish never
// replaces a directory it did not create.
const Marker = ".orion-site"

// Dir is an output being written.
type Dir struct {
	final string
	tmp   string
	done  bool
}

// Begin prepares a temporary directory beside out.
func Begin(out string) (*Dir, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if out == "/" || out == filepath.Dir(out) {
		return nil, fmt.Errorf("publish: refusing to write the site to %s", out)
	}
	if err := checkReplaceable(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".build-*")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	d := &Dir{final: out, tmp: tmp}
	if err := d.Write("/"+Marker, []byte("Site généré par orion build ; ce dossier est remplacé à chaque construction.\n")); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// checkReplaceable accepts a missing or empty directory, or a previous
// output (it holds Marker).
func checkReplaceable(out string) error {
	st, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("publish: %s exists and is not a directory", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("publish: refusing to replace %s: it is not empty and was not written by orion build (no %s file)", out, Marker)
	}
	return nil
}

// Write writes one file; path is the URL path ("/regions/84/index.html").
func (d *Dir) Write(path string, data []byte) error {
	clean := filepath.Clean("/" + path)
	if strings.Contains(path, "..") || clean == "/" {
		return fmt.Errorf("publish: invalid path %q", path)
	}
	full := filepath.Join(d.tmp, clean)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// Commit replaces the target with the new site.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("publish: already committed or aborted")
	}
	if err := checkReplaceable(d.final); err != nil {
		d.Abort()
		return err
	}
	_, err := os.Stat(d.final)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = os.Rename(d.tmp, d.final)
	case err == nil:
		err = unix.Renameat2(unix.AT_FDCWD, d.tmp, unix.AT_FDCWD, d.final, unix.RENAME_EXCHANGE)
	}
	if err != nil {
		d.Abort()
		return fmt.Errorf("publish: replace %s: %w", d.final, err)
	}
	d.done = true
	// After an exchange, tmp holds the previous site.
	if err := os.RemoveAll(d.tmp); err != nil {
		return fmt.Errorf("publish: remove previous site: %w", err)
	}
	return nil
}

// Abort removes the temporary directory; the target is untouched.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
}
