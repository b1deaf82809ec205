package query

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/orion-static/orion/generator/db"
	"github.com/orion-static/orion/generator/libelle"
)

// readableLabels writes, before the model runs, the BCN's upper-case,
// unaccented labels of formations and NSF groupes and domaines in French
// sentence case with their accents (package libelle: the BCN's words, none
// invented): tables libelle_formation(cfd, libelle), libelle_nsf_groupe
// (groupe, libelle) and libelle_nsf_domaine(domaine, libelle), which the
// model prefers to the raw labels.
func readableLabels(ctx context.Context, conn *sql.DB) error {
	for _, t := range []struct {
		table, key, query string
		fn                func(string) string
	}{
		{"libelle_formation", "cfd", `SELECT cfd, any_value(libelle ORDER BY prio) FROM (
			SELECT cfd, libelle, 1 AS prio FROM n_formation_diplome UNION ALL SELECT cfd, libelle, 2 FROM v_formation_diplome)
			WHERE libelle IS NOT NULL GROUP BY cfd ORDER BY cfd`, libelle.Formation},
		{"libelle_nsf_groupe", "groupe", `SELECT groupe, any_value(libelle) FROM nsf_groupe WHERE libelle IS NOT NULL GROUP BY groupe ORDER BY groupe`, libelle.Phrase},
		{"libelle_nsf_domaine", "domaine", `SELECT domaine, any_value(libelle) FROM nsf_domaine WHERE libelle IS NOT NULL GROUP BY domaine ORDER BY domaine`, libelle.Phrase},
	} {
		rows, err := conn.QueryContext(ctx, t.query)
		if err != nil {
			return fmt.Errorf("labels %s: %w", t.table, err)
		}
		var pairs [][2]string
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return fmt.Errorf("labels %s: %w", t.table, err)
			}
			pairs = append(pairs, [2]string{k, t.fn(v)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("labels %s: %w", t.table, err)
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s (%s VARCHAR, libelle VARCHAR)", t.table, t.key)); err != nil {
			return fmt.Errorf("labels %s: %w", t.table, err)
		}
		i := 0
		err = db.Append(ctx, conn, t.table, func(row []driver.Value) (bool, error) {
			if i == len(pairs) {
				return false, nil
			}
			row[0], row[1] = pairs[i][0], pairs[i][1]
			i++
			return true, nil
		}, 2)
		if err != nil {
			return err
		}
	}
	return nil
}
