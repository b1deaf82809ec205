package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tabTo presses Tab until the focused element matches sel, checking on the
// way that every focused element shows its focus. It returns what was
// focused, as "id or name=value", in order.
func tabTo(t *testing.T, tb *tab, sel string, max int) ([]string, bool) {
	t.Helper()
	var seen []string
	for range max {
		if err := tb.step(chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("Tab: %v", err)
		}
		f, err := focused(tb, sel)
		if err != nil {
			t.Fatalf("focus: %v", err)
		}
		key, err := eval[string](tb, `(a => a.id || (a.name ? a.name + '=' + a.value : a.tagName + ' ' + a.textContent.trim().slice(0, 30)))(document.activeElement)`)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, key)
		if !visibleFocus(f) && f.Tag != "BODY" {
			t.Errorf("focused <%s> %q shows no focus (outline %q, box-shadow %q)", f.Tag, key, f.Outline, f.Shadow)
		}
		if f.Match {
			return seen, true
		}
	}
	return seen, false
}

// TestKeyboardSearch reaches the header search with Tab, types a query
// and lands on /recherche/ with results, on the sample site and on the
// real one (whose index holds the 3 773 schools).
func TestKeyboardSearch(t *testing.T) {
	browser(t)
	for _, c := range []struct {
		name string
		out  func(*testing.T) string
	}{{"sample", sampleOut}, {"real", realOut}} {
		t.Run(c.name, func(t *testing.T) {
			ts := serve(t, fileServer(c.out(t)))
			tb := openTab(t, ts.URL, false)
			if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/")); err != nil {
				t.Fatal(err)
			}
			seen, ok := tabTo(t, tb, "#recherche-input", 30)
			if !ok {
				t.Fatalf("the header search is not reached with Tab; focused: %s", strings.Join(seen, ", "))
			}
			t.Logf("header search reached after %d Tab", len(seen))
			if err := tb.step(chromedp.KeyEvent("lycee"), chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			if _, err := poll(tb, `location.pathname === '/recherche/' && document.querySelectorAll('ul.search-results li').length > 0`); err != nil {
				loc, _ := eval[string](tb, `location.href + ' — ' + (document.querySelector('.search-status') || {}).textContent`)
				t.Fatalf("typing lycee + Enter: no result list on /recherche/ (%s): %v", loc, err)
			}
			// The first result is reached with Tab and opens its page
			// with Enter.
			first, err := eval[string](tb, `document.querySelector('ul.search-results li a').getAttribute('href')`)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := tabTo(t, tb, "ul.search-results li:first-child a", 60); !ok {
				t.Fatal("the first result is not reached with Tab")
			}
			if err := tb.step(chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			if _, err := poll(tb, fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete'`, first)); err != nil {
				t.Fatalf("Enter on the first result does not open %s: %v", first, err)
			}
			t.Logf("lycee: first result %s opened with the keyboard", first)
		})
	}
}

// TestKeyboardForm reaches every visible control of the proposals form
// with Tab.
func TestKeyboardForm(t *testing.T) {
	browser(t)
	ts := serve(t, fileServer(sampleOut(t)))
	tb := openTab(t, ts.URL, false)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/propositions/nouvelle/")); err != nil {
		t.Fatal(err)
	}
	controls, err := eval[[]string](tb, `Array.from(document.querySelectorAll('form.proposition input, form.proposition select, form.proposition textarea, form.proposition button'))
		.filter(e => e.type !== 'hidden' && !e.disabled && e.getClientRects().length > 0)
		.map(a => a.id || (a.name ? a.name + '=' + a.value : a.tagName + ' ' + a.textContent.trim().slice(0, 30)))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(controls) < 10 {
		t.Fatalf("only %d form controls found: %v", len(controls), controls)
	}
	seen, _ := tabTo(t, tb, "form.proposition button[type=submit]", 200)
	reached := map[string]bool{}
	for _, s := range seen {
		reached[s] = true
	}
	for _, c := range controls {
		if !reached[c] {
			t.Errorf("form control %s is not reached with Tab", c)
		}
	}
	t.Logf("%d form controls, all reached with %d Tab", len(controls), len(seen))
}

// TestKeyboardMobileMenu opens the header menu at 375 px with the
// keyboard, reaches a link of it with Tab, closes it with Escape (focus
// back on its button), then follows the link with Enter; the same for the
// search, which on a phone hides behind its own button.
func TestKeyboardMobileMenu(t *testing.T) {
	browser(t)
	ts := serve(t, fileServer(sampleOut(t)))
	tb := openTab(t, ts.URL, false)
	if err := tb.step(chromedp.EmulateViewport(375, 800), chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// The DSFR's script marks the page once its components are ready.
	if _, err := poll(tb, `document.documentElement.getAttribute('data-fr-js') === 'true'`); err != nil {
		t.Fatalf("the DSFR script did not start: %v", err)
	}
	open := func(button, modal string) {
		t.Helper()
		// The focus may already be on the button (it comes back there
		// when its modal closes).
		f, err := focused(tb, button)
		if err != nil {
			t.Fatal(err)
		}
		if !f.Match {
			if seen, ok := tabTo(t, tb, button, 20); !ok {
				t.Fatalf("%s is not reached with Tab at 375 px; focused: %s", button, strings.Join(seen, ", "))
			}
		}
		if err := tb.step(chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if _, err := poll(tb, fmt.Sprintf(`document.querySelector(%q).classList.contains('fr-modal--opened') && document.querySelector(%q).contains(document.activeElement)`, modal, modal)); err != nil {
			t.Fatalf("Enter on %s does not open %s with the focus in it: %v", button, modal, err)
		}
	}

	open("#bouton-recherche", "#modal-recherche")
	if err := tb.step(chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if _, err := poll(tb, `!document.querySelector('#modal-recherche').classList.contains('fr-modal--opened') && document.activeElement.id === 'bouton-recherche'`); err != nil {
		t.Errorf("Escape does not close the search and give the focus back to its button: %v", err)
	}

	open("#bouton-menu", "#modal-menu")
	if seen, ok := tabTo(t, tb, `#modal-menu a[href="/regions/"]`, 10); !ok {
		t.Fatalf("the menu link to /regions/ is not reached with Tab; focused: %s", strings.Join(seen, ", "))
	}
	if err := tb.step(chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if _, err := poll(tb, `!document.querySelector('#modal-menu').classList.contains('fr-modal--opened') && document.activeElement.id === 'bouton-menu'`); err != nil {
		t.Errorf("Escape does not close the menu and give the focus back to its button: %v", err)
	}
	open("#bouton-menu", "#modal-menu")
	if _, ok := tabTo(t, tb, `#modal-menu a[href="/regions/"]`, 10); !ok {
		t.Fatal("the menu link to /regions/ is not reached again")
	}
	if err := tb.step(chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if _, err := poll(tb, `location.pathname === '/regions/' && document.readyState === 'complete'`); err != nil {
		t.Errorf("Enter on the menu link does not open /regions/: %v", err)
	}
}
