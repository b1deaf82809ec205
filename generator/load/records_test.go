package load

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// records reads content with ReadRecords and lists, per record, its line,
// its cells and its raw bytes.
func records(t testing.TB, content, enc string) (*Records, error) {
	return ReadRecords("f.csv", []byte(content), testFormat(t, enc))
}

func TestReadRecordsKeepsThePublishedBytes(t *testing.T) {
	type rec struct {
		Line  int
		Cells []string
		Raw   string
	}
	tests := []struct {
		name    string
		content string
		enc     string
		bom     bool
		want    []rec // header first
	}{
		{
			name:    "BOM and CRLF",
			content: "\xEF\xBB\xBFUAI;Libellé;Effectif;Taux;Vide\r\n0010001W;Lycée Bérard;12;43,5;\r\n",
			enc:     "utf-8", bom: true,
			want: []rec{
				{1, []string{"UAI", "Libellé", "Effectif", "Taux", "Vide"}, "UAI;Libellé;Effectif;Taux;Vide"},
				{2, []string{"0010001W", "Lycée Bérard", "12", "43,5", ""}, "0010001W;Lycée Bérard;12;43,5;"},
			},
		},
		{
			name:    "Windows-1252: cells decoded, raw bytes as published",
			content: "UAI;Libell\xe9;Effectif;Taux;Vide\n0010001W;\xc9cole \x9cuvre;3;1.5;\n0010002X;\"\xab dit \"\"\xe9\"\" \xbb\";4;;\n",
			enc:     "windows-1252",
			want: []rec{
				{1, []string{"UAI", "Libellé", "Effectif", "Taux", "Vide"}, "UAI;Libell\xe9;Effectif;Taux;Vide"},
				{2, []string{"0010001W", "École œuvre", "3", "1.5", ""}, "0010001W;\xc9cole \x9cuvre;3;1.5;"},
				{3, []string{"0010002X", `« dit "é" »`, "4", "", ""}, "0010002X;\"\xab dit \"\"\xe9\"\" \xbb\";4;;"},
			},
		},
		{
			name:    "a quoted field over two lines, no final newline",
			content: "UAI;Libellé;Effectif;Taux;Vide\r\n0010001W;\"a\r\nb\";1;2;\r\n0010002X;c;3;4;",
			enc:     "utf-8",
			want: []rec{
				{1, []string{"UAI", "Libellé", "Effectif", "Taux", "Vide"}, "UAI;Libellé;Effectif;Taux;Vide"},
				{2, []string{"0010001W", "a\r\nb", "1", "2", ""}, "0010001W;\"a\r\nb\";1;2;"},
				{4, []string{"0010002X", "c", "3", "4", ""}, "0010002X;c;3;4;"},
			},
		},
		{
			name:    "a blank last line is not a record",
			content: "UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;2;\n\n",
			enc:     "utf-8",
			want: []rec{
				{1, []string{"UAI", "Libellé", "Effectif", "Taux", "Vide"}, "UAI;Libellé;Effectif;Taux;Vide"},
				{2, []string{"0010001W", "a", "1", "2", ""}, "0010001W;a;1;2;"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := records(t, tt.content, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			if r.BOM != tt.bom {
				t.Errorf("BOM = %v, want %v", r.BOM, tt.bom)
			}
			var got []rec
			for _, x := range append([]Record{r.Header}, r.Rows...) {
				got = append(got, rec{x.Line, x.Cells, string(x.Raw)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// ReadRecords refuses what NewReader refuses before typing a cell, with
// the same error.
func TestReadRecordsRejectsWhatTheReaderRejects(t *testing.T) {
	for name, c := range map[string]struct{ content, enc string }{
		"bad header":            {"UAI;Nom;Effectif;Taux;Vide\n", "utf-8"},
		"empty file":            {"", "utf-8"},
		"short row":             {"UAI;Libellé;Effectif;Taux;Vide\n0010001W;a;1;2;\n0010002X;b;3\n", "utf-8"},
		"Windows-1252 as UTF-8": {"UAI;Libell\xe9;Effectif;Taux;Vide\n", "utf-8"},
		"UTF-8 as Windows-1252": {"UAI;Libellé;Effectif;Taux;Vide\n", "windows-1252"},
		"unterminated quote":    {"UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"a;1;2;\n", "utf-8"},
	} {
		_, _, want := rows(t, c.content, c.enc)
		_, got := records(t, c.content, c.enc)
		var ie *InputError
		if !errors.As(got, &ie) || want == nil || got.Error() != want.Error() {
			t.Errorf("%s: ReadRecords: %v, the reader: %v", name, got, want)
		}
	}
}

func FuzzReadRecords(f *testing.F) {
	for _, s := range []string{
		"\xEF\xBB\xBFUAI;Libellé;Effectif;Taux;Vide\r\n0010001W;Lycée;12;43,5;\r\n",
		"UAI;Libell\xe9;Effectif;Taux;Vide\n0010001W;\xc9cole;3;1.5;\n",
		"UAI;Libellé;Effectif;Taux;Vide\n0010001W;\"a\nb\";1;nd;\r\n;;;;\n\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, b []byte, cp1252 bool) {
		enc := "utf-8"
		if cp1252 {
			enc = "windows-1252"
		}
		r, err := records(t, string(b), enc)
		got, _, rerr := rows(t, string(b), enc)
		if err != nil {
			// The reader stops there too, or earlier on a cell it types.
			if rerr == nil {
				t.Fatalf("ReadRecords: %v; the reader reads the file", err)
			}
			return
		}
		if rerr == nil && len(got) != len(r.Rows) {
			t.Fatalf("%d records, the reader reads %d rows", len(r.Rows), len(got))
		}
		// Every record's bytes follow the previous one's in the content.
		rest := bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
		for _, x := range append([]Record{r.Header}, r.Rows...) {
			i := bytes.Index(rest, x.Raw)
			if i < 0 {
				t.Fatalf("line %d: %q is not in the content after the previous record", x.Line, x.Raw)
			}
			rest = rest[i+len(x.Raw):]
		}
	})
}
