// Package publish is the single writer of the output directory. A build
// writes into a fresh temporary directory beside the target; only a
// complete build replaces the target, in one atomic exchange, so a failed
// or interrupted build leaves the previous site untouched.
//
// Every output holds a manifest of what it published (URL path → SHA-256
// of the content). The next build reads it: a file whose content has not
// changed is hard-linked from the previous site into the new tree instead
// of being written again, so it keeps its inode and its mtime, and a sync
// tool or a CDN sees only what really changed (Changes).
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// Marker is written at the root of every output so that publish never
// replaces a directory it did not create.
const Marker = ".orion-site"

// ManifestFile, at the root of every output beside Marker, maps each
// published URL path to the SHA-256 of its content. It is bookkeeping for
// the next build (and a checksum list for whoever deploys); serving it is
// harmless, syncing it is useless (exclude ".orion-*").
const ManifestFile = ".orion-manifest.json"

const markerText = "Site généré par orion build ; ce dossier est remplacé à chaque construction.\n"

// Dir is an output being written. Write may be called from several
// goroutines at once.
type Dir struct {
	final string
	tmp   string
	prev  map[string]string // previous manifest; nil when there is none
	done  bool

	dirs sync.Map // directories of tmp known to exist

	mu    sync.Mutex
	files map[string]string // path → sha256, hex
	kept  int
}

// manifest is the layout of ManifestFile.
type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"` // URL path → hex SHA-256
}

// Begin prepares a temporary directory beside out, and reads the manifest
// of the site already there, if any.
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
		os.Remove(tmp)
		return nil, fmt.Errorf("publish: %w", err)
	}
	d := &Dir{final: out, tmp: tmp, prev: readManifest(out), files: map[string]string{}}
	if err := d.bookkeeping(Marker, []byte(markerText)); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// readManifest returns the manifest of the site in out, or nil when there
// is none or it cannot be read: the build then writes every file, which is
// always correct, only slower to deploy.
func readManifest(out string) map[string]string {
	b, err := os.ReadFile(filepath.Join(out, ManifestFile))
	if err != nil {
		return nil
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || m.Version != 1 {
		return nil
	}
	return m.Files
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
// When the previous site published the same bytes at the same path, the
// file is hard-linked from it rather than written. Writing a path twice is
// an error.
func (d *Dir) Write(path string, data []byte) error {
	clean := filepath.Clean("/" + path)
	key := filepath.ToSlash(clean)
	if strings.Contains(path, "..") || clean == "/" {
		return fmt.Errorf("publish: invalid path %q", path)
	}
	if name := key[1:]; name == Marker || name == ManifestFile {
		return fmt.Errorf("publish: %s is reserved", key)
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	d.mu.Lock()
	if d.done {
		d.mu.Unlock()
		return errors.New("publish: write after commit or abort")
	}
	_, twice := d.files[key]
	if !twice {
		d.files[key] = h
	}
	d.mu.Unlock()
	if twice {
		return fmt.Errorf("publish: %s written twice", key)
	}
	full := filepath.Join(d.tmp, clean)
	if err := d.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if d.prev[key] == h && d.link(filepath.Join(d.final, clean), full, len(data)) {
		d.mu.Lock()
		d.kept++
		d.mu.Unlock()
		return nil
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

func (d *Dir) mkdir(dir string) error {
	if _, ok := d.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	d.dirs.Store(dir, true)
	return nil
}

// link hard-links the previous site's file old to new. The manifest said
// old holds the right bytes; a file that is not there any more, or not of
// the expected size (someone edited the published site), is written anew.
func (d *Dir) link(old, new string, size int) bool {
	st, err := os.Lstat(old)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(size) {
		return false
	}
	return os.Link(old, new) == nil
}

// bookkeeping writes one of publish's own files at the root, linking the
// previous one when its bytes are the same.
func (d *Dir) bookkeeping(name string, data []byte) error {
	old, full := filepath.Join(d.final, name), filepath.Join(d.tmp, name)
	if b, err := os.ReadFile(old); err == nil && bytes.Equal(b, data) && d.link(old, full, len(data)) {
		return nil
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// Kept is the number of files hard-linked unchanged from the previous site.
func (d *Dir) Kept() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.kept
}

// Changes lists, by URL path in byte order, what this output changes
// compared with the previous one: files added, files whose content changed,
// files removed. Without a previous manifest, every file is added.
type Changes struct {
	Added, Changed, Removed []string
}

// Changes compares what was written so far with the previous manifest.
func (d *Dir) Changes() Changes {
	d.mu.Lock()
	defer d.mu.Unlock()
	var c Changes
	for p, h := range d.files {
		switch old, ok := d.prev[p]; {
		case !ok:
			c.Added = append(c.Added, p)
		case old != h:
			c.Changed = append(c.Changed, p)
		}
	}
	for p := range d.prev {
		if _, ok := d.files[p]; !ok {
			c.Removed = append(c.Removed, p)
		}
	}
	sort.Strings(c.Added)
	sort.Strings(c.Changed)
	sort.Strings(c.Removed)
	return c
}

// Len is the number of paths listed.
func (c Changes) Len() int { return len(c.Added) + len(c.Changed) + len(c.Removed) }

// WriteTo writes one line per path, sorted by path: a status letter (A
// added, M changed, D removed, as git diff --name-status), a tab, the URL
// path.
func (c Changes) WriteTo(w io.Writer) (int64, error) {
	type line struct{ status, path string }
	lines := make([]line, 0, c.Len())
	for _, l := range []struct {
		status string
		paths  []string
	}{{"A", c.Added}, {"M", c.Changed}, {"D", c.Removed}} {
		for _, p := range l.paths {
			lines = append(lines, line{l.status, p})
		}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].path < lines[j].path })
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l.status + "\t" + l.path + "\n")
	}
	return b.WriteTo(w)
}

// Commit writes the manifest and replaces the target with the new site.
func (d *Dir) Commit() error {
	d.mu.Lock()
	if d.done {
		d.mu.Unlock()
		return errors.New("publish: already committed or aborted")
	}
	b, err := json.MarshalIndent(manifest{Version: 1, Files: d.files}, "", "\t")
	d.done = true
	d.mu.Unlock()
	if err == nil {
		err = d.bookkeeping(ManifestFile, append(b, '\n'))
	}
	if err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("publish: manifest: %w", err)
	}
	if err := checkReplaceable(d.final); err != nil {
		os.RemoveAll(d.tmp)
		return err
	}
	_, err = os.Stat(d.final)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = os.Rename(d.tmp, d.final)
	case err == nil:
		err = unix.Renameat2(unix.AT_FDCWD, d.tmp, unix.AT_FDCWD, d.final, unix.RENAME_EXCHANGE)
	}
	if err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("publish: replace %s: %w", d.final, err)
	}
	// After an exchange, tmp holds the previous site; the files the new
	// site shares with it are hard links and survive its removal.
	if err := os.RemoveAll(d.tmp); err != nil {
		return fmt.Errorf("publish: remove previous site: %w", err)
	}
	return nil
}

// Abort removes the temporary directory; the target is untouched (the
// files shared with it are hard links: removing them from the temporary
// tree leaves the target's names in place).
func (d *Dir) Abort() {
	d.mu.Lock()
	done := d.done
	d.done = true
	d.mu.Unlock()
	if !done {
		os.RemoveAll(d.tmp)
	}
}
