package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var hrefRe = regexp.MustCompile(`(?:href|src)="(/[^"#?]*)`)

// deadLinks lists the internal links of every HTML page of out that do not
// resolve to a file.
func deadLinks(t *testing.T, out string) []string {
	t.Helper()
	var dead []string
	seen := map[string]bool{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			link := m[1]
			if seen[link] {
				continue
			}
			seen[link] = true
			target := filepath.Join(out, filepath.FromSlash(link))
			if strings.HasSuffix(link, "/") {
				target = filepath.Join(target, "index.html")
			}
			if _, err := os.Stat(target); err != nil {
				rel, _ := filepath.Rel(out, p)
				dead = append(dead, rel+" → "+link)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dead
}

func TestFixtureHasNoDeadLink(t *testing.T) {
	if dead := deadLinks(t, buildFixture(t)); len(dead) > 0 {
		t.Errorf("%d dead links, e.g. %v", len(dead), dead[:min(10, len(dead))])
	}
}

func TestRealHasNoDeadLink(t *testing.T) {
	out, _ := buildReal(t)
	if dead := deadLinks(t, out); len(dead) > 0 {
		t.Errorf("%d dead links, e.g. %v", len(dead), dead[:min(10, len(dead))])
	}
}
