package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/goserver"
)

// TestToolchainCLI drives install, list, use, remove and resolve through the
// command line against local servers.
func TestToolchainCLI(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.22.5", "1.23.0"}})
	home := gohome.New(t)
	cli := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut, []string{"HOME=" + home, "PATH=/usr/bin:/bin", "DEVBOOT_GO_DL=" + srv.DLURL})
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := cli("toolchain", "resolve", "1.22", "--json"); code != 0 || !strings.Contains(out, `"version": "go1.22.5"`) {
		t.Fatalf("resolve: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := cli("toolchain", "resolve", "1.21.9"); code != 2 || !strings.Contains(errOut, "nearest") {
		t.Fatalf("unknown version: %d %s", code, errOut)
	}
	if code, out, _ := cli("toolchain", "install", "1.22", "--dry-run"); code != 0 || !strings.Contains(out, "would: install go1.22.5") {
		t.Fatalf("dry run: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/devboot/toolchains")); err == nil {
		t.Fatal("--dry-run wrote something")
	}
	code, out, errOut := cli("toolchain", "install", "1.22", "--json")
	var rep struct {
		Install struct {
			Version string `json:"version"`
			Files   int    `json:"files"`
		} `json:"install"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Install.Version != "go1.22.5" || rep.Install.Files == 0 {
		t.Fatalf("install: %d %s %s", code, out, errOut)
	}
	if code, out, _ := cli("toolchain", "install", "go1.22.5"); code != 0 || !strings.Contains(out, "already installed") {
		t.Fatalf("re-install: %d %s", code, out)
	}
	if code, out, errOut := cli("toolchain", "use", "1.22.5"); code != 0 || !strings.Contains(out, "now using go1.22.5") {
		t.Fatalf("use: %d %s %s", code, out, errOut)
	}
	if code, out, _ := cli("toolchain", "list"); code != 0 || !strings.Contains(out, "* go1.22.5") {
		t.Fatalf("list: %d %s", code, out)
	}
	if code, out, _ := cli("toolchain", "list", "--remote"); code != 0 || !strings.Contains(out, "go1.23.0") {
		t.Fatalf("list --remote: %d %s", code, out)
	}
	if code, _, errOut := cli("toolchain", "remove", "1.22.5"); code != 2 || !strings.Contains(errOut, "--force") {
		t.Fatalf("remove active: %d %s", code, errOut)
	}
	if code, _, errOut := cli("toolchain", "remove", "1.22.5", "--force"); code != 0 {
		t.Fatalf("remove --force: %d %s", code, errOut)
	}
	if code, out, _ := cli("toolchain", "list", "--json"); code != 0 || !strings.Contains(out, `"toolchains": []`) {
		t.Fatalf("list after remove: %d %s", code, out)
	}
}
