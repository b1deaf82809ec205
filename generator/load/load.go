package load

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"

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
// The first defect stops the load with an *InputError.
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
	rep := &Report{}
	for _, f := range m.Files {
		format := m.Formats[f.Format]
		content, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			return nil, &InputError{File: f.Path, Msg: fmt.Sprintf("expected the %s file (format %s): %v", format.Description, f.Format, err)}
		}
		r, err := NewReader(f.Path, content, format, f.Set)
		if err != nil {
			return nil, err
		}
		width := len(r.cols) + 2
		if err := db.Append(ctx, conn, format.Table, r.Next, width); err != nil {
			return nil, err
		}
		rep.Files = append(rep.Files, FileReport{
			Path: f.Path, Format: f.Format, Table: format.Table, Year: f.Year, Producer: f.Producer,
			Rows: r.Stats.Rows, Suppressed: r.Stats.Suppressed,
		})
	}
	return rep, nil
}
