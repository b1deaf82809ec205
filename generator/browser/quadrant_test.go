package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// quadrantPage is a page of the sample whose quadrant has niveau views:
// the région with the most formations.
func quadrantPage(t *testing.T, out string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, "regions"))
	if err != nil {
		t.Fatal(err)
	}
	best, most := "", 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, "regions", e.Name(), "index.html"))
		if err != nil || !strings.Contains(string(b), `"kind":"quadrant"`) || !strings.Contains(string(b), "view-switch") {
			continue
		}
		if n := strings.Count(string(b), `"/formations/`); n > most {
			best, most = "/regions/"+e.Name()+"/", n
		}
	}
	if best == "" {
		t.Fatal("no région page of the sample has a quadrant with niveau views")
	}
	return best
}

type filterFacts struct {
	ID        string `json:"id"`
	Total     int    `json:"total"`
	Min       int    `json:"min"`
	Want      int    `json:"want"`
	Drawn     int    `json:"drawn"`
	Count     string `json:"count"`
	Rows      int    `json:"rows"`
	RowsAfter int    `json:"rowsAfter"`
	Reset     int    `json:"reset"`
	ResetText string `json:"resetText"`
	Switch    bool   `json:"switch"`
	Views     []bool `json:"views"` // shown, by view, after choosing the second niveau
	Chosen    int    `json:"chosen"`
}

// quadrantFilterJS types a minimum effectif (the median of the shown
// quadrant) into the filter, as a user would, and reads what the chart
// draws, the live count and the twin; then puts the filter back to 0, and
// chooses the second niveau in the select.
const quadrantFilterJS = `(async () => {
  const wait = ms => new Promise(r => setTimeout(r, ms));
  const shown = e => !!(e && e.getClientRects().length);
  const s = Array.from(document.querySelectorAll('script.chart-option')).find(s => JSON.parse(s.textContent).orion.kind === 'quadrant' && shown(document.getElementById(s.dataset.chart)));
  if (!s) return {id: ''};
  const id = s.dataset.chart, opt = JSON.parse(s.textContent);
  const effs = opt.series[0].data.map(d => d.value[2]);
  const known = effs.filter(e => e !== null).sort((a, b) => a - b);
  let min = known[Math.floor(known.length / 2)] || 1;
  if (known.every(e => e >= min)) min = known[known.length - 1] + 1; // hide something
  const want = effs.filter(e => e !== null && e >= min).length;
  const input = document.getElementById(id + '-minimum');
  if (!input) return {id, total: effs.length};
  const live = input.parentElement.querySelector('[aria-live]');
  const twinRows = () => Array.from(document.querySelectorAll('#' + id + '-donnees tbody tr')).length;
  const rows = twinRows();
  input.focus();
  input.value = String(min);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await wait(700);
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const drawn = chart.getOption().series[0].data.length, count = live.textContent, rowsAfter = twinRows();
  input.value = '0';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await wait(700);
  const reset = chart.getOption().series[0].data.length, resetText = live.textContent;
  const sw = document.querySelector('.view-switch'), sel = sw.querySelector('select');
  const start = sel.value;
  sel.value = sel.options[1].value;
  sel.dispatchEvent(new Event('change', {bubbles: true}));
  await wait(100);
  const views = Array.from(sel.options).map(o => shown(document.getElementById(o.value)));
  sel.value = start;
  sel.dispatchEvent(new Event('change', {bubbles: true}));
  return {id, total: effs.length, min, want, drawn, count, rows, rowsAfter, reset, resetText, switch: shown(sw), views, chosen: 1};
})()`

type pointFacts struct {
	X, Y float64
	Href string `json:"href"`
	Near int    `json:"near"` // distance to the nearest other point, px
}

