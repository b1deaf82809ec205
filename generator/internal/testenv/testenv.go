// Package testenv decides, in one place, what a test does when something it
// needs from the machine is missing: the real open-data bundle (fetched by
// `orion fetch`) or Chromium (installed by .ci/install-browser). On a
// developer's machine the test is skipped with the reason; under CI=true it
// fails, so that a CI run never passes by skipping.
package testenv

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/orion-static/orion/data"
)

// CI says whether the tests run under continuous integration (CI=true, as
// CI services and .ci/run set it).
func CI() bool {
	switch strings.ToLower(os.Getenv("CI")) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// Missing skips the test with the reason, or fails it under CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatalf("%s (CI=true: a missing prerequisite is a failure, not a skip)", msg)
	}
	t.Skip(msg)
}

var (
	bundleOnce sync.Once
	bundleDir  string
	bundleMiss []string
	bundleErr  error
)

// RealData returns the real open-data bundle: $ORION_REAL_DATA, else
// ../shared/data beside the project when it exists, else data/real (where
// `make real` fetches it). Every file the real build reads
// (data/manifest/real.json) must be there; otherwise the test is skipped,
// naming what is missing and how to get it (or fails under CI).
func RealData(t testing.TB) string {
	t.Helper()
	bundleOnce.Do(func() { bundleDir, bundleMiss, bundleErr = findBundle() })
	if bundleErr != nil {
		t.Fatal(bundleErr)
	}
	if len(bundleMiss) > 0 {
		more := ""
		if len(bundleMiss) > 3 {
			more = fmt.Sprintf(" and %d more", len(bundleMiss)-3)
		}
		Missing(t, "the real open-data bundle is not in %s (missing %s%s): get it with `bin/orion fetch --out %s`, or set ORION_REAL_DATA",
			bundleDir, strings.Join(bundleMiss[:min(3, len(bundleMiss))], ", "), more, bundleDir)
	}
	return bundleDir
}

func findBundle() (dir string, missing []string, err error) {
	dir = os.Getenv("ORION_REAL_DATA")
	if dir == "" {
		root, err := ModuleRoot()
		if err != nil {
			return "", nil, err
		}
		dir = filepath.Join(filepath.Dir(root), "shared", "data")
		if _, err := os.Stat(dir); err != nil {
			dir = filepath.Join(root, "data", "real")
		}
	}
	b, err := fs.ReadFile(data.FS, "manifest/real.json")
	if err != nil {
		return "", nil, err
	}
	var m struct {
		Files []struct{ Path string } `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", nil, fmt.Errorf("manifest/real.json: %w", err)
	}
	for _, f := range m.Files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path))); err != nil {
			missing = append(missing, f.Path)
		}
	}
	return dir, missing, nil
}

// ModuleRoot is the folder of the project's go.mod, found from the working
// directory of the test (its package folder) up.
func ModuleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		d = filepath.Dir(d)
	}
}

// Chromium returns the path of the Chromium browser, or skips the test (fails
// under CI) when it is not installed.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "chromium is not installed: run .ci/install-browser (make test does it when it can)")
	return ""
}
