package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A CSV as the site writes them: codes that look like numbers, rates with
// a decimal point, empty cells, a defused formula, quotes and accents.
const sample = `uai,code_region,code_departement,code_formation_diplome,nom,effectif,taux_emploi_6_mois,taux_emploi_6_mois_statut,solde,rentree,millesime,note
0350001A,53,35,40025012,"Lycée Bréquigny, Rennes",120,43.6,,-4,2024,2022+2023,'=1+1
0750003C,11,75,50022135,Lycée Voltaire,,,secret statistique,12,2024,2022+2023,
9730001X,03,973,32022709,Lycée de Cayenne,7,100,,0,2024,2022+2023,"dit ""le grand"""
0200001A,94,2A,01234567,Lycée d'Ajaccio,35,0.5,,3,2023,2021+2022,
`

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the file: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestTypedCells(t *testing.T) {
	b, err := FromCSV([]byte(sample), "etablissements")
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "etablissements" {
		t.Fatalf("sheets %q", got)
	}
	tests := []struct {
		cell  string
		typ   excelize.CellType
		value string
	}{
		{"A1", excelize.CellTypeSharedString, "uai"},
		{"A2", excelize.CellTypeSharedString, "0350001A"}, // UAI
		{"B4", excelize.CellTypeSharedString, "03"},       // code_region keeps its zero
		{"C5", excelize.CellTypeSharedString, "2A"},       // département
		{"C2", excelize.CellTypeSharedString, "35"},       // a code, though every one is a number
		{"D2", excelize.CellTypeSharedString, "40025012"}, // CFD
		{"D5", excelize.CellTypeSharedString, "01234567"},
		{"E2", excelize.CellTypeSharedString, "Lycée Bréquigny, Rennes"},
		{"F2", excelize.CellTypeNumber, "120"},
		{"F3", excelize.CellTypeUnset, ""}, // missing stays empty
		{"G2", excelize.CellTypeNumber, "43.6"},
		{"G4", excelize.CellTypeNumber, "100"},
		{"G5", excelize.CellTypeNumber, "0.5"},
		{"H3", excelize.CellTypeSharedString, "secret statistique"},
		{"I2", excelize.CellTypeNumber, "-4"},
		{"J2", excelize.CellTypeNumber, "2024"},
		{"K2", excelize.CellTypeSharedString, "2022+2023"},
		{"L2", excelize.CellTypeSharedString, "=1+1"}, // text, never a formula
		{"L4", excelize.CellTypeSharedString, `dit "le grand"`},
	}
	for _, tt := range tests {
		typ, err := f.GetCellType("etablissements", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.GetCellValue("etablissements", tt.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// The stream writer writes text inline; either kind is text. A
		// cell without a type attribute is a number (OOXML's default).
		if typ == excelize.CellTypeInlineString {
			typ = excelize.CellTypeSharedString
		}
		if typ == excelize.CellTypeUnset && v != "" {
			typ = excelize.CellTypeNumber
		}
		if typ != tt.typ || v != tt.value {
			t.Errorf("%s: %v %q, want %v %q", tt.cell, typ, v, tt.typ, tt.value)
		}
	}
	if formula, _ := f.GetCellFormula("etablissements", "L2"); formula != "" {
		t.Errorf("L2 holds the formula %q", formula)
	}
}

func TestHeaderFrozenBoldAndWidths(t *testing.T) {
	b, err := FromCSV([]byte(sample), "etablissements")
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	panes, err := f.GetPanes("etablissements")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	for _, c := range []string{"A1", "L1"} {
		id, err := f.GetCellStyle("etablissements", c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("header cell %s is not bold", c)
		}
	}
	if id, _ := f.GetCellStyle("etablissements", "A2"); id != 0 {
		if st, _ := f.GetStyle(id); st != nil && st.Font != nil && st.Font.Bold {
			t.Error("a data cell is bold")
		}
	}
	// A decimal column shows its decimals (43.6 and 100 → 43,6 and 100,0);
	// an integer column has no format.
	id, _ := f.GetCellStyle("etablissements", "G4")
	if st, _ := f.GetStyle(id); st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0" {
		t.Errorf("taux_emploi_6_mois: style %+v, want the number format 0.0", st)
	}
	if id, _ := f.GetCellStyle("etablissements", "F2"); id != 0 {
		t.Errorf("effectif has style %d", id)
	}
	narrow, _ := f.GetColWidth("etablissements", "B") // code_region: the header is widest
	wide, _ := f.GetColWidth("etablissements", "E")   // names
	if narrow < 12 || wide < 25 || wide > 63 {
		t.Errorf("widths: code_region %g, nom %g", narrow, wide)
	}
}

func TestDeterministic(t *testing.T) {
	a, err := FromCSV([]byte(sample), "etablissements")
	if err != nil {
		t.Fatal(err)
	}
	b, err := FromCSV([]byte(sample), "etablissements")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two conversions of the same CSV differ")
	}
	// No clock anywhere: fixed dates in the properties and the zip.
	z, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range z.File {
		if !e.Modified.IsZero() && e.Modified.Year() > 1980 {
			t.Errorf("zip entry %s dated %v", e.Name, e.Modified)
		}
		if e.Name == "docProps/core.xml" {
			r, _ := e.Open()
			var buf bytes.Buffer
			buf.ReadFrom(r)
			r.Close()
			if n := strings.Count(buf.String(), Date); n != 2 {
				t.Errorf("core.xml has the fixed date %d times, want 2 (created, modified): %s", n, buf.String())
			}
		}
	}
}

