package libelle

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Labels as the BCN writes them (NSF groupes and domaines, formations),
// and how a page shows them.
var phraseTests = []struct{ bcn, want string }{
	// NSF groupes de spécialité (n_groupe_specialite_.csv).
	{"AGRO-ALIMENTAIRE, ALIMENTATION, CUISINE", "Agro-alimentaire, alimentation, cuisine"},
	{"SPEC.PLURITECHNO MECANIQUE-ELECTRICITE", "Spéc. pluritechno mécanique-électricité"},
	{"AMENAGT DU TERRIT., DEVELOPMT, URBANISME", "Aménagt du territ., dévelopmt, urbanisme"},
	{"BATIMENT : CONSTRUCTION ET COUVERTURE", "Bâtiment : construction et couverture"},
	{"DO22 : TRANSFORMATIONS", "DO22 : Transformations"},
	{"DO34 : SERVICES A LA COLLECTIVITE", "DO34 : Services à la collectivité"},
	{"DO21 : AGRICULTURE, PECHE, FORET", "DO21 : Agriculture, pêche, forêt"},
	{"METALLURGIE (Y.C. SIDERURGIE, FONDERIE)", "Métallurgie (y.c. sidérurgie, fonderie)"},
	{"HABILLEMENT (Y. C. MODE, COUTURE)", "Habillement (y. c. mode, couture)"},
	{"ANIMATION CULTUREL.,SPORTIV.& DE LOISIRS", "Animation culturel., sportiv. & de loisirs"},
	{"VIE FAMILI.,SOCIALE, AUTR.FORM.DEV.PERSO", "Vie famili., sociale, autr. form. dév. perso"},
	{"MINES ET CARRIERES, GENIE CIVIL, TOPOGR.", "Mines et carrières, génie civil, topogr."},
	{"MATERIAUX DE CONSTRUCTION, VERRE, CERAM.", "Matériaux de construction, verre, céram."},
	{"SPEC.LITTERAIR.& ARTISTIQ.PLURIVALENTES", "Spéc. littérair. & artistiq. plurivalentes"},
	{"FRANCAIS, LITTERATURE & CIVIL.FRANCAISE", "Français, littérature & civil. française"},
	{"COIFFURE, ESTHETIQ.& AUTR.SERVICES PERSO", "Coiffure, esthétiq. & autr. services perso"},
	{"DEVELOPMT.CAPACITES INDIVID.D'ORGANISAT.", "Dévelopmt. capacités individ. d'organisat."},
	{"PHILOSOPHIE, ETHIQUE ET THEOLOGIE", "Philosophie, éthique et théologie"},
	{"AMENAGEMENT PAYSAGER (PARCS, ...)", "Aménagement paysager (parcs, ...)"},
	// NSF domaines (n_domaine_specialite_.csv).
	{"AGRICULT. PECHE FORET ET ESPACES VERTS", "Agricult. pêche forêt et espaces verts"},
	{"DOMAINES TECHN-PROF. DE LA PRODUCTION", "Domaines techn-prof. de la production"},
	{"DOMAINE DE SPECIALITES NON SPECIFIE", "Domaine de spécialités non spécifié"},
	// Formations, with Phrase the diploma stays.
	{"MAINTENANCE DES VEHICULES OPTION VEHICULES LEGERS (BAC PRO)", "Maintenance des véhicules option véhicules légers (bac pro)"},
	{"METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)", "Métiers de l'électricité et de ses environnements connectés (bac pro)"},
	{"AGENT DE CONTROLE NON DESTRUCTIF (MC NIVEAU IV)", "Agent de contrôle non destructif (MC niveau IV)"},
	{"COIFFURE OPTION A : COIFFURE MESSIEURS (CAP)", "Coiffure option A : coiffure messieurs (CAP)"},
	{"AIDE A DOMICILE (MC NIVEAU III)", "Aide à domicile (MC niveau III)"},
	{"PRET-A-PORTER (CAP)", "Prêt-à-porter (CAP)"},
	{"MISE EN OEUVRE DES PLASTIQUES OPTION C : RESINES EN RENFORTS", "Mise en œuvre des plastiques option C : résines en renforts"},
	{"AGENT(E) TECHNICIEN(NE)-VENDEUR(EUSE) SPECIALISE(E) EN MATERIELS DE SPORTS (TP)", "Agent(e) technicien(ne)-vendeur(euse) spécialisé(e) en matériels de sports (TP)"},
	{"MARKETING DIGITAL ET E-COMMERCE", "Marketing digital et e-commerce"},
	{"INGENIEUR DIPLOME DE L'ECOLE NATIONALE D'INGENIEURS DE TARBES", "Ingénieur diplômé de l'école nationale d'ingénieurs de Tarbes"},
	{"ACCOMPAGNANT EDUCATIF ET SOCIAL (DIPLOME D'ETAT)", "Accompagnant éducatif et social (diplôme d'État)"},
	{"TECHNICIEN D'ETUDES DU BATIMENT TOUS CORPS D'ETAT", "Technicien d'études du bâtiment tous corps d'état"},
	{"ACOUSTIQUE ET VIBRATIONS (LP LE MANS)", "Acoustique et vibrations (LP Le Mans)"},
	{"DROIT PRIVE (MASTER COMUE COTE D'AZUR)", "Droit privé (master COMUE Côte d'Azur)"},
	{"ENVELOPPE DU BATIMENT (DU) ", "Enveloppe du bâtiment (DU)"},
	{"GESTION DES OPERATIONS LOGISTIQUES (DU AIX-MARSEILLE 2)", "Gestion des opérations logistiques (DU Aix-Marseille 2)"},
	{"LETTRES SUPERIEURES GROUPE LETTRES A/L", "Lettres supérieures groupe lettres A/L"},
	{"GENIE MECANIQUE, OPTION A : PRODUCTIQUE MECANIQUE ( F1 A)", "Génie mécanique, option A : productique mécanique (F1 A)"},
	{"STAPS:MANAGEMENT DU SPORT (MASTER LMARNE LA VALLEE)", "STAPS : management du sport (master LMARNE la Vallée)"},
	{"1E AN.D'1 CYCL.EN 3ANS", "1e an. d'1 cycl. en 3ans"},
	{"DEVELOPPEUR EN INTELLIGENCE ARTIFICIELLE (SIMPLON.CO)", "Développeur en intelligence artificielle (Simplon.co)"},
	{"DIPLÔME DE COMPETENCE EN  LANGUE", "Diplôme de compétence en langue"},
	{"CONCEPTEUR INTEGRATEUR DE SOLUTIONS EN INTERNET DES OBJETS (IoT) (CCI FRANCE)", "Concepteur intégrateur de solutions en internet des objets (IoT) (CCI France)"},
	{"Attestation scolaire de sécurité routière de premier niveau", "Attestation scolaire de sécurité routière de premier niveau"},
	{"ENTREPRENEUR DE LA COIFFURE (REAL CAMPUS BY L'OREAL)", "Entrepreneur de la coiffure (Real campus by L'Oréal)"},
	{"MET. REST. HOTEL. MET. ALIM.(COM. IND. ALIM.) 1E ANNEE COMMUNE CAP", "Mét. rest. hôtel. mét. alim. (com. ind. alim.) 1e année commune CAP"},
	{"MATH SPE_M'", "Math spé_M'"},
	{"ETUDES COMPTABLES ET FINANCIERES (DIPLOME D') (DECF)", "Études comptables et financières (diplôme d') (DECF)"},
	{"PREMIERE SUPERIEURE FONTENAY/SAINT-CLOUD", "Première supérieure Fontenay/Saint-Cloud"},
	// Words the lists do not know.
	{"ZZZ QUELQUECHOSE XIV", "ZZZ quelquechose XIV"},
	{"", ""},
}

