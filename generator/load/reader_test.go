package load

import (
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testFormat is a small format exercising every column type.
func testFormat(t testing.TB, enc string) *Format {
	t.Helper()
	f := &Format{
		Table: "t", Encoding: enc,
		Header: []string{"UAI", "Libellé", "Effectif", "Taux", "Vide"},
		Columns: []Column{
			{Name: "UAI", As: "uai", Type: "code", Pattern: "^[0-9]{7}[A-Z]$"},
			{Name: "Libellé", As: "libelle", Type: "text"},
			{Name: "Effectif", As: "effectif", Type: "int"},
			{Name: "Taux", As: "taux", Type: "num?"},
		},
		Extra: []Column{{As: "annee", Type: "int"}},
	}
	m := &Manifest{Formats: map[string]*Format{"f": f}}
	if err := m.compile(); err != nil {
		t.Fatal(err)
	}
	return f
}

// rows reads every row of content; values are in schema order (sorted by
// column name: annee, effectif, libelle, taux, uai) then src_file, src_line.
func rows(t testing.TB, content string, enc string) ([][]driver.Value, Stats, error) {
	f := testFormat(t, enc)
	r, err := NewReader("f.csv", []byte(content), f, map[string]string{"annee": "2020"})
	if err != nil {
		return nil, Stats{}, err
	}
	var out [][]driver.Value
	for {
		row := make([]driver.Value, len(r.cols)+2)
		ok, err := r.Next(row)
		if err != nil {
			return out, r.Stats, err
		}
		if !ok {
			return out, r.Stats, nil
		}
		out = append(out, row)
	}
}

func TestReaderAcceptsRealFileQuirks(t *testing.T) {
	tests := []struct {
		name    string
		content string
		enc     string
		want    [][]driver.Value
		supp    int
	}{
		{
			name:    "BOM and CRLF",
			content: "\xEF\xBB\xBFUAI;Libellé;Effectif;Taux;Vide\r\n0010001W;Lycée Bérard;12;43,5;\r\n",
			enc:     "utf-8",
			want:    [][]driver.Value{{int64(2020), int64(12), "Lycée Bérard", 43.5, "0010001W", "f.csv", int64(2)}},
		},
		{
			name:    "Windows-1252 accents",
			content: "UAI;Libell\xe9;Effectif;Taux;Vide\n0010001W;\xc9cole \x9cuvre;3;1.5;\n",
			enc:     "windows-1252",
			want:    [][]driver.Value{{int64(2020), int64(3), "École œuvre", 1.5, "0010001W", "f.csv", int64(2)}},
		},
		{
			name:    "nd and empty rates are suppressed, not zero",
			content: "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;nd;\n0010002X;;2;;\n",
			enc:     "utf-8",
			want: [][]driver.Value{
				{int64(2020), int64(1), "a", nil, "0010001W", "f.csv", int64(2)},
				{int64(2020), int64(2), nil, nil, "0010002X", "f.csv", int64(3)},
			},
			supp: 2,
		},
		{
			name:    "quoted fields, doubled quotes and a bare quote",
			content: "\"UAI\";\"Libellé\";\"Effectif\";\"Taux\";Vide\n\"0010001W\";\"dit \"\"Le Lycée\"\"\";7;-3;x\n0010002X;le \"CPES\" en 4 ans;8;0;\n",
			enc:     "utf-8",
			want: [][]driver.Value{
				{int64(2020), int64(7), `dit "Le Lycée"`, -3.0, "0010001W", "f.csv", int64(2)},
				{int64(2020), int64(8), `le "CPES" en 4 ans`, 0.0, "0010002X", "f.csv", int64(3)},
			},
		},
		{
			name:    "a quoted field opening a cell keeps the text after its closing quote",
			content: "UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"Diplome d'etat\" en 4 ans;1;2;\n",
			enc:     "utf-8",
			want:    [][]driver.Value{{int64(2020), int64(1), "Diplome d'etat en 4 ans", 2.0, "0010001W", "f.csv", int64(2)}},
		},
		{
			name:    "no final newline",
			content: "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;2;",
			enc:     "utf-8",
			want:    [][]driver.Value{{int64(2020), int64(1), "a", 2.0, "0010001W", "f.csv", int64(2)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st, err := rows(t, tt.content, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if st.Suppressed != tt.supp {
				t.Errorf("suppressed = %d, want %d", st.Suppressed, tt.supp)
			}
		})
	}
}

func TestReaderRejectsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		content string
		enc     string
		want    InputError
	}{
		{"bad header", "UAI;Nom;Effectif;Taux;Vide\n", "utf-8",
			InputError{File: "f.csv", Line: 1, Column: 2, Msg: `expected header "Libellé", got "Nom"`}},
		{"missing header column", "UAI;Libellé;Effectif;Taux\n", "utf-8",
			InputError{File: "f.csv", Line: 1, Msg: "expected a header of 5 columns (UAI;Libellé;Effectif;Taux;Vide), got 4"}},
		{"empty file", "", "utf-8", InputError{File: "f.csv", Line: 1, Msg: "expected a header line, the file is empty"}},
		{"short row", "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;2;\n0010002X;b;3\n", "utf-8",
			InputError{File: "f.csv", Line: 3, Msg: "expected 5 fields, got 3"}},
		{"non-numeric count", "UAI;Libellé;Effectif;Taux;Vide\r\n0010001W;a;douze;2;\r\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 3, Header: "Effectif", Msg: `expected a non-negative integer, got "douze"`}},
		{"negative count", "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;-1;2;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 3, Header: "Effectif", Msg: `expected a non-negative integer, got "-1"`}},
		{"decimal in a count", "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1,5;2;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 3, Header: "Effectif", Msg: `expected a non-negative integer, got "1,5"`}},
		{"bad code", "UAI;Libellé;Effectif;Taux;Vide\n001W;a;1;2;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 1, Header: "UAI", Msg: `expected a code matching ^[0-9]{7}[A-Z]$, got "001W"`}},
		{"missing code", "UAI;Libellé;Effectif;Taux;Vide\n;a;1;2;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 1, Header: "UAI", Msg: "expected a code, got an empty cell"}},
		{"not a number", "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;NaN;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Column: 4, Header: "Taux", Msg: `expected a number (decimal comma or point), got "NaN"`}},
		{"Windows-1252 where UTF-8 is expected", "UAI;Libell\xe9;Effectif;Taux;Vide\n", "utf-8",
			InputError{File: "f.csv", Line: 1, Msg: "expected UTF-8 text, found an invalid byte at character 11 (is the file Windows-1252?)"}},
		{"UTF-8 where Windows-1252 is expected", "UAI;Libellé;Effectif;Taux;Vide\n", "windows-1252",
			InputError{File: "f.csv", Msg: "expected Windows-1252 text, but the file is UTF-8 encoded"}},
		{"unterminated quote", "UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"a;1;2;\n", "utf-8",
			InputError{File: "f.csv", Line: 2, Msg: "malformed CSV: a quoted field is never closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := rows(t, tt.content, tt.enc)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if diff := cmp.Diff(tt.want, *ie); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(ie.Error(), "f.csv") {
				t.Errorf("message %q does not start with the file name", ie.Error())
			}
		})
	}
}

func TestInputErrorMessage(t *testing.T) {
	e := &InputError{File: "tjp-pilotage/2020/constat_2020.csv", Line: 12, Column: 4, Header: "Nombre d'élèves : Total", Msg: `expected a non-negative integer, got "x"`}
	want := `tjp-pilotage/2020/constat_2020.csv:12: column 4 (Nombre d'élèves : Total): expected a non-negative integer, got "x"`
	if e.Error() != want {
		t.Fatalf("got %q\nwant %q", e.Error(), want)
	}
}

func FuzzReader(f *testing.F) {
	seeds := []string{
		"\xEF\xBB\xBFUAI;Libellé;Effectif;Taux;Vide\r\n0010001W;Lycée;12;43,5;\r\n",
		"UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"a\"\"b\";1;nd;\n",
		"\"UAI\";\"Libellé\";\"Effectif\";\"Taux\";\n\"0010001W\";\"x\" y;1;2;\n",
		"UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"a;1;2;\n",
		"UAI;Libellé;Effectif;Taux;Vide\n;;;;\n\n\r\n",
		"UAI;Libell\xe9;Effectif;Taux;Vide\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, b []byte, cp1252 bool) {
		enc := "utf-8"
		if cp1252 {
			enc = "windows-1252"
		}
		got, _, err := rows(t, string(b), enc)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		for _, r := range got {
			if len(r) != 7 {
				t.Fatalf("row of %d values", len(r))
			}
		}
	})
}

func FuzzScanner(f *testing.F) {
	f.Add("a;b\r\nc;\"d\"\"e\"\n\"f\ng\";h")
	f.Add("\"")
	f.Add(";;\r")
	f.Fuzz(func(t *testing.T, s string) {
		sc := newScanner(s)
		lines := 0
		for {
			rec, line, ok, _ := sc.next(nil)
			if !ok {
				break
			}
			if line < lines || len(rec) == 0 {
				t.Fatalf("line %d after %d, %d fields", line, lines, len(rec))
			}
			lines = line
			if lines > len(s)+1 {
				t.Fatal("scanner does not advance")
			}
		}
	})
}
