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
// Fetch runs them all in one loop, and TestQueryContract checks that every
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
	Offres    []Offre                  `sql:"etablissement_offres"`
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
	Offres           []OffreAnnee      `sql:"offres"`
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
	walkDeclared(reflect.TypeOf(Data{}), nil, func(path []int, name string, f reflect.StructField, field string) {
		out = append(out, Declared{Name: name, Field: field, One: f.Type.Kind() == reflect.Struct})
	})
	return out
}

func walkDeclared(t reflect.Type, prefix []int, fn func(path []int, name string, f reflect.StructField, field string)) {
	var walk func(t reflect.Type, prefix []int, names []string)
	walk = func(t reflect.Type, prefix []int, names []string) {
		for i := range t.NumField() {
			f := t.Field(i)
			path := append(append([]int(nil), prefix...), i)
			n := append(append([]string(nil), names...), f.Name)
			if name, ok := f.Tag.Lookup("sql"); ok {
				fn(path, name, f, strings.Join(n, "."))
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, path, n)
			}
		}
	}
	walk(t, prefix, nil)
}

// Fetch runs every page query declared by Data, two at a time: DuckDB
// computes one while Go reads the rows of the other. conn must allow two
// connections, so the model is in plain tables, not in one connection's
// temporary state.
func Fetch(ctx context.Context, conn *sql.DB) (*Data, error) {
	d := &Data{}
	root := reflect.ValueOf(d).Elem()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	walkDeclared(root.Type(), nil, func(path []int, name string, f reflect.StructField, field string) {
		// Each query fills its own field: no two goroutines share memory.
		dst := root.FieldByIndex(path)
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			if f.Type.Kind() == reflect.Slice {
				rows, err := scan(gctx, conn, name, f.Type.Elem())
				if err == nil {
					dst.Set(rows)
				}
				return err
			}
			rows, err := scan(gctx, conn, name, f.Type)
			if err != nil {
				return err
			}
			if rows.Len() != 1 {
				return fmt.Errorf("query %s: %d rows, want 1", name, rows.Len())
			}
			dst.Set(rows.Index(0))
			return nil
		})
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return d, nil
}