func TestPhrase(t *testing.T) {
	for _, tt := range phraseTests {
		if got := Phrase(tt.bcn); got != tt.want {
			t.Errorf("Phrase(%q)\n got %q\nwant %q", tt.bcn, got, tt.want)
		}
	}
}

var formationTests = []struct{ bcn, want string }{
	{"MAINTENANCE DES VEHICULES OPTION VEHICULES LEGERS (BAC PRO)", "Maintenance des véhicules option véhicules légers"},
	{"AGENT DE CONTROLE NON DESTRUCTIF (MC NIVEAU IV)", "Agent de contrôle non destructif"},
	{"CONDUCTEUR D'INSTALLATIONS DE PRODUCTION (CAP)", "Conducteur d'installations de production"},
	{"ARMURES COMPLEXES ET FACONNES (MC AU CAP)", "Armures complexes et façonnés"},
	{"AIDE-SOIGNANT (DIPLÔME D'ETAT)", "Aide-soignant"},
	{"ACTION TECHNICO-COMMERCIALE DANS LES COOPERATIVES AGRICOLES (CS) (TH)", "Action technico-commerciale dans les coopératives agricoles"},
	{"FONDERIE(BTS)", "Fonderie"},
	{"PLASTICIEN DE L'ENVIRONNEMENT ARCHITECTURAL (BTS).", "Plasticien de l'environnement architectural"},
	// A group that names a place, a school or a class is part of the label.
	{"ACOUSTIQUE ET VIBRATIONS (LP LE MANS)", "Acoustique et vibrations (LP Le Mans)"},
	{"ASSISTANT DE DIRECTION (IFOCOP)", "Assistant de direction (IFOCOP)"},
	{"AMENAGT DU TERRIT., DEVELOPMT, URBANISME (3EME SEGPA)", "Aménagt du territ., dévelopmt, urbanisme (3ème SEGPA)"},
	{"PC (PHYSIQUE ET CHIMIE)", "PC (physique et chimie)"},
	// Nothing would be left.
	{"(CAP)", "(CAP)"},
	{"MACON", "Maçon"},
}

