package site

import "github.com/orion-static/orion/generator/page"

// contents renders the editorial pages (content/*.md).
func contents() ([]page.Content, error) {
	return nil, nil // TEMPORARY: until generator/content lands
}
