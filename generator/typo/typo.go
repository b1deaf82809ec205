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
	return string(text(nil, []byte(s), false))
}

// HTML applies the rules to the text of an HTML document or fragment, not
// to its tags, attributes and comments, nor to the content of script,
// style, pre, code and textarea elements, which are left byte for byte.
// The document is expected as html/template and goldmark write it: '<'
// starts a tag or a comment, '>' in an attribute value is escaped, tag
// names are in lower case, a pre holds nothing but a code. When there is
// nothing to change, doc itself is returned.
func HTML(doc []byte) []byte {
	if !bytes.ContainsAny(doc, "«»:;!?") {
		return doc
	}
	return AppendHTML(make([]byte, 0, len(doc)+len(doc)/64), doc)
}

// AppendHTML appends doc to dst with the rules of HTML applied.
func AppendHTML(dst, doc []byte) []byte {
	return text(dst, doc, true)
}

// sign marks the bytes that may need a space changed beside them: the
// first byte of « and », and : ; ! ?.
var sign = [256]bool{0xC2: true, ':': true, ';': true, '!': true, '?': true}

// text appends t to out with its spaces set; what is left as it is goes
// by whole runs. With markup, t is HTML (see HTML).
func text(out, t []byte, markup bool) []byte {
	start := 0 // t[:start] is in out
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !sign[c] || c == 0xC2 && (i+1 == len(t) || t[i+1] != 0xAB && t[i+1] != 0xBB) {
			continue
		}
		if markup {
			if skip := outsideText(t, i); skip != 0 {
				i = max(i, skip-1)
				continue
			}
		}
		if c == 0xC2 && t[i+1] == 0xAB { // «: a run of spaces after it
			j := i + 2
			for j < len(t) && isSpace(t[j]) {
				j++
			}
			if j > i+2 {
				out = append(append(out, t[start:i+2]...), nbsp...)
				start = j
			}
			i = j - 1
			continue
		}
		// », : ; ! ?: a run of spaces before the sign, after some text,
		// becomes one no-break space.
		k := i
		for k > start && isSpace(t[k-1]) {
			k--
		}
		if k == i || (k == 0 && len(out) == 0) {
			continue
		}
		if sp := before(t[i:]); sp != "" {
			out = append(append(out, t[start:k]...), sp...)
			start = i
		}
	}
	return append(out, t[start:]...)
}

// outsideText says whether t[i] is not text: 0 when it is, else where the
// scan may go on, at or before i when t[i] is in a tag or a comment, past
// the end of the raw element t[i] is in.
func outsideText(t []byte, i int) int {
	lt := bytes.LastIndexByte(t[:i], '<')
	if lt < 0 {
		return 0
	}
	if bytes.IndexByte(t[lt:i], '>') < 0 {
		return i // in a tag: nothing has closed the last one opened
	}
	for _, name := range raw {
		e := lt + 1 + len(name)
		if e >= len(t) || string(t[lt+1:e]) != name {
			continue
		}
		switch t[e] {
		case '>', ' ', '\t', '\n', '/':
		default:
			continue
		}
		// In a raw element: past its closing tag.
		end := bytes.Index(t[i:], []byte("</"+name))
		if end < 0 {
			return len(t)
		}
		end += i
		if gt := bytes.IndexByte(t[end:], '>'); gt >= 0 {
			return end + gt + 1
		}
		return len(t)
	}
	return 0
}

// raw are the elements whose content is left as is.
var raw = [...]string{"script", "style", "pre", "code", "textarea"}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

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
