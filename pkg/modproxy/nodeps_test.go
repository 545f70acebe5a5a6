package modproxy

import (
	"context"
	"path/filepath"
	"testing"
)

// A module without dependencies downloads nothing, so go leaves no
// cache/download directory: there is simply nothing to mirror.
func TestPlanModuleWithoutDependencies(t *testing.T) {
	h := testHost(t)
	app := t.TempDir()
	write(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	steps, rep, cleanup, err := Plan(context.Background(), h, t.TempDir(), Options{Module: app, Env: goEnv(t, "GOPROXY=off")})
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 0 || rep.Modules != 0 || len(steps) != 1 {
		t.Fatalf("report %+v, %d steps; want nothing to mirror and one (no-op) step", rep, len(steps))
	}
}
