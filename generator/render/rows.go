package render

import (
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/orion-static/orion/generator/table"
)

// tbody writes the rows of a table as the templates would, escaping as
// html/template does in the same contexts (text, quoted attribute, URL
// attribute), but without walking a template for each of the tens of
// thousands of cells of a page: that walk was a third of the build's CPU.
// A table without rows says so in one row (empty, the caption of a chart's
// data table has no such row). TestTbodyMatchesTemplate holds it to the
// template it replaces.
func tbody(h table.HTML, empty bool) template.HTML {
	var b strings.Builder
	b.Grow(len(h.Rows) * (len(h.Columns)*48 + 16)) // about what a row takes: one growth at most
	for r, row := range h.Rows {
		b.WriteString("<tr")
		if h.Keys != nil {
			keys := h.Keys[r]
			for _, k := range slices.Sorted(maps.Keys(keys)) {
				b.WriteString(" data-")
				b.WriteString(attrName(k))
				b.WriteString(`="`)
				escape(&b, keys[k])
				b.WriteString(`"`)
			}
		}
		b.WriteString(">")
		for i, c := range row {
			switch {
			case i == 0:
				b.WriteString(`<th scope="row">`)
			case c.Num:
				b.WriteString(`<td class="num">`)
			default:
				b.WriteString("<td>")
			}
			cell(&b, c)
			if i == 0 {
				b.WriteString("</th>")
			} else {
				b.WriteString("</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	if len(h.Rows) == 0 && empty {
		b.WriteString(`<tr><td colspan="` + strconv.Itoa(len(h.Columns)) + `">Aucune ligne.</td></tr>`)
	}
	return template.HTML(b.String())
}

func cell(b *strings.Builder, c table.Cell) {
	switch {
	case c.Absent:
		b.WriteString(`<span class="absent"><span aria-hidden="true">`)
		escape(b, c.Statut.Mark())
		b.WriteString(`</span><span class="fr-sr-only">`)
		escape(b, c.Statut.String())
		b.WriteString("</span></span>")
	case c.Href != "":
		b.WriteString(`<a href="`)
		escape(b, normalizeURL(c.Href))
		b.WriteString(`">`)
		escape(b, c.Text)
		b.WriteString("</a>")
	default:
		escape(b, c.Text)
	}
}

// escaper is html/template's escaping of text and quoted attribute values.
var escaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func escape(b *strings.Builder, s string) { escaper.WriteString(b, s) }

// attrName is html/template's filter of an attribute name built from data
// (htmlNameFilter): lower-cased, ASCII letters and digits only, and never
// the name of an attribute holding a URL, a script or a style.
func attrName(s string) string {
	s = strings.ToLower(s)
	if s == "" || strings.HasPrefix(s, "on") || strings.Contains(s, "src") || strings.Contains(s, "uri") || strings.Contains(s, "url") || urlOrStyle[s] {
		return "ZgotmplZ"
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return "ZgotmplZ"
		}
	}
	return s
}

var urlOrStyle = map[string]bool{"action": true, "archive": true, "background": true, "cite": true, "classid": true, "codebase": true,
	"data": true, "formaction": true, "href": true, "icon": true, "longdesc": true, "manifest": true, "poster": true, "profile": true,
	"style": true, "usemap": true, "xmlns": true}

// normalizeURL is html/template's treatment of a URL in an href: a scheme
// other than http, https or mailto is refused, and every byte outside the
// characters a URL may hold is percent-encoded.
func normalizeURL(s string) string {
	if i := strings.IndexByte(s, ':'); i >= 0 && !strings.Contains(s[:i], "/") {
		switch strings.ToLower(s[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c) // a valid escape is kept
		default:
			b.WriteString("%" + strconv.FormatUint(uint64(c)|0x100, 16)[1:])
		}
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
