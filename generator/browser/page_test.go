package browser

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/orion-static/orion/generator/internal/twincheck"
)

const pageTimeout = 45 * time.Second // generous: CI runs the real site build on the same 2 cores meanwhile

// pagesOf picks the pages to check: every singleton page, and perEntity
// pages of each entity type (the first and the last in code order, which
// in the real data are an overseas and a mainland territory, then the
// following ones).
func pagesOf(t *testing.T, out string, perEntity int) []string {
	t.Helper()
	pages := []string{"/", "/regions/", "/departements/", "/etablissements/", "/formations/", "/domaines/",
		"/donnees/", "/recherche/", "/glossaire/", "/methodologie/", "/accessibilite/", "/mentions-legales/",
		"/donnees-personnelles/", "/propositions/nouvelle/", "/propositions/recue/", "/propositions/",
		"/pilotage/", "/404.html"}
	built := pages[:0]
	for _, p := range pages {
		f := filepath.Join(out, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			f = filepath.Join(f, "index.html")
		}
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s is not in this build", p)
			continue
		}
		built = append(built, p)
	}
	pages = built
	for _, kind := range []string{"regions", "departements", "etablissements", "formations", "domaines"} {
		entries, err := os.ReadDir(filepath.Join(out, kind))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
		if len(names) < perEntity {
			t.Errorf("%s: %d pages, want %d to check", kind, len(names), perEntity)
		}
		// The first and the last in code order, then those after the first.
		picked := map[string]bool{}
		for _, i := range []int{0, len(names) - 1, 1, 2, 3, 4, 5} {
			if i >= 0 && i < len(names) && len(picked) < perEntity && !picked[names[i]] {
				picked[names[i]] = true
				pages = append(pages, "/"+kind+"/"+names[i]+"/")
			}
		}
	}
	return pages
}

// kindOf names the page type of a path, for the weight report.
func kindOf(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/":
		return "accueil"
	case len(parts) == 1:
		return p
	case parts[0] == "propositions":
		return p
	}
	return parts[0] + " (entité)"
}

// tab is one page load in its own tab with everything it did recorded.
type tab struct {
	ctx      context.Context
	origin   string
	mu       sync.Mutex
	requests []string
	failed   []string
	console  []string
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		tb.failed = append(tb.failed, fmt.Sprintf("%s (%s)", ev.Type, ev.ErrorText))
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			tb.failed = append(tb.failed, fmt.Sprintf("%s: HTTP %d", ev.Response.URL, ev.Response.Status))
		}
	case *runtime.EventExceptionThrown:
		tb.console = append(tb.console, "exception: "+ev.ExceptionDetails.Text+exceptionDesc(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			tb.console = append(tb.console, "console.error: "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			tb.console = append(tb.console, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	}
}

func exceptionDesc(d *runtime.ExceptionDetails) string {
	if d != nil && d.Exception != nil {
		return " " + d.Exception.Description
	}
	return ""
}

// openTab opens a new tab of the shared browser, with network events on
// and scripts disabled when noJS.
func openTab(t *testing.T, origin string, noJS bool) *tab {
	t.Helper()
	tb := &tab{origin: origin}
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	tctx, tcancel := context.WithTimeout(ctx, 4*pageTimeout)
	t.Cleanup(tcancel)
	tb.ctx = tctx
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	if noJS {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("disable scripts: %v", err)
		}
	}
	return tb
}

// step runs actions with the per-page timeout.
func (tb *tab) step(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

func eval[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource reads the pinned axe-core from node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile("../../node_modules/axe-core/axe.min.js")
		axeJS = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core (npm ci --ignore-scripts): %v", axeErr)
	}
	return axeJS
}

// weight is the page weight of one checked page: what a visitor with an
// empty cache downloads, gzip -9 (as a static host or CDN serves text; fonts
// and images are counted as they are), and the same uncompressed.
type weight struct {
	page                  string
	html, css, js, all    int // gzip bytes
	rawCSS, rawJS, rawAll int // uncompressed bytes
	charts                int
}

// budget is the weight budget of a page type, documented in the README.
type budget struct{ html, css, js, all int }

// budgetOf: 60 kB of HTML for an entity page, 120 kB for the others (the
// établissements index lists every school); the same CSS (the DSFR) and
// at most the DSFR's scripts, the site's ECharts bundle and the project's
// own scripts for every page; 450 kB in all for an entity page.
func budgetOf(kind string) budget {
	b := budget{html: 120_000, css: 110_000, js: 300_000, all: 700_000}
	if strings.HasSuffix(kind, "(entité)") {
		b.html = 60_000
		b.all = 450_000
	}
	return b
}

// checkSitePages runs every browser check on each page of pages, six tabs
// at a time, and prints the weight report.
func checkSitePages(t *testing.T, out string, pages []string, shots string) {
	ts := serve(t, fileServer(out))
	browser(t)
	var mu sync.Mutex
	var weights []weight
	sem := make(chan struct{}, 6)
	t.Run("pages", func(t *testing.T) {
		for _, p := range pages {
			t.Run(strings.Trim(p, "/"), func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				w := checkPage(t, out, ts.URL, p, shots)
				mu.Lock()
				weights = append(weights, w)
				mu.Unlock()
				checkNoJS(t, ts.URL, p)
			})
		}
	})
	report(t, weights)
}

