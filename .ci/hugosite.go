// Command hugosite writes a Hugo site of N pages shaped like Orion's entity
// pages, for `make bench` (.ci/bench) to compare the two generators on the
// same number of pages. Each page has, as an établissement page of Orion:
// a layout of about 7 kB (header, menu, footer), an identity block, 11 key
// figures, 3 tables of 10 rows and 4 charts, each a JSON island with a
// 5-row table twin, and a CSV of 30 rows beside it (an output format);
// minified output. Pages are spread over the same five sections.
//
//	go run .ci/hugosite.go -pages 3030 -out /tmp/hugo-bench
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

const config = `baseURL = "https://bench.example.org/"
languageCode = "fr"
title = "Banc d'essai"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[minify]
  minifyOutput = true

[outputs]
  page = ["html", "csv"]
`

const baseof = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} | Banc</title><meta name="description" content="{{ .Title }} : formations, effectifs, attractivité et devenir des élèves.">
<meta property="og:title" content="{{ .Title }}"><link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/assets/dsfr.css"><link rel="stylesheet" href="/assets/site.css"></head>
<body><div class="fr-skiplinks"><nav class="fr-container" aria-label="Accès rapide"><ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li><li><a class="fr-link" href="#navigation">Menu</a></li><li><a class="fr-link" href="#pied">Pied de page</a></li></ul></nav></div>
<header role="banner" class="fr-header"><div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row"><div class="fr-header__brand fr-enlarge-link"><div class="fr-header__brand-top"><div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div></div>
<div class="fr-header__service"><a href="/" title="Accueil — Banc"><p class="fr-header__service-title">Banc d'essai</p></a><p class="fr-header__service-tagline">Formations professionnelles : attractivité et devenir des élèves</p></div></div>
<div class="fr-header__tools"><div class="fr-header__search fr-modal" id="modal-recherche"><div class="fr-container fr-container-lg--fluid"><form class="fr-search-bar" role="search" action="/recherche/" method="get"><label class="fr-label" for="recherche-input">Rechercher</label><input class="fr-input" id="recherche-input" name="q" type="search" placeholder="Rechercher"><button class="fr-btn" type="submit" title="Rechercher">Rechercher</button></form></div></div></div></div></div></div>
<div class="fr-header__menu fr-modal" id="navigation"><div class="fr-container"><nav class="fr-nav" role="navigation" aria-label="Menu principal"><ul class="fr-nav__list">
{{ range .Site.Sections }}<li class="fr-nav__item"><a class="fr-nav__link" href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
<li class="fr-nav__item"><a class="fr-nav__link" href="/donnees/">Données</a></li><li class="fr-nav__item"><a class="fr-nav__link" href="/methodologie/">Méthodologie</a></li><li class="fr-nav__item"><a class="fr-nav__link" href="/glossaire/">Glossaire</a></li></ul></nav></div></div></header>
<main role="main" id="contenu"><div class="fr-container fr-mt-4w fr-mb-8w">
<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list"><li><a class="fr-breadcrumb__link" href="/">Accueil</a></li>{{ with .Parent }}<li><a class="fr-breadcrumb__link" href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li><a class="fr-breadcrumb__link" aria-current="page">{{ .Title }}</a></li></ol></nav>
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ end }}
</div></main>
<footer class="fr-footer" role="contentinfo" id="pied"><div class="fr-container"><div class="fr-footer__body"><div class="fr-footer__brand fr-enlarge-link"><a href="/" title="Retour à l’accueil"><p class="fr-logo">République<br>Française</p></a></div>
<div class="fr-footer__content"><p class="fr-footer__content-desc">Données ouvertes du ministère de l’Éducation nationale, de l’INSEE et de France Travail, agrégées pour chaque lycée professionnel, formation, département, région et domaine. Jeu de données fictif pour le banc d’essai.</p>
<ul class="fr-footer__content-list"><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.legifrance.gouv.fr">legifrance.gouv.fr</a></li><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.gouvernement.fr">gouvernement.fr</a></li><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.service-public.fr">service-public.fr</a></li><li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.data.gouv.fr">data.gouv.fr</a></li></ul></div></div>
<div class="fr-footer__bottom"><ul class="fr-footer__bottom-list"><li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/plan/">Plan du site</a></li><li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/accessibilite/">Accessibilité : partiellement conforme</a></li><li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/mentions-legales/">Mentions légales</a></li><li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/donnees-personnelles/">Données personnelles</a></li></ul>
<div class="fr-footer__bottom-copy"><p>Sauf mention contraire, tous les contenus de ce site sont sous licence etalab-2.0.</p></div></div></div></footer>
<script type="module" src="/assets/dsfr.module.js"></script><script src="/assets/site.js" defer></script></body></html>
`

const single = `{{ define "main" }}<p class="fr-text--lead">{{ .Params.intro }}</p>
<dl class="identite fr-mb-4w">{{ range .Params.identity }}<div><dt>{{ .label }}</dt><dd>{{ if .href }}<a href="{{ .href }}">{{ .value }}</a>{{ else }}{{ .value }}{{ end }}</dd></div>{{ end }}</dl>
<h2 class="fr-h3">Chiffres clés</h2><ul class="cartes">{{ range .Params.figures }}<li class="chiffre"><p class="libelle"><a href="/glossaire/#{{ .id }}" title="Définition : {{ .label }} (glossaire)">{{ .label }}</a></p>
{{ if .missing }}<p class="valeur absent" title="{{ .why }}">–</p>{{ else }}<p class="valeur">{{ .value }}</p>{{ end }}
<p class="source"><span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{{ .year }}</span> {{ .source }}</p></li>{{ end }}</ul>
{{ range .Params.tables }}<section id="{{ .id }}" class="fr-mt-6w"><h2>{{ .title }}</h2>
<p class="fr-mb-2w"><a class="fr-link fr-link--download" download href="{{ $.RelPermalink }}index.csv">Télécharger les données <span class="fr-link__detail">CSV</span></a></p>
{{ template "table" . }}</section>{{ end }}
{{ range .Params.charts }}<figure class="graphique fr-mb-4w"><figcaption class="fr-h6">{{ .title }}</figcaption>
<div class="graphique__zone" id="{{ .id }}" role="img" aria-label="{{ .summary }}"></div>
<script type="application/json" class="chart-option" data-chart="{{ .id }}">{{ jsonify .option | safeJS }}</script>
<p class="fr-sr-only">{{ .summary }}</p><button class="fr-btn fr-btn--tertiary fr-btn--sm chart-toggle" type="button" aria-controls="{{ .id }}-donnees" aria-expanded="false" hidden>Voir les données</button>
<div id="{{ .id }}-donnees" class="graphique__donnees">{{ template "table" .twin }}</div></figure>{{ end }}
{{ .Content }}
{{ end }}
{{ define "table" }}<div class="fr-table fr-table--bordered"><div class="fr-table__wrapper"><div class="fr-table__container" tabindex="0" role="region" aria-label="{{ .caption }}"><div class="fr-table__content">
<table class="sortable"><caption>{{ .caption }}</caption><thead><tr>{{ range .columns }}<th scope="col" data-sort="num">{{ . }}</th>{{ end }}</tr></thead>
<tbody>{{ range .rows }}<tr>{{ range $i, $c := . }}{{ if eq $i 0 }}<th scope="row">{{ if $c.href }}<a href="{{ $c.href }}">{{ $c.text }}</a>{{ else }}{{ $c.text }}{{ end }}</th>{{ else }}<td{{ if $c.num }} class="num"{{ end }}{{ if $c.value }} data-value="{{ $c.value }}"{{ end }}>{{ if $c.absent }}<span class="absent" title="secret statistique"><span aria-hidden="true">–</span><span class="fr-sr-only">secret statistique</span></span>{{ else }}{{ $c.text }}{{ end }}</td>{{ end }}{{ end }}</tr>
{{ end }}</tbody></table></div></div></div></div>{{ end }}
`

const csv = `{{ range .Params.csv }}{{ delimit . "," }}
{{ end }}`

const list = `{{ define "main" }}<ul class="liens">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`

type cell struct {
	Text   string `json:"text"`
	Href   string `json:"href,omitempty"`
	Num    bool   `json:"num,omitempty"`
	Value  string `json:"value,omitempty"`
	Absent bool   `json:"absent,omitempty"`
}

type table struct {
	ID      string   `json:"id,omitempty"`
	Title   string   `json:"title,omitempty"`
	Caption string   `json:"caption"`
	Columns []string `json:"columns"`
	Rows    [][]cell `json:"rows"`
}

var sections = []struct{ name, title string }{
	{"etablissements", "Établissements"}, {"formations", "Formations"}, {"departements", "Départements"},
	{"regions", "Régions"}, {"domaines", "Domaines"},
}

func main() {
	pages := flag.Int("pages", 3030, "number of pages")
	out := flag.String("out", "", "directory of the Hugo site (created)")
	flag.Parse()
	if *out == "" {
		log.Fatal("hugosite: -out is required")
	}
	write := func(name, s string) {
		p := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("hugo.toml", config)
	write("layouts/_default/baseof.html", baseof)
	write("layouts/_default/single.html", single)
	write("layouts/_default/single.csv", csv)
	write("layouts/_default/list.html", list)
	for _, s := range sections {
		write("content/"+s.name+"/_index.md", fmt.Sprintf("---\ntitle: %q\n---\n", s.title))
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	num := func() cell {
		if rnd.IntN(10) == 0 {
			return cell{Absent: true, Num: true}
		}
		v := fmt.Sprintf("%.1f", rnd.Float64()*100)
		return cell{Text: strings.Replace(v, ".", ",", 1) + " %", Num: true, Value: v}
	}
	columns := []string{"Formation", "Niveau", "Capacité", "Vœux 1", "Pression", "Remplissage", "Emploi 6 mois", "Poursuite"}
	mkTable := func(id, title string, rows int) table {
		t := table{ID: id, Title: title, Caption: title + " (rentrée 2023)", Columns: columns}
		for r := range rows {
			row := []cell{{Text: fmt.Sprintf("Formation fictive numéro %d en maintenance des équipements", r), Href: fmt.Sprintf("/formations/f%05d/", rnd.IntN(*pages))},
				{Text: []string{"CAP", "BAC PRO", "BTS"}[r%3]}}
			for range len(columns) - 2 {
				row = append(row, num())
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	for i := range *pages {
		s := sections[0]
		if i%10 >= 9 { // nine pages in ten are établissements, as in Orion
			s = sections[1+i%4]
		}
		fm := map[string]any{"title": fmt.Sprintf("Lycée professionnel fictif numéro %d", i),
			"intro": "Lycée professionnel public de Rennes : 12 formations à la rentrée 2023, 480 élèves."}
		fm["identity"] = []map[string]string{{"label": "UAI", "value": fmt.Sprintf("%07dX", i)}, {"label": "Commune", "value": "Rennes", "href": "/departements/35/"},
			{"label": "Département", "value": "Ille-et-Vilaine", "href": "/departements/35/"}, {"label": "Région", "value": "Bretagne", "href": "/regions/53/"}, {"label": "Secteur", "value": "public"}}
		var figs []map[string]any
		for f := range 11 {
			c := num()
			figs = append(figs, map[string]any{"id": fmt.Sprintf("indicateur-%d", f), "label": fmt.Sprintf("Indicateur clé numéro %d", f),
				"value": c.Text, "missing": c.Absent, "why": "effectif inférieur à 20 : secret statistique", "year": "2023", "source": "Affelnet, constat de rentrée"})
		}
		fm["figures"] = figs
		fm["tables"] = []table{mkTable("offres", "Formations proposées", 10), mkTable("insertion", "Devenir des élèves", 10), mkTable("proches", "Établissements proches", 10)}
		var charts []map[string]any
		for c := range 4 {
			twin := mkTable("", fmt.Sprintf("Données du graphique %d", c), 5)
			var xs []string
			var ys []float64
			for k := range 24 {
				xs = append(xs, fmt.Sprintf("20%02d", k))
				ys = append(ys, float64(rnd.IntN(1000))/10)
			}
			charts = append(charts, map[string]any{"id": fmt.Sprintf("graphique-%d", c), "title": fmt.Sprintf("Évolution de l'indicateur %d", c),
				"summary": "De 2019 à 2023, l'indicateur passe de 41,2 % à 47,9 %.", "twin": twin,
				"option": map[string]any{"aria": map[string]bool{"enabled": true}, "tooltip": map[string]string{"trigger": "axis"},
					"legend": map[string]any{"show": true}, "xAxis": map[string]any{"type": "category", "data": xs},
					"yAxis":  map[string]any{"type": "value", "axisLabel": map[string]string{"formatter": "{value} %"}},
					"series": []map[string]any{{"name": "Établissement", "type": "line", "data": ys}, {"name": "Région", "type": "line", "data": ys}}}})
		}
		fm["charts"] = charts
		var rows [][]string
		rows = append(rows, []string{"uai", "cfd", "libelle", "niveau", "rentree", "capacite", "voeux_1", "taux_pression", "taux_pression_statut"})
		for r := range 30 {
			rows = append(rows, []string{fmt.Sprintf("%07dX", i), fmt.Sprintf("4002%04d", r), "Maintenance des équipements industriels", "BAC PRO", "2023",
				fmt.Sprint(rnd.IntN(40)), fmt.Sprint(rnd.IntN(90)), fmt.Sprintf("%.2f", rnd.Float64()*3), "publié"})
		}
		fm["csv"] = rows
		b, err := json.Marshal(fm)
		if err != nil {
			log.Fatal(err)
		}
		write(fmt.Sprintf("content/%s/p%05d.md", s.name, i), string(b)+"\n\nPage générée pour le banc d'essai : les chiffres sont tirés au hasard.\n")
	}
}
