// Package libelle turns the labels of the BCN (Banque centrale des
// nomenclatures) into readable French. The BCN writes its labels in upper
// case, without accents, often abbreviated ("SPEC.PLURITECHNO
// MECANIQUE-ELECTRICITE"); pages show them in sentence case with their
// accents ("Spéc. pluritechno mécanique-électricité").
//
// The package keeps the BCN's words: it never invents, drops or expands one.
// Taking the accents off its output and putting it back in upper case gives
// the input's words again; only the case, the accents and the spacing around
// some punctuation change. An abbreviation stays an abbreviation ("AMENAGT DU
// TERRIT." is "Aménagt du territ."), a typo stays a typo.
//
// Each word is looked up, once, in three reviewed lists embedded in the
// package:
//
//   - dictionary.txt: "WORD form" lines, the form with its accents
//     ("ELECTRICITE électricité"), a capital for a proper noun ("EVRY Évry"),
//     a ligature ("OEUVRE œuvre");
//   - plain.txt: words French writes in lower case without accent;
//   - capitals.txt: words kept as the BCN writes them: acronyms (BTS, CAP,
//     IUT), codes (DO22, STI2D), Roman numerals (IV).
//
// Every word of the labels of the bundle's four label files (NSF groupes and
// domaines, nFormationDiplome and vFormationDiplome) is in one of them:
// TestBundleWordsReviewed fails otherwise and lists the words left, each with
// an example label, so that a new BCN word is reviewed once, by a person. A
// word in no list (a label the bundle did not have yet) is lower-cased without
// accent, or kept as written when it has a digit, no vowel, or is a Roman
// numeral.
//
// A few words read differently in context; small explicit rules decide:
//
//   - word sequences (phrases, in words.go): "INGENIEUR DIPLOME" is
//     "ingénieur diplômé" where "DIPLOME" alone is "diplôme"; "LE MANS" is
//     "Le Mans"; "CORPS D'ETAT" has "état" where "DIPLOME D'ETAT" has
//     "État"; "GESTION-ES SCIENCES" has "ès";
//   - single letters: "A" is "à", except as a name ("OPTION A", "SERIE A",
//     "LETTRES A/L", "ESM-A"); a letter before an elision's apostrophe is
//     lower case ("l'", "d'"); the "(E)" of "EMPLOYE(E)" and the "E-" of
//     "E-COMMERCE" are lower case; "Y.C." (y compris) is "y.c."; any other
//     single letter is kept ("OPTION B", "NIVEAU V", "MATH SPE_M'");
//   - "DU" opening a parenthesis is the diploma ("(DU PARIS 1)"), "du"
//     elsewhere; "ES" is kept (the série ES, the school "ES BANQUE").
//
// The first word gets a capital. A domain code prefix ("DO22 : ") is kept as
// it is, so that "DO10 : Formations générales" stays distinct from the groupe
// "Formations générales", and the word after it gets the capital.
//
// Spacing: runs of spaces become one space, the ends are trimmed; a period
// that glues two words gets a space after it ("SPEC.PLURITECHNO" is "Spéc.
// pluritechno"), except between single letters ("Y.C.") and in a few names
// ("SIMPLON.CO"); a comma gets a space after it; a colon gets a space on each
// side, as French writes it; "&" after a period gets a space before it; no
// space is kept just inside parentheses.
//
// A word the BCN already writes in lower case (rare: "IoT", "Attestation de
// sécurité routière") is kept as written; a word it writes with accents
// ("DIPLÔME") keeps them.
package libelle

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phrase returns a BCN label in French sentence case with its accents.
func Phrase(bcn string) string {
	return render(scan(bcn))
}

// Formation returns a formation label (LIBELLE_LONG_200) like Phrase does,
// without the diploma in parentheses that ends most of them ("… (BAC PRO)",
// "(CAP)", "(MC NIVEAU IV)"): pages show the niveau beside the label. Only a
// group made of diploma words is dropped; a group naming a place or a school
// ("(LP TOURS)", "(CNAM)") is part of the label and stays.
func Formation(bcn string) string {
	return Phrase(stripDiploma(bcn))
}

// stripDiploma drops the trailing parenthesised groups that name a diploma
// (at most two: "... (CS) (TH)"), unless nothing would be left.
func stripDiploma(s string) string {
	s = strings.TrimSpace(s)
	for range 2 {
		t := strings.TrimRight(s, ". ") // "(BTS)."
		open, ok := lastGroup(t)
		if !ok || !isDiploma(t[open+1:len(t)-1]) {
			break
		}
		rest := strings.TrimSpace(t[:open])
		if !hasWord(rest) {
			break
		}
		s = rest
	}
	return s
}