// report prints the heaviest page of each type and applies the budgets.
func report(t *testing.T, weights []weight) {
	t.Helper()
	heaviest := map[string]weight{}
	for _, w := range weights {
		k := kindOf(w.page)
		if w.all >= heaviest[k].all {
			heaviest[k] = w
		}
		b := budgetOf(k)
		for _, c := range []struct {
			what        string
			got, budget int
		}{{"HTML", w.html, b.html}, {"CSS", w.css, b.css}, {"JS", w.js, b.js}, {"everything fetched", w.all, b.all}} {
			if c.got > c.budget {
				t.Errorf("%s: %s weighs %d bytes gzip, over its budget of %d (README, « Budgets de poids »)", w.page, c.what, c.got, c.budget)
			}
		}
	}
	var kinds []string
	for k := range heaviest {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "page weight, heaviest checked page of each type: bytes gzip -9 (uncompressed), empty cache\n")
	fmt.Fprintf(&b, "%-24s %8s %18s %18s %20s %6s  %s\n", "type", "HTML", "CSS", "JS", "fetched", "charts", "page")
	for _, k := range kinds {
		w := heaviest[k]
		fmt.Fprintf(&b, "%-24s %8d %8d (%7d) %8d (%7d) %9d (%8d) %6d  %s\n", k, w.html, w.css, w.rawCSS, w.js, w.rawJS, w.all, w.rawAll, w.charts, w.page)
	}
	t.Log(b.String())
}

// checkPage runs the checks of one page with JavaScript on.
func checkPage(t *testing.T, out, origin, p, shots string) weight {
	tb := openTab(t, origin, false)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(origin+p)); err != nil {
		t.Fatalf("load %s: %v", p, err)
	}
	// Charts are drawn by orion.js after DOMContentLoaded; wait for them.
	if _, err := poll(tb, `Array.from(document.querySelectorAll('script.chart-option')).every(s => { const el = document.getElementById(s.dataset.chart); return el && el.querySelector('canvas, svg'); })`); err != nil {
		t.Errorf("charts not drawn within %s: %v", pageTimeout, err)
	}
	charts := checkCharts(t, tb)
	checkAxe(t, tb, true)
	checkKeyboard(t, tb)
	checkScreens(t, tb, p, shots)

	requests := tb.checkLoad(t, "")
	w := weightOf(out, origin, p, requests)
	w.charts = charts
	return w
}

// checkLoad reports what went wrong while the tab loaded: a request
// outside the site, a failed request, a console error. It returns the
// requests made.
func (tb *tab) checkLoad(t *testing.T, prefix string) []string {
	t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.requests {
		if isExternal(u, tb.origin) {
			t.Errorf("%srequest outside the site: %s", prefix, u)
		}
	}
	for _, f := range tb.failed {
		t.Errorf("%sfailed request: %s", prefix, f)
	}
	for _, c := range tb.console {
		t.Errorf("%sconsole error: %s", prefix, c)
	}
	return append([]string(nil), tb.requests...)
}

