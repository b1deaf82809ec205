package charts

import (
	"os"
	"strings"
	"testing"
)

// A cheap guard on the browser script: it requests nothing from another
// site and still handles the four kinds of markup the pages emit (the
// search has its own script, recherche.js, guarded in generator/site).
func TestOrionJS(t *testing.T) {
	b, err := os.ReadFile("../../assets/js/orion.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	for _, s := range []string{"http://", "https://"} {
		if strings.Contains(js, s) {
			t.Errorf("orion.js mentions %s: no request may leave the site", s)
		}
	}
	for _, s := range []string{
		"chart-option", "orion", "echarts.init", "setOption", "resize", // 1. charts
		"graphique__zone--actif", "ResizeObserver", // charts drawn at their box's width
		"hrefs", "location.assign", "meta.filter", "meta.dims", // quadrant: links, minimum filter, dimensions from the option
		"chart-toggle", "aria-expanded", "Voir les données", "Masquer les données", // 2. twins
		"table.sortable", "data-sort", "data-value", "aria-sort", // 3. sortable tables
		"view-switch", "sw.hidden = false", "getInstanceByDom", // 4. niveau views
	} {
		if !strings.Contains(js, s) {
			t.Errorf("orion.js does not handle %q", s)
		}
	}
	for _, s := range []string{"innerHTML", "eval(", "new Function", ".style."} {
		if strings.Contains(js, s) {
			t.Errorf("orion.js uses %s", s)
		}
	}
}
