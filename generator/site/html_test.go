package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/orion-static/orion/generator/internal/twincheck"
)

var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// pageFacts is what checkPage extracts from one HTML page.
type pageFacts struct {
	h1, titles int
	title      string
	canonical  string
	ids        map[string]int
	controls   []string
	islands    map[string][]byte // chart id → option JSON
	twins      map[string][]string
	breakable  []string // text where a line may break beside « » : ; ! or ?
}

// breakable finds, in a page's text, a plain space where French
// typography wants a no-break one (package typo): after «, before », and
// before : ; ! ? ending a word.
var breakable = regexp.MustCompile(`«[ \t\n]|[ \t\n]»|[ \t\n][:;!?]+(?:[ \t\n]|$)`)

// rawText are the elements whose text is left as written.
var rawText = map[string]bool{"script": true, "style": true, "pre": true, "code": true, "textarea": true}

// parsePage lexes a page, checks that its elements are balanced and
// collects the facts the tests assert on.
func parsePage(b []byte) (*pageFacts, error) {
	f := &pageFacts{ids: map[string]int{}, islands: map[string][]byte{}, twins: map[string][]string{}}
	l := html.NewLexer(parse.NewInput(bytes.NewReader(b)))
	var stack []string
	var tag, curChart, curTwin, rel, href string
	var inTitle, inScript, inCell bool
	var cell strings.Builder
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			if l.Err() != io.EOF {
				return nil, l.Err()
			}
			if len(stack) > 0 {
				return nil, fmt.Errorf("unclosed elements %v", stack)
			}
			return f, nil
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if tag == "link" && rel == "canonical" {
				f.canonical = href
			}
		case html.StartTagToken:
			tag = string(l.Text())
			rel, href = "", ""
			switch tag {
			case "h1":
				f.h1++
			case "title":
				f.titles++
				inTitle = true
			case "td", "th":
				inCell = true
				cell.Reset()
			}
			if !voidTags[tag] {
				stack = append(stack, tag)
			}
		case html.AttributeToken:
			k, v := string(l.AttrKey()), strings.Trim(string(l.AttrVal()), `"'`)
			switch k {
			case "id":
				f.ids[v]++
				if strings.HasSuffix(v, "-donnees") {
					curTwin = strings.TrimSuffix(v, "-donnees")
				}
			case "aria-controls":
				f.controls = append(f.controls, v)
			case "data-chart":
				curChart = v
				inScript = true
			case "href":
				href = v
			case "rel":
				rel = v
			}
		case html.TextToken:
			raw := false
			for _, e := range stack {
				raw = raw || rawText[e]
			}
			if m := breakable.FindIndex(data); m != nil && !raw {
				f.breakable = append(f.breakable, string(data[max(0, m[0]-20):min(len(data), m[1]+20)]))
			}
			switch {
			case inTitle:
				f.title += string(data)
			case inScript && curChart != "":
				f.islands[curChart] = append([]byte(nil), data...)
			case inCell:
				cell.Write(data)
			}
		case html.EndTagToken:
			name := string(l.Text())
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return nil, fmt.Errorf("end tag </%s> does not close <%s>", name, strings.Join(stack, "><"))
			}
			stack = stack[:len(stack)-1]
			switch name {
			case "title":
				inTitle = false
			case "script":
				inScript, curChart = false, ""
			case "td", "th":
				inCell = false
				if curTwin != "" {
					f.twins[curTwin] = append(f.twins[curTwin], cell.String())
				}
			case "figure":
				curTwin = ""
			}
		}
	}
}

// checkSite checks every page of out: it parses, has one h1 and a title,
// a canonical URL when wantCanonical, unique ids, aria-controls that point
// to an element, every chart island has a twin holding its numbers, and
// the HTML weighs less than its budget, no line of text may break beside
// « » : ; ! or ?. Links are checked by
// checkWholeSite.
func checkSite(t *testing.T, out string, wantCanonical bool) {
	t.Helper()
	var pages []string
	heaviest := map[string]int{}
	islands := 0
	problems := 0
	report := func(format string, args ...any) {
		problems++
		if problems <= 20 {
			t.Errorf(format, args...)
		}
	}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parsePage(b)
		if err != nil {
			report("%s: %v", rel, err)
			return nil
		}
		if f.h1 != 1 || f.titles != 1 || strings.TrimSpace(f.title) == "" {
			report("%s: %d h1, %d titles (%q)", rel, f.h1, f.titles, f.title)
		}
		if wantCanonical && rel != "404.html" && !strings.HasPrefix(f.canonical, "https://") {
			report("%s: no canonical URL", rel)
		}
		for id, n := range f.ids {
			if n > 1 {
				report("%s: id %q used %d times", rel, id, n)
			}
		}
		for _, b := range f.breakable {
			report("%s: a line may break beside the punctuation in %q", rel, b)
		}
		for _, c := range f.controls {
			if f.ids[c] == 0 {
				report("%s: aria-controls=%q points to nothing", rel, c)
			}
		}
		for id, raw := range f.islands {
			islands++
			if x, absent, err := twincheck.Absent(raw, f.twins[id]); err != nil {
				report("%s: chart %s: %v", rel, id, err)
				continue
			} else if absent {
				report("%s: chart %s draws %v, absent from its table twin", rel, id, x)
			}
			if len(f.twins[id]) == 0 {
				report("%s: chart %s has no table twin", rel, id)
			}
		}
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w.Write(b)
		w.Close()
		kind := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		if strings.Count(filepath.ToSlash(rel), "/") < 2 {
			kind = "index"
		}
		if gz.Len() > heaviest[kind] {
			heaviest[kind] = gz.Len()
		}
		if budget := budgetFor(kind); gz.Len() > budget {
			report("%s: %d bytes gzip, budget %d", rel, gz.Len(), budget)
		}
		if rel != "404.html" {
			page := "/" + strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
			pages = append(pages, page)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if islands == 0 {
		t.Error("no chart island found")
	}
	t.Logf("heaviest HTML page per kind, gzip bytes: %v", heaviest)
	t.Logf("%d pages, %d chart islands checked against their twins", len(pages), islands)
}

func TestFixtureSiteIsWellFormed(t *testing.T) {
	checkSite(t, buildFixture(t), false)
}

func TestRealSiteIsWellFormed(t *testing.T) {
	out, _ := buildReal(t)
	checkSite(t, out, true)
}

// budgetFor is the HTML weight budget (gzip -9 bytes) of a page kind, as
// documented in the README: 60 kB for entity pages, 120 kB for the indexes
// (the établissements index lists every school).
func budgetFor(kind string) int {
	switch kind {
	case "regions", "departements", "etablissements", "formations", "domaines":
		return 60_000
	}
	return 120_000
}
