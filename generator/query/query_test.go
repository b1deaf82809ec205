package query

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/indicator"
	"github.com/orion-static/orion/generator/load"
	"github.com/orion-static/orion/generator/sample"
)

// contract lists what breaks the query contract in a set of SQL files: a
// page query (sql/*.sql) that no field of Data declares, a declared query
// without its file, a query declared twice.
func contract(files fs.FS) []string {
	var problems []string
	declared := map[string]string{}
	for _, d := range Declarations() {
		if prev, ok := declared[d.Name]; ok {
			problems = append(problems, "sql/"+d.Name+".sql is declared by "+prev+" and "+d.Field)
		}
		declared[d.Name] = d.Field
		if _, err := fs.Stat(files, "sql/"+d.Name+".sql"); err != nil {
			problems = append(problems, d.Field+" declares sql/"+d.Name+".sql, which does not exist")
		}
	}
	names, _ := fs.Glob(files, "sql/*.sql")
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".sql")
		if _, ok := declared[name]; !ok {
			problems = append(problems, n+" is embedded but no field of query.Data declares it: its rows would never reach a page")
		}
	}
	sort.Strings(problems)
	return problems
}

// TestQueryContract: every page query is declared once by a field of Data
// and every declared field has its query.
func TestQueryContract(t *testing.T) {
	for _, p := range contract(sqlFS) {
		t.Error(p)
	}
}

// TestQueryContractCatchesAnOrphan proves the contract once: an embedded
// page query that no field declares, or a field whose file is missing,
// fails it.
func TestQueryContractCatchesAnOrphan(t *testing.T) {
	files := fstest.MapFS{}
	fs.WalkDir(sqlFS, "sql", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := sqlFS.ReadFile(p)
			files[p] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	files["sql/orphan.sql"] = &fstest.MapFile{Data: []byte("SELECT 1 AS x")}
	delete(files, "sql/formation_liens.sql")
	got := strings.Join(contract(files), "\n")
	for _, want := range []string{"sql/orphan.sql is embedded but no field", "Formations.Liens declares sql/formation_liens.sql, which does not exist"} {
		if !strings.Contains(got, want) {
			t.Errorf("the contract misses %q; it says:\n%s", want, got)
		}
	}
}

var (
	sampleOnce sync.Once
	sampleConn *sql.DB
	sampleData *Data
	sampleErr  error
)

// sampleDB loads the fictional sample (it needs nothing but the repository)
// and runs the model and every page query.
func sampleDB(t *testing.T) (*sql.DB, *Data) {
	t.Helper()
	sampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "orion-query-test-*")
		if err != nil {
			sampleErr = err
			return
		}
		defer os.RemoveAll(dir)
		ctx := context.Background()
		if sampleErr = sample.Write(ctx, dir, sample.Options{Seed: 1, Scale: 1}); sampleErr != nil {
			return
		}
		formats, _ := fs.ReadFile(data.FS, "manifest/formats.json")
		manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			sampleErr = err
			return
		}
		m, err := load.Parse(formats, manifest)
		if err != nil {
			sampleErr = err
			return
		}
		if sampleConn, sampleErr = db.Open(); sampleErr != nil {
			return
		}
		if _, sampleErr = load.Load(ctx, sampleConn, os.DirFS(dir), m); sampleErr != nil {
			return
		}
		if sampleErr = Model(ctx, sampleConn); sampleErr != nil {
			return
		}
		sampleData, sampleErr = Fetch(ctx, sampleConn)
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleConn, sampleData
}

// TestEveryDeclaredResultIsFilled: on the fictional sample, which has rows
// of every kind, no declared result stays empty (a query that is never run
// or returns nothing would leave a page section empty).
func TestEveryDeclaredResultIsFilled(t *testing.T) {
	_, d := sampleDB(t)
	v := reflect.ValueOf(d).Elem()
	walkDeclared(v.Type(), nil, func(p []int, name string, _ bool, f reflect.StructField, field string) {
		x := v.FieldByIndex(p)
		if x.Kind() == reflect.Slice && x.Len() == 0 || x.Kind() == reflect.Struct && x.IsZero() {
			t.Errorf("%s (sql/%s.sql) is empty on the sample", field, name)
		}
	})
}

// TestEveryFigureIsComputed: each declared figure is computed by at least
// one page query on the sample (a declaration no query feeds is dead), and
// published at least once.
func TestEveryFigureIsComputed(t *testing.T) {
	_, d := sampleDB(t)
	seen := map[string]bool{}
	v := reflect.ValueOf(d).Elem()
	var visit func(x reflect.Value)
	visit = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.Slice:
			for i := range x.Len() {
				visit(x.Index(i))
			}
		case reflect.Struct:
			if set, ok := x.Interface().(indicator.Set); ok {
				set.Each(func(_ string, val indicator.Value) {
					if val.Ok() {
						seen[val.Def.ID] = true
					}
				})
				return
			}
			for i := range x.NumField() {
				visit(x.Field(i))
			}
		}
	}
	visit(v)
	for _, def := range indicator.All() {
		if !def.Journal && !seen[def.ID] {
			t.Errorf("%s: no page query publishes it on the sample", def.ID)
		}
	}
}

// TestFiguresInSQL: the SQL divides once, rounding half up on the exact
// ratio (41/80 = 51,25 % → 51,3), applies the secret under 20, and obeys
// a status forced by the query.
func TestFiguresInSQL(t *testing.T) {
	conn, err := db.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	q := `SELECT * FROM (VALUES
	    (1, 41, 80, 5, 4, NULL),
	    (2, 10, 19, 1, 8, 'sans_objet'),
	    (3, NULL, 30, 0, 0, NULL),
	    (4, 201, 400, 1, 3, NULL)
	) AS t(n, emploi6_num, emploi6_den, pression_num, pression_den, "taux_pression__statut") ORDER BY n`
	wrapped, err := withFigures(ctx, conn, "test", q)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, wrapped)
	if err != nil {
		t.Fatalf("%v\n%s", err, wrapped)
	}
	defer rows.Close()
	type out struct {
		emploi, pression string
	}
	var got []out
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		byName := map[string]any{}
		for i, c := range cols {
			byName[c] = vals[i]
		}
		text := func(col string, d *indicator.Def) string {
			st, err := indicator.ParseStatut(byName[col+statusSuffix].(string))
			if err != nil {
				t.Fatal(err)
			}
			v := indicator.Value{Statut: st, Def: d}
			if n, ok := byName[col].(int64); ok {
				v.Scaled = n
			}
			return v.Text()
		}
		got = append(got, out{text("taux_emploi_6_mois", indicator.TauxEmploi6), text("taux_pression", indicator.TauxPression)})
	}
	want := []out{
		{"51,3\u202f%", "1,25"},
		{"secret statistique", "sans objet"},
		{"donnée non disponible", "donnée non disponible"},
		{"50,3\u202f%", "0,33"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q\n%s", got, want, wrapped)
	}
}
