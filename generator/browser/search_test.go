package browser

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// searchIndex is the part of /recherche/index.json the tests read to know
// what to expect, rather than hard-coding the data.
type searchIndex struct {
	Niveaux        []string `json:"niveaux"`
	Formations     [][]any  `json:"formations"`     // CFD, libellé, niveau, closed
	Etablissements [][]any  `json:"etablissements"` // UAI, name, commune, département, formations
}

func readSearchIndex(t *testing.T, out string) searchIndex {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "recherche", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var x searchIndex
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatalf("recherche/index.json: %v", err)
	}
	return x
}

// schoolsWhere lists the pages of the schools of a commune, those offering
// a formation whose libellé is lib when lib is not empty.
func (x searchIndex) schoolsWhere(commune, lib string) []string {
	var out []string
	for _, s := range x.Etablissements {
		if s[2] != commune {
			continue
		}
		ok := lib == ""
		for _, f := range s[4].([]any) {
			if x.Formations[int(f.(float64))][1] == lib {
				ok = true
			}
		}
		if ok {
			out = append(out, "/etablissements/"+s[0].(string)+"/")
		}
	}
	return out
}

type searchShown struct {
	Status string   `json:"status"`
	Hrefs  []string `json:"hrefs"`
	Texts  []string `json:"texts"`
	More   string   `json:"more"` // the link to every result
}