// poll waits until expr is true; an error (a navigation under way drops
// the page's context) restarts it until the timeout.
func poll(tb *tab, expr string) (bool, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
	defer cancel()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Poll[bool](expr))
		if err == nil || ctx.Err() != nil {
			return ok, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// weightOf sums the files behind the requests of a page load.
func weightOf(out, origin, p string, requests []string) weight {
	w := weight{page: p}
	seen := map[string]bool{}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || isExternal(r, origin) || seen[u.Path] {
			continue
		}
		seen[u.Path] = true
		f := filepath.Join(out, filepath.FromSlash(u.Path))
		if strings.HasSuffix(u.Path, "/") {
			f = filepath.Join(f, "index.html")
		}
		raw, gz, err := sizes(f)
		if err != nil {
			continue
		}
		w.all += gz
		w.rawAll += raw
		switch {
		case strings.HasSuffix(f, ".css"):
			w.css += gz
			w.rawCSS += raw
		case strings.HasSuffix(f, ".js"):
			w.js += gz
			w.rawJS += raw
		case u.Path == p:
			w.html = gz
		}
	}
	return w
}

var sizeCache sync.Map // file → [2]int{raw, gzip}

// sizes gives the size of a file and, for text, its size gzip -9 (fonts
// and images are served as they are).
func sizes(f string) (raw, gz int, err error) {
	if v, ok := sizeCache.Load(f); ok {
		s := v.([2]int)
		return s[0], s[1], nil
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return 0, 0, err
	}
	raw, gz = len(b), len(b)
	switch filepath.Ext(f) {
	case ".html", ".css", ".js", ".json", ".svg", ".csv", ".txt":
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		gz = buf.Len()
	}
	sizeCache.Store(f, [2]int{raw, gz})
	return raw, gz, nil
}

type chartFacts struct {
	ID      string   `json:"id"`
	Option  string   `json:"option"`
	Cells   []string `json:"cells"`
	Width   float64  `json:"width"`
	Height  float64  `json:"height"`
	Box     float64  `json:"box"` // width of the chart's figure
	Visible bool     `json:"visible"`
}

// chartsJS shows each niveau view in turn (through its switch, as a user
// would) and measures the canvas of every chart once its view is shown.
const chartsJS = `(async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  const facts = {};
  const measure = () => {
    for (const s of document.querySelectorAll('script.chart-option')) {
      const id = s.dataset.chart, el = document.getElementById(id);
      const c = el && el.querySelector('canvas, svg');
      const r = c ? c.getBoundingClientRect() : {width: 0, height: 0};
      const box = el && el.parentElement ? el.parentElement.getBoundingClientRect().width : 0;
      const visible = !!(el && el.getClientRects().length);
      const twin = document.getElementById(id + '-donnees');
      const cells = twin ? Array.from(twin.querySelectorAll('table td, table th')).map(c => c.textContent) : [];
      if (!facts[id] || (visible && !facts[id].visible)) {
        facts[id] = {id, option: s.textContent, cells, width: r.width, height: r.height, box, visible};
      }
    }
  };
  measure();
  for (const sel of document.querySelectorAll('.view-switch select')) {
    const start = sel.value;
    for (const o of sel.options) {
      sel.value = o.value; sel.dispatchEvent(new Event('change', {bubbles: true}));
      await frame(); measure();
    }
    sel.value = start; sel.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return Object.values(facts);
})()`

// minChartShare is how much of its box a chart must fill: a chart drawn
// before its box had a width stays 100 px wide.
const minChartShare = 0.9

// checkChartWidths: at the current viewport, every chart (each niveau
// view shown in turn) fills at least 90 % of its figure's width.
func checkChartWidths(t *testing.T, tb *tab, viewport int64) []chartFacts {
	t.Helper()
	charts, err := eval[[]chartFacts](tb, chartsJS, chromedp.EvalAwaitPromise)
	if err != nil {
		t.Errorf("charts at %d px: %v", viewport, err)
		return nil
	}
	for _, c := range charts {
		if c.Width <= 0 || c.Height <= 0 {
			t.Errorf("chart %s at %d px: canvas %gx%g (visible %v)", c.ID, viewport, c.Width, c.Height, c.Visible)
		} else if c.Width < minChartShare*c.Box {
			t.Errorf("chart %s at %d px: canvas %g px wide in a box of %g px (%.0f %%, want at least %.0f %%)", c.ID, viewport, c.Width, c.Box, 100*c.Width/c.Box, 100*minChartShare)
		}
	}
	return charts
}

