package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/table"
)

// The templates tbody replaced, as they were: its output must stay what
// html/template made of them, escaping included.
const oldRows = `{{define "cell"}}{{if .Absent}}<span class="absent"><span aria-hidden="true">{{.Statut.Mark}}</span><span class="fr-sr-only">{{.Statut}}</span></span>{{else if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}` +
	`{{define "table"}}{{range $r, $row := .Rows}}<tr{{if $.Keys}}{{range $k, $v := index $.Keys $r}} data-{{$k}}="{{$v}}"{{end}}{{end}}>{{range $i, $c := $row}}{{if eq $i 0}}<th scope="row">{{template "cell" $c}}</th>{{else}}<td{{if $c.Num}} class="num"{{end}}>{{template "cell" $c}}</td>{{end}}{{end}}</tr>
{{else}}<tr><td colspan="{{len .Columns}}">Aucune ligne.</td></tr>{{end}}{{end}}`

func TestTbodyMatchesTemplate(t *testing.T) {
	old := template.Must(template.New("").Parse(oldRows))
	tricky := []string{"", "Lycée « Jean-Moulin » & fils", `<script>alert("x")</script>`, "l'école + 2", "a\x00b", "60,5 %"}
	hrefs := []string{"/etablissements/0350001A/", "/formations/x/#régions", "/recherche/?q=cuisine rennes&x=1", "javascript:alert(1)",
		"JavaScript:x", "https://www.data.gouv.fr/fr/datasets/a+b", "mailto:a@b.fr", "data:text/html,x", "/a:b", "relative/100%", "/a%2Fb%zz%4", "/%41"}
	var rows [][]table.Cell
	var keys []map[string]string
	for i, s := range tricky {
		for j, h := range hrefs {
			rows = append(rows, []table.Cell{{Text: s, Href: h}, {Text: s, Num: j%2 == 0},
				{Absent: true, Statut: indicator.Statut(i % 4)}, {Text: h}})
			keys = append(keys, map[string]string{"region": s, "departement": "35", "b-c": h, "x y": "1", "Niveau": "3", "href": "x", "onclick": "y", "source": "z"})
		}
	}
	cols := []table.Column{{Label: "a"}, {Label: "b"}, {Label: "c"}, {Label: "d"}}
	for _, h := range []table.HTML{
		{Columns: cols, Rows: rows, Keys: keys},
		{Columns: cols, Rows: rows},
		{Columns: cols},
	} {
		var want strings.Builder
		if err := old.ExecuteTemplate(&want, "table", h); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), string(tbody(h, true))); diff != "" {
			t.Errorf("tbody differs from the template (-template +tbody):\n%s", diff)
		}
	}
	if got := tbody(table.HTML{Columns: cols}, false); got != "" {
		t.Errorf("a chart's empty data table: %q, want no row", got)
	}
}