// searchFor types query into the field sel, as a person would, key by
// key, and returns what the list of results then shows, once the script
// has drawn it for the whole query and announced the count.
func searchFor(t *testing.T, tb *tab, sel, list, query string) searchShown {
	t.Helper()
	if err := tb.step(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ''; document.querySelector(%q).form.querySelector('[aria-live]').textContent = ''`, sel, sel)),
		chromedp.Click(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), query)); err != nil {
		t.Fatalf("type %q: %v", query, err)
	}
	if _, err := poll(tb, fmt.Sprintf(`(() => { const f = document.querySelector(%q).form, z = f.querySelector('.search-zone');
		return z && z.dataset.requete === %q && f.querySelector('[aria-live]').textContent !== ''; })()`, sel, query)); err != nil {
		t.Fatalf("%q: the results and their count are not shown: %v", query, err)
	}
	got, err := eval[searchShown](tb, fmt.Sprintf(`(() => {
		const z = document.querySelector(%q).closest('.search-zone');
		const links = Array.from(z.querySelectorAll('li a'));
		const more = z.querySelector('.search-more a');
		const st = document.querySelector(%q).form.querySelector('[aria-live]');
		return {status: st ? st.textContent : '', hrefs: links.map(a => a.getAttribute('href')),
			texts: links.map(a => a.parentNode.textContent.trim()), more: more ? more.getAttribute('href') : ''};
	})()`, list, sel))
	if err != nil {
		t.Fatalf("%q: read the results: %v", query, err)
	}
	return got
}

func indexOf(hrefs []string, h string) int { return slices.Index(hrefs, h) }

// keystrokesJS types a query into a field one letter at a time, as input
// events, and measures each keystroke until its results are in the page
// and laid out (the search, the list, the layout; not the paint).
const keystrokesJS = `(async (sel, q) => {
  const input = document.querySelector(sel), times = [];
  for (let i = 1; i <= q.length; i++) {
    const t0 = performance.now();
    input.value = q.slice(0, i);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const z = () => input.form.querySelector('.search-zone');
    for (let n = 0; n < 1000 && z().dataset.requete !== input.value; n++) await null;
    void z().offsetHeight;
    times.push(Math.round((performance.now() - t0) * 10) / 10);
  }
  return times;
})(%q, %q)`

// keystrokes logs the time of each keystroke of query in the field sel.
func keystrokes(t *testing.T, tb *tab, sel, query string) {
	t.Helper()
	times, err := eval[[]float64](tb, fmt.Sprintf(keystrokesJS, sel, query), chromedp.EvalAwaitPromise)
	if err != nil {
		t.Errorf("time the keystrokes of %q: %v", query, err)
		return
	}
	t.Logf("%q typed in %s, ms per keystroke in Chromium (search, list, layout): %v (the budget, 50 ms, is checked by make bench)", query, sel, times)
}

// TestSearchJourneys follows, on the real site, the searches of issue 12,
// typed in the home page's search: a family looking for the schools of
// Rennes offering Cuisine, a journalist typing "Rennes" or a misspelt
// "cuisinne", a regional decision-maker typing "commerce" or "MCV", then
// "lycee" and following the link to every result, /recherche/?q=lycee,
// which lists them all and passes axe.
func TestSearchJourneys(t *testing.T) {
	browser(t)
	out := realOut(t)
	x := readSearchIndex(t, out)
	ts := serve(t, fileServer(out))
	tb := openTab(t, ts.URL, false)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	const field, list = "#recherche-page", "ul.search-results"
	start := time.Now()

	t.Run("Rennes", func(t *testing.T) {
		// Whole word before substring: the 16 schools of Rennes, then
		// Varennes-sur-Allier's lycée professionnel (0030924N).
		rennes := x.schoolsWhere("Rennes", "")
		if len(rennes) < 10 {
			t.Fatalf("the index has %d schools in Rennes", len(rennes))
		}
		got := searchFor(t, tb, field, list, "Rennes")
		if len(got.Hrefs) < len(rennes) {
			t.Fatalf("Rennes: %d results shown, want at least the %d schools of Rennes: %v", len(got.Hrefs), len(rennes), got.Hrefs)
		}
		first := slices.Clone(got.Hrefs[:len(rennes)])
		slices.Sort(first)
		slices.Sort(rennes)
		if !slices.Equal(first, rennes) {
			t.Errorf("Rennes: the first %d results are not the schools of Rennes:\n got %v\nwant %v", len(rennes), got.Hrefs[:len(rennes)], rennes)
		}
		if i := indexOf(got.Hrefs, "/etablissements/0030924N/"); i >= 0 && i < len(rennes) {
			t.Errorf("Rennes: Varennes-sur-Allier's school ranks %d, before a school of Rennes", i+1)
		}
	})

	t.Run("cuisine rennes", func(t *testing.T) {
		// Formation + commune: the schools of Rennes offering a Cuisine
		// formation (in the real data, the Lycée professionnel Louis
		// Guilloux, 0350032V, offers the bac pro Cuisine 40022106), first.
		want := x.schoolsWhere("Rennes", "Cuisine")
		if !slices.Contains(want, "/etablissements/0350032V/") {
			t.Fatalf("the index does not say that 0350032V, in Rennes, offers Cuisine: %v", want)
		}
		got := searchFor(t, tb, field, list, "cuisine rennes")
		if len(got.Hrefs) < len(want) {
			t.Fatalf("cuisine rennes: %v, want %v first", got.Hrefs, want)
		}
		first := slices.Clone(got.Hrefs[:len(want)])
		slices.Sort(first)
		if !slices.Equal(first, want) {
			t.Errorf("cuisine rennes: first results %v, want the schools of Rennes offering Cuisine %v", got.Hrefs, want)
		}
		if !strings.Contains(got.Texts[0], "Rennes") || !strings.Contains(got.Texts[0], "Cuisine") {
			t.Errorf("cuisine rennes: the first result does not say its commune and the formation it offers: %q", got.Texts[0])
		}
	})

	t.Run("commerce", func(t *testing.T) {
		// Open before closed: the bac pro Métiers du commerce et de la
		// vente (40031213 and 40031214, open) before the bac pro Commerce
		// (40031202, closed by the BCN, renewed as MCV).
		got := searchFor(t, tb, field, list, "commerce")
		closed := indexOf(got.Hrefs, "/formations/40031202/")
		for _, cfd := range []string{"40031213", "40031214"} {
			i := indexOf(got.Hrefs, "/formations/"+cfd+"/")
			if i < 0 || (closed >= 0 && i > closed) {
				t.Errorf("commerce: the open bac pro %s ranks %d, the closed Commerce %d: %v", cfd, i+1, closed+1, got.Hrefs)
			}
		}
		if closed < 0 {
			t.Errorf("commerce: the closed bac pro Commerce is not among the first results: %v", got.Hrefs)
		} else if !strings.Contains(got.Texts[closed], "fermée") {
			t.Errorf("commerce: the closed formation is not said closed: %q", got.Texts[closed])
		}
	})

	t.Run("cuisinne", func(t *testing.T) {
		// One typo forgiven in a word of 5 letters or more.
		got := searchFor(t, tb, field, list, "cuisinne")
		if len(got.Hrefs) == 0 || got.Hrefs[0] != "/formations/40022106/" {
			t.Errorf("cuisinne: first result %v, want the bac pro Cuisine /formations/40022106/", got.Hrefs)
		}
	})

	t.Run("MCV", func(t *testing.T) {
		got := searchFor(t, tb, field, list, "MCV")
		if len(got.Hrefs) < 2 || !slices.Contains(got.Hrefs[:2], "/formations/40031213/") || !slices.Contains(got.Hrefs[:2], "/formations/40031214/") {
			t.Errorf("MCV: first results %v, want the two options of Métiers du commerce et de la vente", got.Hrefs)
		}
	})
	t.Logf("5 searches typed and checked in %s", time.Since(start).Round(time.Millisecond))
	keystrokes(t, tb, field, "cuisine rennes")

	t.Run("tous les résultats", func(t *testing.T) {
		got := searchFor(t, tb, field, list, "lycee")
		if len(got.Hrefs) != 20 || got.More == "" {
			t.Fatalf("lycee: %d results shown and link %q, want 20 and a link to all", len(got.Hrefs), got.More)
		}
		var n int
		if _, err := fmt.Sscanf(strings.ReplaceAll(strings.ReplaceAll(got.Status, "\u202f", ""), "\u00a0", ""), "%d", &n); err != nil || n <= 20 {
			t.Fatalf("lycee: status %q does not say how many results there are", got.Status)
		}
		if err := tb.step(chromedp.Click(chromedp.CSS(".search-more a"))); err != nil {
			t.Fatal(err)
		}
		// The items come a few hundred at a time; the list is busy until
		// the last.
		if _, err := poll(tb, `location.pathname === '/recherche/' && document.querySelectorAll('ul.search-results li').length > 20 && !document.querySelector('.search-zone[aria-busy]')`); err != nil {
			t.Fatalf("the link to every result does not open /recherche/ with them: %v", err)
		}
		all, err := eval[struct {
			Items  int      `json:"items"`
			Groups []string `json:"groups"`
			Query  string   `json:"query"`
		}](tb, `({items: document.querySelectorAll('ul.search-results li').length,
			groups: Array.from(document.querySelectorAll('.search-zone h2')).map(h => h.textContent),
			query: document.getElementById('recherche-page').value})`)
		if err != nil {
			t.Fatal(err)
		}
		if all.Items != n || all.Query != "lycee" || len(all.Groups) == 0 {
			t.Errorf("/recherche/?q=lycee lists %d results in groups %v for %q, want the %d announced", all.Items, all.Groups, all.Query, n)
		}
		t.Logf("lycee: %d results, all listed on /recherche/ in %v", n, all.Groups)
		keystrokes(t, tb, field, "lycee")
		checkAxe(t, tb)
		tb.checkLoad(t, "")
	})
}

// TestSearchHeader types in the header's search at 1280 px and, behind
// its button, at 375 px: suggestions show under the field, within the
// screen, with a link to every result; the down arrow reaches them and
// Escape closes them (at 375 px, with the dialog); axe passes with them
// open.
func TestSearchHeader(t *testing.T) {
	browser(t)
	ts := serve(t, fileServer(sampleOut(t)))
	shots := shotsDir(t, "recherche")
	for _, width := range []int64{1280, 375} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tb := openTab(t, ts.URL, false)
			if err := tb.step(chromedp.EmulateViewport(width, 800), chromedp.Navigate(ts.URL+"/formations/")); err != nil {
				t.Fatal(err)
			}
			if _, err := poll(tb, `document.documentElement.getAttribute('data-fr-js') === 'true'`); err != nil {
				t.Fatalf("the DSFR script did not start: %v", err)
			}
			if width < 992 {
				if err := tb.step(chromedp.Click(chromedp.ID("bouton-recherche"))); err != nil {
					t.Fatal(err)
				}
				if _, err := poll(tb, `document.getElementById('modal-recherche').classList.contains('fr-modal--opened')`); err != nil {
					t.Fatalf("the search dialog does not open: %v", err)
				}
			}
			if err := tb.step(chromedp.Click(chromedp.ID("recherche-input")), chromedp.SendKeys(chromedp.ID("recherche-input"), "lycee")); err != nil {
				t.Fatal(err)
			}
			if _, err := poll(tb, `!document.getElementById('recherche-suggestions').hidden && document.querySelectorAll('#recherche-suggestions li').length > 0`); err != nil {
				t.Fatalf("no suggestion under the header's field at %d px: %v", width, err)
			}
			box, err := eval[struct {
				Items, Left, Right, Top, Width float64
				More                           string
			}](tb, `(() => { const b = document.getElementById('recherche-suggestions'), r = b.getBoundingClientRect();
				const m = b.querySelector('.search-more a');
				return {Items: b.querySelectorAll('li').length, Left: r.left, Right: r.right, Top: r.top, Width: window.innerWidth, More: m ? m.getAttribute('href') : ''}; })()`)
			if err != nil {
				t.Fatal(err)
			}
			if box.Items > 8 || box.Left < 0 || box.Right > box.Width || box.More != "/recherche/?q=lycee" {
				t.Errorf("at %d px: %g suggestions from x=%g to %g (screen %g), link %q; want at most 8, on screen, and a link to all", width, box.Items, box.Left, box.Right, box.Width, box.More)
			}
			checkAxe(t, tb)
			if img, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot()); err != nil {
				t.Error(err)
			} else if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("suggestions-%d.png", width)), img, 0o644); err != nil {
				t.Error(err)
			}
			// Down arrow to the first suggestion, Escape back to the field.
			if err := tb.step(chromedp.KeyEvent(kb.ArrowDown)); err != nil {
				t.Fatal(err)
			}
			if f, err := focused(tb, "#recherche-suggestions li:first-child a"); err != nil || !f.Match || !visibleFocus(f) {
				t.Errorf("the down arrow does not focus the first suggestion visibly: %+v %v", f, err)
			}
			if err := tb.step(chromedp.KeyEvent(kb.Escape)); err != nil {
				t.Fatal(err)
			}
			// In the phone's dialog, Escape closes the dialog (the DSFR's
			// rule), focus back on its button.
			back := "recherche-input"
			if width < 992 {
				back = "bouton-recherche"
			}
			if _, err := poll(tb, `document.getElementById('recherche-suggestions').hidden && document.activeElement.id === '`+back+`'`); err != nil {
				state, _ := eval[string](tb, `'suggestions hidden: ' + document.getElementById('recherche-suggestions').hidden + ', focus on #' + document.activeElement.id + ', dialog ' + document.getElementById('modal-recherche').className`)
				t.Errorf("Escape does not close the suggestions and give the focus back to #%s (%s): %v", back, state, err)
			}
			tb.checkLoad(t, "")
		})
	}
}

// TestSearchNoJS: without JavaScript, /recherche/?q=… says that the search
// needs it and links to the indexes, rather than showing nothing.
func TestSearchNoJS(t *testing.T) {
	browser(t)
	ts := serve(t, fileServer(sampleOut(t)))
	tb := openTab(t, ts.URL, true)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/recherche/?q=cuisine")); err != nil {
		t.Fatal(err)
	}
	got, err := eval[struct {
		Text  string   `json:"text"`
		Links []string `json:"links"`
	}](tb, `(() => { const c = Array.from(document.querySelectorAll('main .fr-callout')).find(e => e.getClientRects().length && /JavaScript/.test(e.textContent));
		return c ? {text: c.textContent, links: Array.from(c.querySelectorAll('a')).map(a => a.getAttribute('href'))} : {text: '', links: []}; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, "JavaScript") {
		t.Fatal("without JavaScript, /recherche/?q=cuisine does not say that the search needs it")
	}
	for _, want := range []string{"/regions/", "/departements/", "/etablissements/", "/formations/", "/domaines/"} {
		if !slices.Contains(got.Links, want) {
			t.Errorf("without JavaScript, the message does not link to %s: %v", want, got.Links)
		}
	}
	tb.checkLoad(t, "without JavaScript, ")
}
