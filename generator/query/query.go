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
)

//go:embed sql
var sqlFS embed.FS

// Model runs every model statement in order.
func Model(ctx context.Context, conn *sql.DB) error {
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
func All[T any](ctx context.Context, conn *sql.DB, name string, args ...any) ([]T, error) {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	rows, err := conn.QueryContext(ctx, string(b), args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	var zero T
	index := fieldIndex(reflect.TypeOf(zero))
	paths := make([][]int, len(cols))
	for i, c := range cols {
		p, ok := index[c]
		if !ok {
			return nil, fmt.Errorf("query %s: column %q has no field in %T", name, c, zero)
		}
		paths[i] = p
	}
	var out []T
	dest := make([]any, len(cols))
	for rows.Next() {
		var v T
		rv := reflect.ValueOf(&v).Elem()
		for i, p := range paths {
			dest[i] = rv.FieldByIndex(p).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("query %s: %w", name, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return out, nil
}

func fieldIndex(t reflect.Type) map[string][]int {
	m := map[string][]int{}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			path := append(append([]int(nil), prefix...), i)
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
	return m
}