func TestFormation(t *testing.T) {
	for _, tt := range formationTests {
		if got := Formation(tt.bcn); got != tt.want {
			t.Errorf("Formation(%q)\n got %q\nwant %q", tt.bcn, got, tt.want)
		}
	}
}

// TestKeepsWordsOfExamples: the guarantee, on the examples.
func TestKeepsWordsOfExamples(t *testing.T) {
	for _, tt := range phraseTests {
		if err := sameWords(tt.bcn, Phrase(tt.bcn)); err != "" {
			t.Error(err)
		}
	}
	for _, tt := range formationTests {
		if err := droppedDiplomaOnly(tt.bcn, Formation(tt.bcn)); err != "" {
			t.Error(err)
		}
	}
}

// unaccent is the test's own way back to the BCN's writing, independent of
// the package's: NFD, combining marks dropped, ligatures opened, upper case.
func unaccent(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ':
			b.WriteString("oe")
		case r == 'Œ':
			b.WriteString("OE")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'Æ':
			b.WriteString("AE")
		default:
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(b.String())
}

func wordsOf(s string) []string {
	return strings.FieldsFunc(unaccent(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func compact(s string) string {
	return strings.Join(strings.Fields(unaccent(s)), "")
}

// sameWords says what differs, besides case, accents and spacing, between a
// label and its phrase: a word invented, dropped, expanded or moved, or a
// punctuation mark changed.
func sameWords(bcn, out string) string {
	if in, got := wordsOf(bcn), wordsOf(out); !slices.Equal(in, got) {
		return "words changed:\n  " + bcn + "\n  " + out
	}
	if compact(bcn) != compact(out) {
		return "characters changed:\n  " + bcn + "\n  " + out
	}
	return ""
}

// droppedDiplomaOnly is sameWords for Formation: the output is the label
// less trailing words that all name a diploma.
func droppedDiplomaOnly(bcn, out string) string {
	in, got := wordsOf(bcn), wordsOf(out)
	if len(got) > len(in) || !slices.Equal(in[:len(got)], got) {
		return "words changed:\n  " + bcn + "\n  " + out
	}
	for _, w := range in[len(got):] {
		if !diplomaHeads[w] && !diplomaQualifiers[w] {
			return "a word that is not a diploma was dropped (" + w + "):\n  " + bcn + "\n  " + out
		}
	}
	if !strings.HasPrefix(compact(bcn), compact(out)) {
		return "characters changed:\n  " + bcn + "\n  " + out
	}
	return ""
}

// TestListsAreSound: each list is well formed, sorted, and no entry of the
// dictionary or of a phrase changes a letter of its word.
func TestListsAreSound(t *testing.T) {
	if _, err := parseLexicon(dictionaryTxt, plainTxt, capitalsTxt); err != nil {
		t.Fatal(err)
	}
	for _, list := range []struct{ name, text string }{
		{"dictionary.txt", dictionaryTxt}, {"plain.txt", plainTxt}, {"capitals.txt", capitalsTxt},
	} {
		prev := ""
		for n, line := range strings.Split(list.text, "\n") {
			if skip(line) {
				continue
			}
			k, form, _ := strings.Cut(line, " ")
			where := list.name + ":" + strconv.Itoa(n+1)
			if k <= prev {
				t.Errorf("%s: %s is not after %s (keep the list sorted)", where, k, prev)
			}
			prev = k
			for _, r := range k {
				if !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
					t.Errorf("%s: %q: a word is written as the BCN does, A-Z and 0-9", where, k)
					break
				}
			}
			switch list.name {
			case "dictionary.txt":
				if unaccent(form) != k {
					t.Errorf("%s: %s %s: the form changes the word (back to %s)", where, k, form, unaccent(form))
				}
				if form == strings.ToLower(k) && !hasDigit(k) {
					t.Errorf("%s: %s needs no entry here: it belongs in plain.txt", where, k)
				}
			case "plain.txt":
				if hasDigit(k) {
					t.Errorf("%s: %s has a digit: codes are in capitals.txt or the dictionary", where, k)
				}
			}
		}
	}
	for _, p := range phrases {
		k, f := strings.Fields(p.keys), strings.Fields(p.forms)
		if len(k) != len(f) {
			t.Errorf("phrase %q: %d keys, %d forms", p.keys, len(k), len(f))
			continue
		}
		for i := range k {
			if unaccent(f[i]) != k[i] {
				t.Errorf("phrase %q: %s changes the word %s", p.keys, f[i], k[i])
			}
		}
	}
}
