package query

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Data is the result of every page query, fetched once before rendering
// and grouped by the pages that show it. A field tagged `sql:"name"` is
// filled by sql/name.sql (a slice gets every row, a struct exactly one);
// `sql:"name,long"` marks one of the few queries that take most of the
// time (a row per school × formation), which Fetch starts first so that
// the short ones run beside them rather than after. Fetch runs them all
// in one loop, and TestQueryContract checks that every
// embedded page query has exactly one such field and that none stays empty
// on the test fixture.
type Data struct {
	National       National  `sql:"national"`
	Moyennes       []Moyenne `sql:"moyennes"`
	Evolution      Evolution
	Regions        Regions
	Departements   Departements
	Etablissements Etablissements
	Formations     Formations
	Domaines       Domaines
	Donnees        Donnees
}

// Evolution holds the figures of every year, for the charts over time.
type Evolution struct {
	Entree []EvolutionEntree `sql:"evolution_entree"`
	Sortie []EvolutionSortie `sql:"evolution_sortie"`
}

// Regions feeds the région pages and their index.
type Regions struct {
	Rows       []Region              `sql:"regions"`
	Formations []TerritoireFormation `sql:"region_formations"`
}

// Departements feeds the département pages and their index.
type Departements struct {
	Rows       []Departement         `sql:"departements"`
	Formations []TerritoireFormation `sql:"departement_formations"`
}

// Etablissements feeds the school pages and their index.
type Etablissements struct {
	Rows      []Etablissement          `sql:"etablissements"`
	Offres    []Offre                  `sql:"etablissement_offres,long"`
	Insertion []InsertionEtablissement `sql:"insertion_etablissements"`
}

// Formations feeds the formation pages and their index.
type Formations struct {
	Rows    []FormationRow    `sql:"formations"`
	Regions []FormationRegion `sql:"formation_regions"`
	Metiers []FormationMetier `sql:"formation_metiers"`
	Liens   []FormationLien   `sql:"formation_liens"`
}

// Domaines feeds the domaine pages and their index.
type Domaines struct {
	Rows       []Domaine             `sql:"domaines"`
	Formations []TerritoireFormation `sql:"domaine_formations"`
	Regions    []DomaineRegion       `sql:"domaine_regions"`
}

// Donnees feeds the national files of /donnees/ and the build summary.
type Donnees struct {
	Offres           []OffreAnnee      `sql:"offres,long"`
	InsertionRegions []InsertionRegion `sql:"insertion_regions"`
	Anomalies        []Anomalie        `sql:"anomalies"`
}

// Declared is a page query of Data: its SQL file and where its rows go.
type Declared struct {
	Name  string // sql/<Name>.sql
	Field string // path of the field in Data ("Regions.Formations")
	One   bool   // a struct field: exactly one row
}

// Declarations lists the page queries declared by Data's tags, in field
// order.
func Declarations() []Declared {
	var out []Declared
	walkDeclared(reflect.TypeOf(Data{}), nil, func(path []int, name string, _ bool, f reflect.StructField, field string) {
		out = append(out, Declared{Name: name, Field: field, One: f.Type.Kind() == reflect.Struct})
	})
	return out
}

func walkDeclared(t reflect.Type, prefix []int, fn func(path []int, name string, long bool, f reflect.StructField, field string)) {
	var walk func(t reflect.Type, prefix []int, names []string)
	walk = func(t reflect.Type, prefix []int, names []string) {
		for i := range t.NumField() {
			f := t.Field(i)
			path := append(append([]int(nil), prefix...), i)
			n := append(append([]string(nil), names...), f.Name)
			if tag, ok := f.Tag.Lookup("sql"); ok {
				name, opt, _ := strings.Cut(tag, ",")
				fn(path, name, opt == "long", f, strings.Join(n, "."))
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, path, n)
			}
		}
	}
	walk(t, prefix, nil)
}

// Fetch runs every page query declared by Data, two at a time (the
// database has two connections): DuckDB computes one while Go reads the
// rows of the other. When queries fail, the error returned is the first in
// declaration order, whichever failed first.
func Fetch(ctx context.Context, conn *sql.DB) (*Data, error) {
	d := &Data{}
	root := reflect.ValueOf(d).Elem()
	type job struct {
		name string
		t    reflect.Type
		dst  reflect.Value
		long bool
	}
	var jobs []job
	walkDeclared(root.Type(), nil, func(path []int, name string, long bool, f reflect.StructField, field string) {
		jobs = append(jobs, job{name, f.Type, root.FieldByIndex(path), long})
	})
	// The long ones first; errs stays in declaration order.
	var order []int
	for _, long := range []bool{true, false} {
		for i, j := range jobs {
			if j.long == long {
				order = append(order, i)
			}
		}
	}
	// Each query fills its own field and its own error: no two goroutines
	// share memory.
	errs := make([]error, len(jobs))
	var g errgroup.Group
	g.SetLimit(2)
	for _, i := range order {
		j := jobs[i]
		g.Go(func() error {
			errs[i] = fetchOne(ctx, conn, j.name, j.t, j.dst)
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// fetchOne runs one page query into dst: every row for a slice, exactly
// one for a struct.
func fetchOne(ctx context.Context, conn *sql.DB, name string, t reflect.Type, dst reflect.Value) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t.Kind() == reflect.Slice {
		rows, err := scan(ctx, conn, name, t.Elem())
		if err == nil {
			dst.Set(rows)
		}
		return err
	}
	rows, err := scan(ctx, conn, name, t)
	if err != nil {
		return err
	}
	if rows.Len() != 1 {
		return fmt.Errorf("query %s: %d rows, want 1", name, rows.Len())
	}
	dst.Set(rows.Index(0))
	return nil
}
