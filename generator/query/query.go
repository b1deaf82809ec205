// Package query owns the SQL of the site: the model statements that turn the
// loaded source tables into Orion's tables (sql/model/*.sql, run in name
// order) and one aggregation query per page type (sql/*.sql). Queries return
// numerators and denominators, never rates: package indicator divides, so a
// page, its CSV and its chart share the same sums.
package query

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
)

//go:embed sql
var sqlFS embed.FS

// Model writes the readable labels, then runs every model statement in
// order.
func Model(ctx context.Context, conn *sql.DB) error {
	if err := readableLabels(ctx, conn); err != nil {
		return err
	}
	names, err := fs.Glob(sqlFS, "sql/model/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := sqlFS.ReadFile(n)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("model %s: %w", n, err)
		}
	}
	return nil
}

// Violation is an input row that breaks a referential rule.
type Violation struct {
	File     string `db:"src_file"`
	Line     int64  `db:"src_line"`
	Column   string `db:"colonne"` // table column
	Value    string `db:"valeur"`
	Expected string `db:"attendu"`
}

// Check runs the referential checks (sql/check/*.sql) on the loaded tables
// and returns the first violation of each, in name order.
func Check(ctx context.Context, conn *sql.DB) ([]Violation, error) {
	names, err := fs.Glob(sqlFS, "sql/check/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Violation
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "sql/"), ".sql")
		v, err := All[Violation](ctx, conn, name)
		if err != nil {
			return nil, err
		}
		if len(v) > 0 {
			out = append(out, v[0])
		}
	}
	return out, nil
}

// All runs sql/<name>.sql with args and scans every row into a T. Columns
// map to fields by their `db` tag, embedded structs included; a column
// without a field is an error, so a renamed column cannot be silently lost.
// The declared figures the query selects the inputs of (package
// indicator) are computed by withFigures and land in T's indicator.Set.
func All[T any](ctx context.Context, conn *sql.DB, name string, args ...any) ([]T, error) {
	var zero T
	v, err := scan(ctx, conn, name, reflect.TypeOf(zero), args...)
	if err != nil {
		return nil, err
	}
	return v.Interface().([]T), nil
}

var setType = reflect.TypeOf(indicator.Set{})

// scan runs sql/<name>.sql and returns a []t.
func scan(ctx context.Context, conn *sql.DB, name string, t reflect.Type, args ...any) (reflect.Value, error) {
	out := reflect.MakeSlice(reflect.SliceOf(t), 0, 0)
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return out, fmt.Errorf("query %s: %w", name, err)
	}
	q := string(b)
	if !strings.HasPrefix(name, "check/") {
		if q, err = withFigures(ctx, conn, name, q); err != nil {
			return out, err
		}
	}
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return out, fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return out, fmt.Errorf("query %s: %w", name, err)
	}
	index, setPath := fieldIndex(t)
	paths := make([][]int, len(cols))
	type fig struct {
		col    int
		def    *indicator.Def
		status bool
		name   string
	}
	var figs []fig
	for i, c := range cols {
		if p, ok := index[c]; ok {
			paths[i] = p
			continue
		}
		if d, status := figureColumn(c); d != nil && setPath != nil {
			figs = append(figs, fig{col: i, def: d, status: status, name: strings.TrimSuffix(c, statusSuffix)})
			continue
		}
		return out, fmt.Errorf("query %s: column %q has no field in %v", name, c, t)
	}
	// The figures' columns, shared by every row's indicator.Set.
	var names []string
	figAt := map[int]int{}
	seen := map[string]int{}
	for _, f := range figs {
		i, ok := seen[f.name]
		if !ok {
			i = len(names)
			seen[f.name] = i
			names = append(names, f.name)
		}
		figAt[f.col] = i
	}
	figCols := indicator.NewColumns(names)
	dest := make([]any, len(cols))
	values := make([]sql.NullInt64, len(cols))
	statuses := make([]sql.NullString, len(cols))
	for _, f := range figs {
		if f.status {
			dest[f.col] = &statuses[f.col]
		} else {
			dest[f.col] = &values[f.col]
		}
	}
	for rows.Next() {
		// Scanned in place, in a new element of the slice: no row is
		// allocated and then copied.
		out = reflect.Append(out, reflect.Zero(t))
		v := out.Index(out.Len() - 1)
		for i, p := range paths {
			if p != nil {
				dest[i] = v.FieldByIndex(p).Addr().Interface()
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return out, fmt.Errorf("query %s: %w", name, err)
		}
		if len(figs) > 0 {
			vals := make([]indicator.Value, figCols.Len())
			for _, f := range figs {
				x := &vals[figAt[f.col]]
				x.Def = f.def
				if f.status {
					st, err := indicator.ParseStatut(statuses[f.col].String)
					if err != nil {
						return out, fmt.Errorf("query %s: column %s: %w", name, cols[f.col], err)
					}
					x.Statut = st
				} else {
					x.Scaled = values[f.col].Int64
				}
			}
			v.FieldByIndex(setPath).Set(reflect.ValueOf(indicator.NewSet(figCols, vals)))
		}
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("query %s: %w", name, err)
	}
	return out, nil
}

// fieldIndex maps db tags to field paths, embedded structs included, and
// finds the indicator.Set field (nil when there is none).
func fieldIndex(t reflect.Type) (map[string][]int, []int) {
	m := map[string][]int{}
	var set []int
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			path := append(append([]int(nil), prefix...), i)
			if f.Type == setType {
				set = path
				continue
			}
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, path)
				continue
			}
			if tag := f.Tag.Get("db"); tag != "" {
				m[strings.Split(tag, ",")[0]] = path
			}
		}
	}
	walk(t, nil)
	return m, set
}
