package load

import (
	"context"
	"os"
	"testing"

	"github.com/orion-static/orion/data"
	"github.com/orion-static/orion/generator/db"
)

func TestSmokeReal(t *testing.T) {
	dir := os.Getenv("ORION_REAL_DATA")
	if dir == "" {
		t.Skip("ORION_REAL_DATA not set")
	}
	m, err := ReadManifest(data.FS, "manifest/formats.json", "manifest/real.json")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Open()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Load(context.Background(), conn, os.DirFS(dir), m)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		t.Logf("%-70s %6d rows %6d suppressed", f.Path, f.Rows, f.Suppressed)
	}
}
