package query

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/orion-static/orion/generator/indicator"
)

// statusSuffix names the column a query may add to force a figure's status
// ("taux_remplissage__statut" = 'non_calculable'); the generated status
// column carries the same name.
const statusSuffix = "__statut"

// figure is one declared figure (or a variant of it) found in a query's
// columns.
type figure struct {
	def      *indicator.Def
	suffix   string // variant: "departement"…; "" for the figure itself
	inputs   []string
	override bool // the query sets the status itself
}

func (f figure) column() string { return f.def.Column(f.suffix) }

// figures finds, in the columns of a query, the inputs of every declared
// figure: the numerator and denominator of a ratio, the column of a value,
// each possibly with a variant suffix ("pression_num_departement").
func figures(cols map[string]string) []figure {
	var out []figure
	suffixes := append([]string{""}, indicator.Variants()...)
	for _, d := range indicator.All() {
		if d.Journal {
			continue
		}
		for _, s := range suffixes {
			sfx := ""
			if s != "" {
				sfx = "_" + s
			}
			var in []string
			switch {
			case d.Ratio():
				in = []string{d.Num + sfx, d.Den + sfx}
			case d.Den != "":
				in = []string{d.Value + sfx, d.Den + sfx} // a count under the secret of its rate
			default:
				in = []string{d.Value + sfx}
			}
			ok := true
			for _, c := range in {
				if _, has := cols[c]; !has {
					ok = false
				}
			}
			if !ok {
				continue
			}
			f := figure{def: d, suffix: s, inputs: in}
			_, f.override = cols[f.column()+statusSuffix]
			out = append(out, f)
		}
	}
	return out
}

// withFigures wraps a page query so that it returns, for every declared
// figure whose inputs it selects, the figure's scaled value and its status
// instead of the inputs: the one place where ratios are divided, rounded
// half up on the exact ratio, and where the statistical secret is applied.
func withFigures(ctx context.Context, conn *sql.DB, name, query string) (string, error) {
	rows, err := conn.QueryContext(ctx, "DESCRIBE "+query)
	if err != nil {
		return "", fmt.Errorf("query %s: %w", name, err)
	}
	cols := map[string]string{}
	var order []string
	for rows.Next() {
		var col, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&col, &typ, &null, &key, &def, &extra); err != nil {
			rows.Close()
			return "", fmt.Errorf("query %s: describe: %w", name, err)
		}
		cols[col] = typ
		order = append(order, col)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("query %s: %w", name, err)
	}
	figs := figures(cols)
	if len(figs) == 0 {
		return query, nil
	}
	exclude := map[string]bool{}
	var exprs []string
	for _, f := range figs {
		for _, c := range f.inputs {
			exclude[c] = true
		}
		col := f.column()
		if _, taken := cols[col]; taken && !exclude[col] {
			return "", fmt.Errorf("query %s: column %q is both selected and computed from %v", name, col, f.inputs)
		}
		var status, value string
		if f.def.Ratio() {
			num, den := "q."+quote(f.inputs[0]), "q."+quote(f.inputs[1])
			secret := ""
			if f.def.Secret {
				secret = fmt.Sprintf(" WHEN %s < %d THEN 'secret'", den, indicator.Seuil)
			}
			status = fmt.Sprintf("CASE WHEN %s IS NULL OR %s IS NULL OR %s <= 0 THEN 'non_disponible'%s ELSE 'publie' END", num, den, den, secret)
			s := f.def.Unit.Scale()
			// round half up on the exact ratio: floor((2·num·s + den) / (2·den))
			value = fmt.Sprintf("((2 * %s::HUGEINT * %d + %s) // (2 * %s))::BIGINT", num, s, den, den)
		} else {
			v := "q." + quote(f.inputs[0])
			status = fmt.Sprintf("CASE WHEN %s IS NULL THEN 'non_disponible' ELSE 'publie' END", v)
			if len(f.inputs) == 2 {
				den := "q." + quote(f.inputs[1])
				status = fmt.Sprintf("CASE WHEN %s IS NULL THEN 'non_disponible' WHEN %s IS NULL OR %s < %d THEN 'secret' ELSE 'publie' END", v, den, den, indicator.Seuil)
			}
			value = fmt.Sprintf("round(%s * %d)::BIGINT", v, pow10(f.def.Unit.Decimals()))
			if f.def.Unit == indicator.Count {
				value = v + "::BIGINT"
			}
		}
		if f.override {
			o := "q." + quote(col+statusSuffix)
			exclude[col+statusSuffix] = true
			status = fmt.Sprintf("coalesce(%s, %s)", o, status)
		}
		exprs = append(exprs,
			fmt.Sprintf("CASE WHEN %s = 'publie' THEN %s END AS %s", status, value, quote(col)),
			fmt.Sprintf("%s AS %s", status, quote(col+statusSuffix)))
	}
	var ex []string
	for _, c := range order {
		if exclude[c] {
			ex = append(ex, quote(c))
		}
	}
	sel := "q.*"
	if len(ex) > 0 {
		sel = "q.* EXCLUDE (" + strings.Join(ex, ", ") + ")"
	}
	// A projection over a single ordered subquery keeps its order
	// (DuckDB's order preservation); the determinism tests check it.
	return fmt.Sprintf("SELECT %s,\n    %s\nFROM (\n%s\n) AS q", sel, strings.Join(exprs, ",\n    "), query), nil
}

func quote(c string) string { return `"` + strings.ReplaceAll(c, `"`, `""`) + `"` }

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// figureColumn finds the declared figure behind an output column of
// withFigures: its value column or its status column.
func figureColumn(col string) (d *indicator.Def, status bool) {
	base, status := strings.CutSuffix(col, statusSuffix)
	for _, d := range indicator.All() {
		if base == d.ID {
			return d, status
		}
		for _, s := range indicator.Variants() {
			if base == d.Column(s) {
				return d, status
			}
		}
	}
	return nil, false
}
