package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The decoders turn a request body into form values so that both
// encodings go through the same field parser. They refuse, with a French
// message that can be shown as it is (*inputError), what the standard
// library would let through silently: bytes that are not UTF-8 (the JSON
// decoder replaces them by U+FFFD), a field given twice (url.Values keeps
// both, Get reads the first; a JSON map keeps the last), a list where one
// value is expected, and anything after the JSON object.

// inputError is a request the handler cannot read; its message is French
// and says what to send instead, without any detail of Go's, which err
// keeps for the log.
type inputError struct {
	msg string
	err error
}

func (e *inputError) Error() string { return e.msg }

func inputErrorf(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// multiValued are the fields that may be repeated (checkboxes) or be a
// JSON list; every other field takes one value.
var multiValued = map[string]bool{"motif": true, "motifRefus": true}

// decodeForm reads an application/x-www-form-urlencoded body.
func decodeForm(body []byte) (url.Values, error) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, &inputError{"Le formulaire envoyé est mal encodé (séquence « % » invalide ou « ; » dans une valeur) : envoyez-le à nouveau depuis la page du formulaire.", err}
	}
	for k, vs := range v {
		if !utf8.ValidString(k) {
			return nil, &inputError{msg: "Un nom de champ du formulaire n'est pas en UTF-8 valide."}
		}
		for _, s := range vs {
			if !utf8.ValidString(s) {
				return nil, inputErrorf("Le champ « %s » n'est pas en UTF-8 valide : saisissez ce texte à nouveau.", shown(k))
			}
		}
		if len(vs) > 1 && !multiValued[k] {
			return nil, inputErrorf("Le champ « %s » est donné %d fois : il en faut un seul.", shown(k), len(vs))
		}
	}
	return v, nil
}

// decodeJSON reads one JSON object whose values are strings, numbers,
// booleans or null, or lists of those for the multi-valued fields. Numbers
// keep their text; booleans become "true"/"false"; a list repeats the field.
func decodeJSON(body []byte) (url.Values, error) {
	if !utf8.Valid(body) {
		return nil, inputErrorf("Le corps de la requête n'est pas en UTF-8 valide (octet %d) : JSON s'écrit en UTF-8.", invalidUTF8At(body))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil {
		return nil, jsonError(err)
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, &inputError{msg: "Un objet JSON est attendu : {\"uai\": \"…\", …}."}
	}
	v, seen := url.Values{}, map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(err)
		}
		k := tok.(string) // inside an object, More then Token give a key
		if seen[k] {
			return nil, inputErrorf("Le champ « %s » est donné deux fois : il en faut un seul.", shown(k))
		}
		seen[k] = true
		var x any
		if err := dec.Decode(&x); err != nil {
			return nil, jsonError(err)
		}
		items, isList := x.([]any)
		switch {
		case isList && !multiValued[k]:
			return nil, inputErrorf("Le champ « %s » prend une seule valeur, pas une liste.", shown(k))
		case isList:
			v[k] = []string{} // present, even empty
		default:
			items = []any{x} // null adds nothing: the field is absent
		}
		for _, it := range items {
			switch t := it.(type) {
			case nil:
			case string:
				v[k] = append(v[k], t)
			case json.Number:
				v[k] = append(v[k], t.String())
			case bool:
				v[k] = append(v[k], strconv.FormatBool(t))
			default:
				return nil, inputErrorf("Le champ « %s » doit être une valeur simple (texte, nombre, vrai ou faux) ou une liste de valeurs simples.", shown(k))
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, jsonError(err)
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(body[end:], " \t\r\n"); len(rest) > 0 {
		return nil, inputErrorf("Des données suivent l'objet JSON (octet %d) : envoyez un seul objet, sans rien après.", end+int64(len(body[end:])-len(rest)))
	}
	if at := loneSurrogate(body); at >= 0 {
		return nil, inputErrorf("Le texte contient un caractère invalide (échappement \\u d'une moitié de paire de substitution, octet %d).", at)
	}
	return v, nil
}

// jsonError turns an error of encoding/json into a French message that
// names no Go type.
func jsonError(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return &inputError{fmt.Sprintf("Le JSON est mal formé vers l'octet %d.", syn.Offset), err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &inputError{"Le JSON est incomplet : l'objet n'est pas terminé.", err}
	}
	return err // not the client's text: the caller logs it and answers generically
}

// invalidUTF8At is the offset of the first byte that is not UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// loneSurrogate finds, in a well-formed JSON text, a \u escape of half a
// surrogate pair that is not completed by its other half (the decoder
// would silently make it U+FFFD); -1 if none.
func loneSurrogate(b []byte) int {
	in := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case !in:
			in = c == '"'
		case c == '"':
			in = false
		case c == '\\':
			if i+1 < len(b) && b[i+1] == 'u' {
				r := hex4(b, i+2)
				switch {
				case r >= 0xD800 && r < 0xDC00:
					if i+11 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
						if lo := hex4(b, i+8); lo >= 0xDC00 && lo < 0xE000 {
							i += 11
							continue
						}
					}
					return i
				case r >= 0xDC00 && r < 0xE000:
					return i
				}
				i += 5
			} else {
				i++
			}
		}
	}
	return -1
}

func hex4(b []byte, at int) rune {
	if at+4 > len(b) {
		return -1
	}
	n, err := strconv.ParseUint(string(b[at:at+4]), 16, 32)
	if err != nil {
		return -1
	}
	return rune(n)
}

// shown is a client's text as an answer may quote it: at most n
// characters, without control characters or invalid bytes.
func shown(s string) string { return truncate(s, 40) }

// truncate keeps the first n characters of a client's text for an answer,
// with control characters, bidi marks and invalid bytes replaced by "�".
func truncate(s string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range s {
		if i == n {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}
