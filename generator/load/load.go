package load

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/orion-static/orion/generator/db"
)

// FileReport says what one input file held.
type FileReport struct {
	Path       string
	Format     string
	Table      string
	Year       string
	Producer   string
	Rows       int
	Suppressed int
}

// Report lists the files loaded, in manifest order.
type Report struct {
	Files []FileReport
}

// Load creates one table per format table (each with the provenance columns
// src_file and src_line) and loads every file of the manifest read from fsys.
// A defect stops the load of its table; the error returned, an *InputError,
// is the first defect in manifest order.
func Load(ctx context.Context, conn *sql.DB, fsys fs.FS, m *Manifest) (*Report, error) {
	for _, t := range m.Tables() {
		var cols []string
		for _, c := range t.Columns {
			cols = append(cols, fmt.Sprintf("%q %s", c.As, types[c.Type]))
		}
		cols = append(cols, `"src_file" VARCHAR`, `"src_line" BIGINT`)
		stmt := fmt.Sprintf("CREATE TABLE %q (%s)", t.Name, strings.Join(cols, ", "))
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("load: create %s: %w", t.Name, err)
		}
	}
	// Files of different tables load two at a time (each table's files in
	// manifest order, so that its rows keep the same order on every run).
	// Every table is loaded even after a defect, so that the error reported
	// is always the same: the first defective file in manifest order.
	byTable := map[string][]int{}
	var tables []string
	for i, f := range m.Files {
		t := m.Formats[f.Format].Table
		if _, ok := byTable[t]; !ok {
			tables = append(tables, t)
		}
		byTable[t] = append(byTable[t], i)
	}
	files := make([]FileReport, len(m.Files))
	errs := make([]error, len(m.Files))
	var g errgroup.Group
	g.SetLimit(2)
	for _, t := range tables {
		g.Go(func() error {
			for _, i := range byTable[t] {
				if files[i], errs[i] = loadFile(ctx, conn, fsys, m, m.Files[i]); errs[i] != nil {
					break
				}
			}
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return &Report{Files: files}, nil
}

// loadFile appends one file to its format's table.
func loadFile(ctx context.Context, conn *sql.DB, fsys fs.FS, m *Manifest, f File) (FileReport, error) {
	format := m.Formats[f.Format]
	content, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		return FileReport{}, &InputError{File: f.Path, Msg: fmt.Sprintf("expected the %s file (format %s): %v", format.Description, f.Format, err)}
	}
	r, err := NewReader(f.Path, content, format, f.Set)
	if err != nil {
		return FileReport{}, err
	}
	width := len(r.cols) + 2
	if err := db.Append(ctx, conn, format.Table, r.Next, width); err != nil {
		return FileReport{}, err
	}
	return FileReport{
		Path: f.Path, Format: f.Format, Table: format.Table, Year: f.Year, Producer: f.Producer,
		Rows: r.Stats.Rows, Suppressed: r.Stats.Suppressed,
	}, nil
}
