// Package typo sets the no-break spaces of French typography in the text
// the site and the proposals handler show, so that a line never starts with
// a closing guillemet or a colon, nor ends with an opening guillemet.
//
// The texts are written with plain spaces, in Go, in the templates, in the
// Markdown contents and in messages; they pass through here once, on their
// way out: the site's pages in render, the handler's pages and answers in
// cmd/propositions. Following the Lexique des règles typographiques de
// l'Imprimerie nationale:
//
//   - after « and before », and before a colon: a no-break space (U+00A0);
//   - before ; ! and ?: a narrow no-break space (U+202F), the one the site
//     already puts between thousands and before %.
//
// Only existing spaces change (a run of spaces, tabs or line breaks
// becomes one no-break space): none is added where the text has none. The
// sign must end a word for the space before it to change: "a :b" and
// "x ?y" are left alone.
package typo

import (
	"bytes"
	"strings"
)

const (
	nbsp       = "\u00a0"
	narrowNbsp = "\u202f"
)

// Text applies the rules to plain text (no markup).
func Text(s string) string {
	if !strings.ContainsAny(s, "«»:;!?") {
		return s
	}
	return string(text(nil, []byte(s)))
}

// HTML applies the rules to the text of an HTML document or fragment, not
// to its tags and attributes, nor to the content of script, style, pre,
// code and textarea elements, which are left byte for byte. The document
// is expected as html/template and goldmark write it: '<' starts a tag or
// a comment, '>' in an attribute value is escaped, tag names are in lower
// case. When there is nothing to change, doc itself is returned.
func HTML(doc []byte) []byte {
	if !bytes.ContainsAny(doc, "«»:;!?") {
		return doc
	}
	return AppendHTML(make([]byte, 0, len(doc)+len(doc)/64), doc)
}

// AppendHTML appends doc to dst with the rules of HTML applied.
func AppendHTML(dst, doc []byte) []byte {
	for len(doc) > 0 {
		lt := bytes.IndexByte(doc, '<')
		if lt < 0 {
			return text(dst, doc)
		}
		dst = text(dst, doc[:lt])
		doc = doc[lt:]
		end := tagEnd(doc)
		if raw := rawElement(doc[:end]); raw != "" {
			// Up to the end of the element's closing tag, as is.
			if i := bytes.Index(doc[end:], []byte("</"+raw)); i >= 0 {
				end += i
				end += tagEnd(doc[end:])
			} else {
				end = len(doc)
			}
		}
		dst = append(dst, doc[:end]...)
		doc = doc[end:]
	}
	return dst
}

// tagEnd is the length of the tag or comment doc starts with ('<' first).
func tagEnd(doc []byte) int {
	if bytes.HasPrefix(doc, []byte("<!--")) {
		if i := bytes.Index(doc[4:], []byte("-->")); i >= 0 {
			return 4 + i + 3
		}
		return len(doc)
	}
	if i := bytes.IndexByte(doc, '>'); i >= 0 {
		return i + 1
	}
	return len(doc)
}

// rawElement names the element a start tag opens when its content must be
// left as is, else "".
func rawElement(tag []byte) string {
	for _, name := range []string{"script", "style", "pre", "code", "textarea"} {
		if len(tag) > len(name)+1 && string(tag[1:1+len(name)]) == name {
			switch tag[1+len(name)] {
			case '>', ' ', '\t', '\n', '/':
				return name
			}
		}
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// text appends t to out with its spaces set.
func text(out, t []byte) []byte {
	for i := 0; i < len(t); {
		c := t[i]
		if !isSpace(c) {
			// « takes a no-break space after it: "«" is C2 AB.
			if c == 0xC2 && i+1 < len(t) && t[i+1] == 0xAB {
				j := i + 2
				for j < len(t) && isSpace(t[j]) {
					j++
				}
				out = append(out, t[i:i+2]...)
				if j > i+2 {
					out = append(out, nbsp...)
				} else {
					out = append(out, t[i+2:j]...)
				}
				i = j
				continue
			}
			out = append(out, c)
			i++
			continue
		}
		// A run of spaces: before », or before : ; ! ? standing apart
		// from the next word, it becomes one no-break space.
		j := i
		for j < len(t) && isSpace(t[j]) {
			j++
		}
		if i > 0 || len(out) > 0 {
			if sp := before(t[j:]); sp != "" {
				out = append(out, sp...)
				i = j
				continue
			}
		}
		out = append(out, t[i:j]...)
		i = j
	}
	return out
}

// before is the space to put before the start of rest, "" when it takes
// none.
func before(rest []byte) string {
	if len(rest) >= 2 && rest[0] == 0xC2 && rest[1] == 0xBB { // »
		return nbsp
	}
	if len(rest) == 0 {
		return ""
	}
	var sp string
	switch rest[0] {
	case ':':
		sp = nbsp
	case ';', '!', '?':
		sp = narrowNbsp
	default:
		return ""
	}
	// "a :b" is not French punctuation: the sign must end a word. It may
	// repeat ("?!") or close the text.
	k := 1
	for k < len(rest) && strings.IndexByte(":;!?", rest[k]) >= 0 {
		k++
	}
	if k < len(rest) && !isSpace(rest[k]) && rest[k] != '<' && rest[k] != ')' && rest[k] != '.' && rest[k] != ',' {
		return ""
	}
	return sp
}
