// Package db owns the embedded DuckDB engine: opening an in-memory database
// with offline settings and bulk-appending rows. It is the only package that
// imports the driver, so that only its dependants link the DuckDB library.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Open returns an in-memory DuckDB database that never reaches the network.
// It has two connections, so that two tables load at once and two results
// are read at once: every table is a plain one, visible to both (never a
// connection's TEMP table or setting).
func Open() (*sql.DB, error) {
	db, err := sql.Open("duckdb", "?autoinstall_known_extensions=false&autoload_known_extensions=false&threads=2&memory_limit=4GB")
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	db.SetMaxOpenConns(2)
	return db, nil
}

// Append bulk-loads rows into table through DuckDB's appender. next is called
// until it returns false; each call fills row (one value per table column).
func Append(ctx context.Context, db *sql.DB, table string, next func(row []driver.Value) (bool, error), width int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("append %s: %w", table, err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		row := make([]driver.Value, width)
		for {
			if err := ctx.Err(); err != nil {
				a.Close()
				return err
			}
			ok, err := next(row)
			if err != nil {
				a.Close()
				return err
			}
			if !ok {
				break
			}
			if err := a.AppendRow(row...); err != nil {
				a.Close()
				return fmt.Errorf("append %s: %w", table, err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		return nil
	})
}