// lastGroup finds the '(' that matches the ')' ending s.
func lastGroup(s string) (open int, ok bool) {
	if !strings.HasSuffix(s, ")") {
		return 0, false
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

func isDiploma(group string) bool {
	words := keys(group)
	if len(words) == 0 || !diplomaHeads[words[0]] {
		return false
	}
	for _, w := range words[1:] {
		if !diplomaHeads[w] && !diplomaQualifiers[w] {
			return false
		}
	}
	return true
}

// keys returns the folded words of s.
func keys(s string) []string {
	var out []string
	for _, p := range split(s) {
		if p.word {
			out = append(out, fold(p.text))
		}
	}
	return out
}

func hasWord(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// piece is a run of a label: a word (letters and digits) or what lies
// between two words.
type piece struct {
	text string
	word bool
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// split cuts s into alternating pieces.
func split(s string) []piece {
	out := make([]piece, 0, 2*strings.Count(s, " ")+4)
	start := 0
	inWord := false
	for i, r := range s {
		w := isWordRune(r)
		if i > start && w != inWord {
			out = append(out, piece{s[start:i], inWord})
			start = i
		}
		inWord = w
	}
	if start < len(s) {
		out = append(out, piece{s[start:], inWord})
	}
	return out
}

// label is a label cut into words, with what separates them: sep[i] comes
// before word i, sep[len(words)] after the last one.
type label struct {
	words []word
	sep   []string
}

type word struct {
	text string // as the BCN writes it (NFC)
	key  string // upper case, accents off, ligatures open: the lists' key
	out  string
}

func scan(s string) *label {
	s = nfc(s)
	pieces := split(s)
	l := &label{words: make([]word, 0, len(pieces)/2+1), sep: make([]string, 0, len(pieces)/2+2)}
	pending := ""
	for _, p := range pieces {
		if !p.word {
			pending = p.text
			continue
		}
		l.sep = append(l.sep, pending)
		pending = ""
		l.words = append(l.words, word{text: p.text, key: fold(p.text)})
	}
	l.sep = append(l.sep, pending)
	return l
}

func render(l *label) string {
	n := len(l.words)
	for i := range l.words {
		if l.words[i].out == "" {
			l.phrase(i)
		}
		if l.words[i].out == "" {
			l.words[i].out = l.word(i)
		}
	}
	if first := l.sentenceStart(); first < n {
		l.words[first].out = capitalize(l.words[first].out)
	}
	var b strings.Builder
	b.Grow(len(l.sep) + 8*n + 16)
	for i := 0; i <= n; i++ {
		var prev, next *word
		if i > 0 {
			prev = &l.words[i-1]
		}
		if i < n {
			next = &l.words[i]
		}
		b.WriteString(spacing(l.sep[i], prev, next))
		if next != nil {
			b.WriteString(next.out)
		}
	}
	return b.String()
}

// sentenceStart is the word that takes the sentence's capital: the first,
// or the one after a domain code prefix ("DO22 : TRANSFORMATIONS").
func (l *label) sentenceStart() int {
	if len(l.words) > 1 && isDomainCode(l.words[0].key) && strings.TrimSpace(l.sep[1]) == ":" &&
		strings.TrimSpace(l.sep[0]) == "" {
		return 1
	}
	return 0
}

func isDomainCode(k string) bool {
	if len(k) < 3 || !strings.HasPrefix(k, "DO") {
		return false
	}
	for _, r := range k[2:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// phrase fills the words of a listed phrase that starts at word i.
func (l *label) phrase(i int) {
	for _, p := range phrasesByFirst[l.words[i].key] {
		if i+len(p.keys) > len(l.words) {
			continue
		}
		ok := true
		for j, k := range p.keys {
			w := l.words[i+j]
			if w.key != k || hasLower(w.text) || (j > 0 && strings.ContainsAny(l.sep[i+j], "()")) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for j, f := range p.forms {
			l.words[i+j].out = keepAccents(l.words[i+j].text, f)
		}
		return
	}
}

// letterNames are the words after which a single letter is a name ("OPTION
// A", "SERIE A"), not the preposition "à".
var letterNames = map[string]bool{
	"OPTION": true, "OPT": true, "OP": true, "MENTION": true, "SERIE": true, "SECTION": true,
	"CATEGORIE": true, "GROUPE": true, "TYPE": true, "BTN": true, "NIVEAU": true,
}

// word converts word i alone (or with its neighbours for a single letter).
func (l *label) word(i int) string {
	w := l.words[i]
	if hasLower(w.text) {
		return w.text
	}
	before := l.sep[i]
	if utf8.RuneCountInString(w.key) == 1 && unicode.IsLetter(rune(w.key[0])) {
		return l.letter(i)
	}
	if w.key == "DU" && strings.HasSuffix(strings.TrimRight(before, " "), "(") {
		return w.text // the diploma: "(DU PARIS 1)"
	}
	e, ok := lexicon[w.key]
	if !ok {
		switch {
		case hasDigit(w.key) || isRoman(w.key) || !hasVowel(w.key):
			return w.text
		default:
			return strings.ToLower(w.text)
		}
	}
	switch e.kind {
	case capitals:
		return w.text
	case plain:
		return strings.ToLower(w.text)
	default:
		return keepAccents(w.text, e.form)
	}
}

// letter converts a single letter, which only its neighbours explain.
func (l *label) letter(i int) string {
	w := l.words[i]
	before, after := l.sep[i], l.sep[i+1]
	var prev, next string
	if i > 0 {
		prev = l.words[i-1].key
	}
	if i+1 < len(l.words) {
		next = l.words[i+1].key
	}
	lower := strings.ToLower(w.text)
	switch {
	case (strings.HasPrefix(after, "'") || strings.HasPrefix(after, "’")) &&
		(next != "" || strings.Contains(after, ")")):
		return lower // l', d' (a prime ends "MATH SPE_M'")
	case w.key == "E" && (strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")") || after == "-"):
		return lower // EMPLOYE(E), E-COMMERCE
	case w.key == "Y" && strings.TrimSpace(after) == "." && next == "C":
		return lower // Y.C., y compris
	case w.key == "C" && prev == "Y" && strings.TrimSpace(before) == ".":
		return lower
	case w.key != "A":
		return w.text
	}
	// "A": the preposition "à", unless the letter is a name.
	switch {
	case letterNames[prev],
		i > 0 && hasDigit(prev),
		strings.HasPrefix(after, "/"),
		strings.HasPrefix(after, "."),
		before == "-" && inCapitals(prev): // ESM-A
		return w.text
	}
	if w.text == "A" {
		return "à"
	}
	return lower // "À" already
}

func inCapitals(k string) bool {
	e, ok := lexicon[k]
	return ok && e.kind == capitals
}

// spacing rewrites what separates two words (prev or next is nil at the ends
// of the label): see the package documentation.
func spacing(sep string, prev, next *word) string {
	if sep == "" || (sep == " " && prev != nil && next != nil) {
		return sep
	}
	sep = collapse(sep)
	if prev == nil {
		sep = strings.TrimLeft(sep, " ")
	}
	if next == nil {
		sep = strings.TrimRight(sep, " ")
	}
	rs := []rune(sep)
	var b strings.Builder
	last := func() rune {
		s := b.String()
		if s == "" {
			if prev != nil {
				return 'a' // a word
			}
			return 0
		}
		r, _ := utf8.DecodeLastRuneInString(s)
		return r
	}
	for j, r := range rs {
		end := j == len(rs)-1
		switch r {
		case '(':
			if last() == '.' {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			continue
		case ' ':
			if last() == '(' || (j+1 < len(rs) && rs[j+1] == ')') || last() == ' ' {
				continue
			}
		case ':':
			digits := prev != nil && next != nil && len(rs) == 1 && endsWithDigit(prev.out) && startsWithDigit(next.out)
			if !digits && last() != 0 && last() != ' ' && last() != '(' {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			if !digits && ((end && next != nil) || (!end && rs[j+1] != ' ' && rs[j+1] != ')')) {
				b.WriteByte(' ')
			}
			continue
		case ',':
			b.WriteRune(r)
			if end && next != nil && !(prev != nil && endsWithDigit(prev.out) && startsWithDigit(next.out) && len(rs) == 1) {
				b.WriteByte(' ')
			}
			continue
		case '.':
			b.WriteRune(r)
			if end && next != nil && len(rs) == 1 && prev != nil && gluedWords(prev.key, next.key) {
				b.WriteByte(' ')
			}
			continue
		case '&':
			if last() == '.' {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// gluedWords says whether "A.B" is two words glued by an abbreviation's
// period, which then takes a space: not between single letters (Y.C.,
// B.E.I.), not before a digit (A1.1), not in a web or brand name
// (SIMPLON.CO, 1789.FR, SI.GROUPE).
func gluedWords(prev, next string) bool {
	if startsWithDigit(next) || webSuffixes[next] || dottedNames[prev+"."+next] {
		return false
	}
	return utf8.RuneCountInString(prev) > 1 || utf8.RuneCountInString(next) > 1
}

var (
	webSuffixes = set("CO COM FR NET ORG")
	dottedNames = set("SI.GROUPE")
)

func collapse(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// keepAccents returns form, the list's spelling of a word, unless the BCN
// wrote the word with accents of its own: those are kept, in form's case.
func keepAccents(text, form string) string {
	if isASCII(text) {
		return form
	}
	if strings.ToUpper(form) == form {
		return text
	}
	lower := strings.ToLower(text)
	if r, _ := utf8.DecodeRuneInString(form); unicode.IsUpper(r) {
		return capitalize(lower)
	}
	return lower
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}

func hasVowel(s string) bool {
	return strings.ContainsAny(s, "AEIOUY")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func endsWithDigit(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsDigit(r)
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// isRoman says whether k is a Roman numeral up to 39.
func isRoman(k string) bool {
	if k == "" {
		return false
	}
	rest := strings.TrimLeft(k, "X")
	if len(k)-len(rest) > 3 {
		return false
	}
	switch rest {
	case "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX":
		return true
	}
	return false
}
