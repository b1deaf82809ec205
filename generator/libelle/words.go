package libelle

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var (
	//go:embed dictionary.txt
	dictionaryTxt string
	//go:embed plain.txt
	plainTxt string
	//go:embed capitals.txt
	capitalsTxt string
)

type kind uint8

const (
	accented kind = iota // dictionary.txt: a form of its own
	plain                // plain.txt: lower case, no accent
	capitals             // capitals.txt: as the BCN writes it
)

type entry struct {
	kind kind
	form string // for accented
}

// lexicon maps a word's key (upper case, no accent) to its entry: one map
// lookup a word, built once from the embedded lists.
var lexicon = mustLexicon()

func mustLexicon() map[string]entry {
	m, err := parseLexicon(dictionaryTxt, plainTxt, capitalsTxt)
	if err != nil {
		// The lists are part of the source; TestListsAreSound catches this
		// before any build can.
		panic(err)
	}
	return m
}

func parseLexicon(dictionary, plainList, capitalsList string) (map[string]entry, error) {
	m := make(map[string]entry, 5000)
	add := func(file string, line int, k string, e entry) error {
		if _, dup := m[k]; dup {
			return fmt.Errorf("libelle %s:%d: %s is listed twice", file, line, k)
		}
		m[k] = e
		return nil
	}
	for n, line := range strings.Split(dictionary, "\n") {
		if skip(line) {
			continue
		}
		k, form, ok := strings.Cut(line, " ")
		if !ok || form == "" || strings.Contains(form, " ") {
			return nil, fmt.Errorf("libelle dictionary.txt:%d: want \"WORD form\", got %q", n+1, line)
		}
		if err := add("dictionary.txt", n+1, k, entry{kind: accented, form: form}); err != nil {
			return nil, err
		}
	}
	for _, list := range []struct {
		file, text string
		kind       kind
	}{{"plain.txt", plainList, plain}, {"capitals.txt", capitalsList, capitals}} {
		for n, line := range strings.Split(list.text, "\n") {
			if skip(line) {
				continue
			}
			if strings.ContainsFunc(line, unicode.IsSpace) {
				return nil, fmt.Errorf("libelle %s:%d: want one word, got %q", list.file, n+1, line)
			}
			if err := add(list.file, n+1, line, entry{kind: list.kind}); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

func skip(line string) bool {
	return strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#")
}

// fold returns the key of a word or a text: upper case, accents off, the
// ligatures œ and æ opened (œuvre → OEUVRE), as the BCN writes it.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ' || r == 'Œ':
			b.WriteString("OE")
		case r == 'æ' || r == 'Æ':
			b.WriteString("AE")
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func nfc(s string) string {
	if isASCII(s) {
		return s
	}
	return norm.NFC.String(s)
}

// phrase is a sequence of words that reads differently from its words alone.
// Its forms follow the same rule as dictionary.txt: without accents and in
// upper case they are its keys (TestListsAreSound checks it).
type phrase struct {
	keys, forms []string
}

// phrases, longest first for a same first word.
var phrases = []struct{ keys, forms string }{
	// Past participles where the same word alone is a noun.
	{"INGENIEUR DIPLOME", "ingénieur diplômé"},
	{"INGENIEURS DIPLOMES", "ingénieurs diplômés"},
	{"ALLIAGES MOULES", "alliages moulés"},
	// Nouns where the same word alone is a participle.
	{"DES CHARGES", "des charges"},
	{"MINES ET CARRIERES", "mines et carrières"},
	{"CORPS D ETAT", "corps d état"},
	// "ès" (docteur ès sciences); ES alone is the série or a school.
	{"ES SCIENCES", "ès sciences"},
	// Place names whose article or common word takes a capital.
	{"COTE D AZUR", "Côte d Azur"},
	{"COTE D OPALE", "Côte d Opale"},
	{"LA COTE ST ANDRE", "La Côte St André"},
	{"ILE DE FRANCE", "Île de France"},
	{"HAUTS DE FRANCE", "Hauts de France"},
	{"PAYS DE LA LOIRE", "Pays de la Loire"},
	{"CENTRE VAL DE LOIRE", "Centre Val de Loire"},
	{"LE MANS", "Le Mans"},
	{"LE HAVRE", "Le Havre"},
	{"LE CREUSOT", "Le Creusot"},
	{"LE RHEU", "Le Rheu"},
	{"LA ROCHELLE", "La Rochelle"},
	{"LA REUNION", "La Réunion"},
	{"PARIS LA DEFENSE", "Paris La Défense"},
	{"VINCI LA DEFENSE", "Vinci La Défense"},
	{"CROIX ROUGE", "Croix Rouge"},
	{"MINES TELECOM", "Mines Télécom"},
	{"SAINT CLOUD", "Saint Cloud"},
	{"KLAXON ROUGE", "Klaxon Rouge"},
	{"STE BARBE", "Ste Barbe"},
	{"L OREAL", "L Oréal"},
	{"PRESQU ILE", "presqu île"},
	// SES: sections d'enseignement spécialisé.
	{"EX SES", "ex SES"},
}

var phrasesByFirst = func() map[string][]phrase {
	m := map[string][]phrase{}
	for _, p := range phrases {
		k := strings.Fields(p.keys)
		m[k[0]] = append(m[k[0]], phrase{keys: k, forms: strings.Fields(p.forms)})
	}
	return m
}()

// diplomaHeads are the words that open a diploma in parentheses at the end of
// a formation label; diplomaQualifiers may follow them ("(MC NIVEAU IV)",
// "(BAC PRO AG)", "(MC AUX CAP ET BEP)").
var diplomaHeads = set("BAC BP BPA BPA4 BPA5 BEP BEPA BEPM BTS BTSA BTSM BT BTA BTM BTMS BTN BC BM BMA BMS " +
	"CAP CAPA CAPM CS CS3 CS4 CSA CPA CTM MC MC3 MC4 DMA DN DNTS DNSEP DSAA DUT BUT DEUST DEUG DU " +
	"TP TH TH1 TH2 TH3 TH4 TH5 LP LICENCE LIC MASTER MASTERE MAITRISE DESS DEA ING DIPLOME BPJEPS CQP")

var diplomaQualifiers = set("PRO TECHNO AG NIVEAU DE D ETAT I II III IV V DEPARTEMENTAL AU AUX ET IUP LMD JEPS " +
	"HOMOLOGUE SUPERIEUR")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