func TestErrors(t *testing.T) {
	for name, tt := range map[string]struct{ csv, sheet, want string }{
		"short line":  {"a,b\n1\n", "s", "line 2: 1 cells for 2 columns"},
		"empty":       {"", "s", "no header row"},
		"bad quote":   {"a\n\"x\n", "s", "read csv"},
		"sheet name":  {"a\n1\n", "a/b", "sheet name"},
		"long sheet ": {"a\n1\n", strings.Repeat("x", 32), "sheet name"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := FromCSV([]byte(tt.csv), tt.sheet)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestTextColumns(t *testing.T) {
	b, err := FromCSV([]byte("numero,nombre\n007,1\n12,2\n"), "s", "numero")
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	v, _ := f.GetCellValue("s", "A3")
	typ, _ := f.GetCellType("s", "A3")
	if v != "12" || typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		t.Errorf("numero named as text: %v %q", typ, v)
	}
	// Without the name, the leading zero alone keeps the column text.
	b, err = FromCSV([]byte("numero\n007\n12\n"), "s")
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, b)
	if typ, _ := f.GetCellType("s", "A3"); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		t.Error("a column with a leading zero typed as numbers")
	}
}

// bigCSV is a national file of real size: rows × cols, a third codes, a
// third rates, a third names.
func bigCSV(rows, cols int) []byte {
	var b bytes.Buffer
	for c := 0; c < cols; c++ {
		if c > 0 {
			b.WriteByte(',')
		}
		switch c % 3 {
		case 0:
			fmt.Fprintf(&b, "code_%d", c)
		case 1:
			fmt.Fprintf(&b, "taux_%d", c)
		default:
			fmt.Fprintf(&b, "libelle_%d", c)
		}
	}
	b.WriteByte('\n')
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteByte(',')
			}
			switch c % 3 {
			case 0:
				fmt.Fprintf(&b, "%07dA", (r*7+c)%9999999)
			case 1:
				if (r+c)%11 != 0 { // some missing
					fmt.Fprintf(&b, "%d.%d", (r+c)%100, r%10)
				}
			default:
				fmt.Fprintf(&b, "Lycée professionnel %d", r)
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestBigFile(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	csv := bigCSV(2000, 40)
	b, err := FromCSV(csv, "gros")
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, b)
	rows, err := f.GetRows("gros")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2001 || rows[2000][0] != fmt.Sprintf("%07dA", (1999*7)%9999999) {
		t.Errorf("%d rows, last starts %q", len(rows), rows[len(rows)-1][0])
	}
}

// BenchmarkFromCSV converts a CSV of 50 000 rows × 40 columns, the size of
// the largest national files (offres.csv: 75 000 rows × 18 columns).
func BenchmarkFromCSV(b *testing.B) {
	csv := bigCSV(50_000, 40)
	b.SetBytes(int64(len(csv)))
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := FromCSV(csv, "offres")
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "xlsx-bytes")
}

// TestIsNumber pins isNumber to the grammar it replaces,
// ^-?(0|[1-9][0-9]*)(\.[0-9]+)?$: on chosen cells, then on every string
// of up to five characters drawn from "01-.a".
func TestIsNumber(t *testing.T) {
	re := regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
	cells := []string{""}
	for n, level := 0, []string{""}; n < 5; n++ {
		var next []string
		for _, p := range level {
			for _, r := range "01-.a" {
				next = append(next, p+string(r))
			}
		}
		cells, level = append(cells, next...), next
	}
	cells = append(cells,
		"0", "7", "42", "-3", "-0", "0.5", "12.25", "-1.0", "100",
		"", "-", ".", "1.", ".5", "01", "00", "-01", "1.2.3", "1e5", "+1", "1,5", " 1", "1 ", "--1", "0x1", "١",
		"0.", "-.5", "10.0a", "9999999999999999999999",
	)
	for _, c := range cells {
		if got, want := isNumber(c), re.MatchString(c); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", c, got, want)
		}
	}
}