// checkCharts: every chart fills its box and its twin table holds the
// numbers it draws.
func checkCharts(t *testing.T, tb *tab) int {
	t.Helper()
	charts := checkChartWidths(t, tb, 1280)
	for _, c := range charts {
		if len(c.Cells) == 0 {
			t.Errorf("chart %s: no table twin #%s-donnees", c.ID, c.ID)
			continue
		}
		if x, absent, err := twincheck.Absent([]byte(c.Option), c.Cells); err != nil {
			t.Errorf("chart %s: option: %v", c.ID, err)
		} else if absent {
			t.Errorf("chart %s draws %v, absent from its table twin", c.ID, x)
		}
	}
	return len(charts)
}

type violation struct {
	State   string   `json:"state"`
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Nodes   int      `json:"nodes"`
}

// axeRunJS defines axeRun(context, state): the WCAG 2.1 A/AA rules of
// axe-core on context, violations tagged with the page state.
const axeRunJS = `window.axeRun = (context, state) => axe.run(context, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})
	.then(r => r.violations.map(v => ({state, id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.length,
		targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})));`

// axeStatesJS checks what the first state of the page hides: every table
// twin opened by its button, then each other niveau view shown by its
// switch; each part is checked once it is shown, and the page is put back.
const axeStatesJS = `(async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  let out = [];
  const closed = Array.from(document.querySelectorAll('button.chart-toggle[aria-expanded="false"]:not([hidden])'));
  if (closed.length) {
    closed.forEach(b => b.click());
    await frame();
    out = out.concat(await axeRun({include: closed.map(b => ['#' + b.getAttribute('aria-controls')])}, 'tableaux des graphiques ouverts'));
    closed.forEach(b => b.click());
  }
  for (const sel of document.querySelectorAll('.view-switch select')) {
    const start = sel.value;
    for (const o of sel.options) {
      if (o.value === start || !document.getElementById(o.value)) continue;
      sel.value = o.value; sel.dispatchEvent(new Event('change', {bubbles: true}));
      await frame();
      out = out.concat(await axeRun({include: [['#' + o.value]]}, 'vue « ' + o.textContent.trim() + ' »'));
    }
    sel.value = start; sel.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return out;
})()`

// checkAxe injects the pinned axe-core and runs the WCAG 2.1 A/AA rules on
// the page as it is; with states, also on what its first state hides.
func checkAxe(t *testing.T, tb *tab, states ...bool) {
	t.Helper()
	if _, err := eval[chromedp.Void](tb, axeSource(t)+";"+axeRunJS); err != nil {
		t.Errorf("inject axe-core: %v", err)
		return
	}
	w, err := eval[float64](tb, `window.innerWidth`)
	if err != nil {
		t.Errorf("axe: %v", err)
		return
	}
	vs, err := eval[[]violation](tb, fmt.Sprintf(`axeRun(document, 'page à %g px')`, w), chromedp.EvalAwaitPromise)
	if err != nil {
		t.Errorf("axe.run: %v", err)
		return
	}
	if len(states) > 0 && states[0] {
		more, err := eval[[]violation](tb, axeStatesJS, chromedp.EvalAwaitPromise)
		if err != nil {
			t.Errorf("axe.run on the hidden parts: %v", err)
		}
		vs = append(vs, more...)
	}
	for _, v := range vs {
		t.Errorf("axe %s (%s), %s: %s; %d elements, first: %s", v.ID, v.Impact, v.State, v.Help, v.Nodes, strings.Join(v.Targets, " | "))
	}
}

type focusFacts struct {
	Match   bool   `json:"match"`
	Tag     string `json:"tag"`
	Text    string `json:"text"`
	Outline string `json:"outline"`
	Shadow  string `json:"shadow"`
}

