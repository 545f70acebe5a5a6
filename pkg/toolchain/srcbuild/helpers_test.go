package srcbuild

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// testHost is a host whose user's home is a fresh temp dir; /usr/local/go
// (this machine's Go) is adoptable through it, so it is a bootstrap candidate.
func testHost(t *testing.T) *host.Host {
	t.Helper()
	home := t.TempDir()
	h := host.New("/", []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")})
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	return h
}

func runSteps(h *host.Host, steps []plan.Step) (*plan.Runner, error) {
	r := &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "toolchain build test"}
	_, err := r.Run(context.Background(), steps)
	return r, err
}

// fakeTree writes a Go-shaped source tree whose src/make.bash is script.
func fakeTree(t *testing.T, version, script string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "VERSION"), version+"\ntime 2026-01-01T00:00:00Z\n", 0o644)
	write(t, filepath.Join(dir, "src", "make.bash"), "#!/bin/bash\n"+script+"\n", 0o755)
	write(t, filepath.Join(dir, "src", "cmd", "dist", "buildtool.go"), "package main\n\nconst minBootstrap = \"go1.24.6\"\n", 0o644)
	return dir
}

func write(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
}

// hostGo is this machine's Go, skipped without it.
func hostGo(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/local/go/src/make.bash"); err != nil {
		t.Skip("needs the machine's Go with its source at /usr/local/go")
	}
	return "/usr/local/go"
}