// pointJS finds, on the quadrant id, the point with a page that stands
// farthest from the others, and where it is in the window.
const pointJS = `((id) => {
  const el = document.getElementById(id);
  el.scrollIntoView({block: 'center'});
  const chart = echarts.getInstanceByDom(el);
  const hrefs = JSON.parse(document.querySelector('script.chart-option[data-chart="' + id + '"]').textContent).orion.hrefs;
  const pts = chart.getOption().series[0].data.map((d, i) => ({i, p: chart.convertToPixel({seriesIndex: 0}, [d.value[0], d.value[1]])}));
  let best = null;
  for (const a of pts) {
    if (!hrefs[a.i]) continue;
    const near = Math.min(...pts.filter(b => b !== a).map(b => Math.hypot(a.p[0] - b.p[0], a.p[1] - b.p[1])), 1e9);
    if (!best || near > best.near) best = {a, near};
  }
  if (!best) return {x: 0, y: 0, href: '', near: 0};
  const r = el.getBoundingClientRect();
  return {x: r.left + best.a.p[0], y: r.top + best.a.p[1], href: hrefs[best.a.i], near: Math.round(best.near)};
})(%q)`

// TestQuadrantInteractions: the minimum-effectif filter hides the points
// under it with a live count and leaves the twin whole; the niveau select
// shows one view; a click on a point opens its formation's page.
func TestQuadrantInteractions(t *testing.T) {
	browser(t)
	out := sampleOut(t)
	p := quadrantPage(t, out)
	ts := serve(t, fileServer(out))
	tb := openTab(t, ts.URL, false)
	if err := tb.step(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+p)); err != nil {
		t.Fatalf("load %s: %v", p, err)
	}
	if _, err := poll(tb, `document.querySelector('.graphique__filtre input') !== null`); err != nil {
		t.Fatalf("%s: no quadrant filter: %v", p, err)
	}
	f, err := eval[filterFacts](tb, quadrantFilterJS, chromedp.EvalAwaitPromise)
	if err != nil {
		t.Fatalf("filter: %v", err)
	}
	if f.ID == "" {
		t.Fatalf("%s: no quadrant shown", p)
	}
	t.Logf("%s, quadrant %s: minimum %d leaves %d of %d points drawn; live count %q", p, f.ID, f.Min, f.Drawn, f.Total, f.Count)
	if f.Drawn != f.Want || f.Want >= f.Total {
		t.Errorf("minimum effectif %d: %d points drawn, want %d of %d", f.Min, f.Drawn, f.Want, f.Total)
	}
	if want := fmt.Sprintf("sur %d", f.Total); !strings.Contains(f.Count, want) || !strings.HasPrefix(f.Count, fmt.Sprint(f.Want)+" formation") {
		t.Errorf("live count %q, want %d formations … %s", f.Count, f.Want, want)
	}
	if f.RowsAfter != f.Rows || f.Rows < f.Total {
		t.Errorf("twin: %d rows before the filter, %d after, for %d points: it must keep every formation", f.Rows, f.RowsAfter, f.Total)
	}
	if f.Reset != f.Total || !strings.HasPrefix(f.ResetText, fmt.Sprintf("%d formation", f.Total)) {
		t.Errorf("filter back to 0: %d points drawn (%q), want all %d", f.Reset, f.ResetText, f.Total)
	}
	if !f.Switch {
		t.Error("the niveau select is hidden with JavaScript")
	}
	for i, shown := range f.Views {
		if shown != (i == f.Chosen) {
			t.Errorf("niveau view %d shown %v after choosing view %d", i, shown, f.Chosen)
		}
	}

	pt, err := eval[pointFacts](tb, fmt.Sprintf(pointJS, f.ID))
	if err != nil {
		t.Fatalf("point: %v", err)
	}
	if pt.Href == "" {
		t.Fatalf("quadrant %s: no point with a page", f.ID)
	}
	if pt.Near < 6 {
		t.Logf("the point of %s is %d px from another one: the click may open that one", pt.Href, pt.Near)
	}
	if err := tb.step(chromedp.MouseClickXY(pt.X, pt.Y)); err != nil {
		t.Fatalf("click at %g,%g: %v", pt.X, pt.Y, err)
	}
	if _, err := poll(tb, fmt.Sprintf(`location.pathname === %q`, pt.Href)); err != nil {
		loc, _ := eval[string](tb, `location.pathname`)
		t.Errorf("click on the point of %s: the page is %s, want %s", pt.Href, loc, pt.Href)
	}
	tb.checkLoad(t, "")
}