// focusJS describes the focused element; its focus ring may be drawn by a
// pseudo-element (the DSFR's enlarged links outline their ::before).
const focusJS = `(sel => {
  const a = document.activeElement;
  if (!a) return {match: false, tag: '', text: '', outline: 'none', shadow: 'none'};
  const styles = [getComputedStyle(a), getComputedStyle(a, '::before'), getComputedStyle(a, '::after')];
  const ring = styles.find(cs => cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px') || styles.find(cs => cs.boxShadow !== 'none') || styles[0];
  return {match: a.matches(sel), tag: a.tagName, text: (a.id || a.textContent || '').trim().slice(0, 40),
    outline: ring.outlineStyle + ' ' + ring.outlineWidth, shadow: ring.boxShadow};
})(%q)`

func focused(tb *tab, sel string) (focusFacts, error) {
	return eval[focusFacts](tb, fmt.Sprintf(focusJS, sel))
}

func visibleFocus(f focusFacts) bool {
	return (!strings.HasPrefix(f.Outline, "none") && !strings.HasSuffix(f.Outline, " 0px")) || (f.Shadow != "" && f.Shadow != "none")
}

// checkKeyboard: the first Tab from the top lands on the skip link, and
// focus is visible.
func checkKeyboard(t *testing.T, tb *tab) {
	t.Helper()
	if _, err := eval[chromedp.Void](tb, `window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();`); err != nil {
		t.Errorf("keyboard: %v", err)
		return
	}
	if err := tb.step(chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Errorf("Tab: %v", err)
		return
	}
	f, err := focused(tb, ".fr-skiplinks a")
	if err != nil {
		t.Errorf("focus: %v", err)
		return
	}
	if !f.Match {
		t.Errorf("first Tab focuses <%s> %q, not the skip link", f.Tag, f.Text)
	}
	if !visibleFocus(f) {
		t.Errorf("focused skip link has no visible focus (outline %q, box-shadow %q)", f.Outline, f.Shadow)
	}
}

// checkScreens writes a 375 px and a 1280 px screenshot of the whole page
// and checks that the mobile width has no horizontal scroll.
func checkScreens(t *testing.T, tb *tab, p, dir string) {
	t.Helper()
	name := strings.ReplaceAll(strings.Trim(p, "/"), "/", "_")
	if name == "" {
		name = "accueil"
	}
	// The skip link focused by the keyboard check would show over the header.
	if _, err := eval[chromedp.Void](tb, `if (document.activeElement) document.activeElement.blur();`); err != nil {
		t.Errorf("blur: %v", err)
	}
	for _, width := range []int64{375, 1280} {
		if err := tb.step(chromedp.EmulateViewport(width, 900), chromedp.Sleep(100*time.Millisecond)); err != nil {
			t.Errorf("viewport %d: %v", width, err)
			return
		}
		if width == 375 {
			checkChartWidths(t, tb, width)
		}
		// The whole page as a PNG, unless it is taller than a browser can
		// capture at once (the établissements index): then the top.
		shot := chromedp.FullScreenshot(100)
		if h, err := eval[float64](tb, `document.documentElement.scrollHeight`); err != nil || h > 15000 {
			shot = chromedp.CaptureScreenshot()
		}
		ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
		img, err := chromedp.Run(ctx, shot)
		cancel()
		if err != nil {
			t.Errorf("screenshot %d: %v", width, err)
			return
		}
		f := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width))
		if err := os.WriteFile(f, img, 0o644); err != nil {
			t.Error(err)
		}
		shootCharts(t, tb, filepath.Join(dir, fmt.Sprintf("%s-%d", name, width)))
		if width == 375 {
			checkAxe(t, tb)
			over, err := eval[string](tb, `(() => {
				const sw = document.documentElement.scrollWidth, iw = window.innerWidth;
				if (sw <= iw) return '';
				const over = e => e.getBoundingClientRect().right > iw + 1 && e.getClientRects().length > 0;
				const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
				const wide = Array.from(document.querySelectorAll('body *')).filter(e => over(e) && (!clipped(e) || ['absolute', 'fixed'].includes(getComputedStyle(e).position)) && !over(e.parentElement) || (over(e) && getComputedStyle(e).position === 'absolute'))
					.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + (e.className.baseVal !== undefined ? e.className.baseVal : e.className).split(' ').join('.'));
				return sw + ' > ' + iw + ' (body overflow-x ' + getComputedStyle(document.body).overflowX + ', html ' + getComputedStyle(document.documentElement).overflowX + '; ' + wide.join(', ') + ')';
			})()`)
			if err != nil {
				t.Errorf("scroll width: %v", err)
			} else if over != "" {
				t.Errorf("horizontal scroll at 375 px: scrollWidth %s", over)
			}
		}
	}
}

