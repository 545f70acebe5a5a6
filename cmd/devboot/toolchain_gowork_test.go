package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/goserver"
)

// TestToolchainResolveGoWork: resolve names go.work and its path when the
// workspace decided, and GOWORK=off hands the decision back to go.mod.
func TestToolchainResolveGoWork(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.22.5"}})
	ws := t.TempDir()
	work := filepath.Join(ws, "go.work")
	mod := filepath.Join(ws, "m")
	os.Mkdir(mod, 0o755)
	for p, body := range map[string]string{work: "go 1.22.4\n\ntoolchain go1.22.5\n\nuse ./m\n", filepath.Join(mod, "go.mod"): "module m\n\ngo 1.22.4\n"} {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(mod)
	cli := func(gowork string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run([]string{"toolchain", "resolve"}, &out, &errOut,
			[]string{"HOME=" + gohome.New(t), "PATH=/usr/bin:/bin", "DEVBOOT_GO_DL=" + srv.DLURL, "GOWORK=" + gowork})
		return code, out.String(), errOut.String()
	}
	for _, gowork := range []string{"", work} {
		code, out, errOut := cli(gowork)
		if code != 0 || out != "go1.22.5\t(from go.work toolchain "+work+")\n" {
			t.Fatalf("GOWORK=%s: %d %q %s", gowork, code, out, errOut)
		}
	}
	if code, out, errOut := cli("off"); code != 0 || out != "go1.22.4\t(from go.mod go "+filepath.Join(mod, "go.mod")+")\n" {
		t.Fatalf("GOWORK=off: %d %q %s", code, out, errOut)
	}
	if code, _, errOut := cli("rel/go.work"); code != 2 || !strings.Contains(errOut, "absolute") {
		t.Fatalf("relative GOWORK: %d %s", code, errOut)
	}
}