// shootCharts writes a PNG of each chart figure shown, to look at the
// charts at the size a visitor sees them: prefix-ID.png.
func shootCharts(t *testing.T, tb *tab, prefix string) {
	t.Helper()
	ids, err := eval[[]string](tb, `Array.from(document.querySelectorAll('.graphique__zone')).filter(e => e.getClientRects().length && e.querySelector('canvas')).map(e => e.id)`)
	if err != nil {
		t.Errorf("charts to capture: %v", err)
		return
	}
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(tb.ctx, pageTimeout)
		img, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`figure:has(> #`+id+`)`)))
		cancel()
		if err != nil {
			t.Errorf("screenshot of chart %s: %v", id, err)
			continue
		}
		if err := os.WriteFile(prefix+"-"+id+".png", img, 0o644); err != nil {
			t.Error(err)
		}
	}
}

type noJSFacts struct {
	Figures     int      `json:"figures"`
	Tables      int      `json:"tables"`
	Empty       []string `json:"empty"`
	ScriptRan   bool     `json:"scriptRan"`
	Switches    int      `json:"switches"`    // niveau selects shown
	HiddenViews []string `json:"hiddenViews"` // niveau views not shown
	Zones       int      `json:"zones"`       // empty chart zones taking room
}

// checkNoJS: with scripts disabled every key figure and every table is
// shown and has text.
func checkNoJS(t *testing.T, origin, p string) {
	tb := openTab(t, origin, true)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(origin+p)); err != nil {
		t.Fatalf("load %s without JavaScript: %v", p, err)
	}
	f, err := eval[noJSFacts](tb, `(() => {
		const shown = e => e.getClientRects().length > 0 && e.textContent.trim() !== '';
		const figs = Array.from(document.querySelectorAll('.chiffre .valeur'));
		const tables = Array.from(document.querySelectorAll('table'));
		const empty = figs.concat(tables).filter(e => !shown(e)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.closest('[id]') ? ' in #' + e.closest('[id]').id : ''));
		return {figures: figs.length, tables: tables.length, empty, scriptRan: document.querySelector('button.chart-toggle:not([hidden])') !== null,
			switches: Array.from(document.querySelectorAll('.view-switch')).filter(e => e.getClientRects().length).length,
			hiddenViews: Array.from(document.querySelectorAll('.view')).filter(e => !e.getClientRects().length).map(e => e.id),
			zones: Array.from(document.querySelectorAll('.graphique__zone')).filter(e => e.getClientRects().length).length};
	})()`)
	if err != nil {
		t.Errorf("without JavaScript: %v", err)
		return
	}
	if f.ScriptRan {
		t.Error("scripts ran although they were disabled")
	}
	tb.checkLoad(t, "without JavaScript, ")
	for _, e := range f.Empty {
		t.Errorf("without JavaScript, %s is hidden or empty", e)
	}
	if f.Switches > 0 {
		t.Errorf("without JavaScript, %d niveau selects are shown, which could not work", f.Switches)
	}
	for _, v := range f.HiddenViews {
		t.Errorf("without JavaScript, the niveau view #%s is hidden", v)
	}
	if f.Zones > 0 {
		t.Errorf("without JavaScript, %d empty chart zones take room", f.Zones)
	}
}

// shotsDir is where the screenshots of a run go: ORION_SCREENSHOTS, or
// orion-captures in the system's temporary folder, kept after the test so
// that a person can look at them; sub is emptied first.
func shotsDir(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("ORION_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "orion-captures")
	}
	dir = filepath.Join(dir, sub)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots (375 and 1280 px) in %s", dir)
	return dir
}

func TestSamplePages(t *testing.T) {
	browser(t)
	out := sampleOut(t)
	checkSitePages(t, out, pagesOf(t, out, 2), shotsDir(t, "sample"))
}

func TestRealPages(t *testing.T) {
	browser(t)
	out := realOut(t)
	checkSitePages(t, out, pagesOf(t, out, 2), shotsDir(t, "real"))
}
