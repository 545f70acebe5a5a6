package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
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

// TestToolchainUseNotInstalled: use installs nothing, so a spec that no
// installed toolchain fits says what is installed and what to run, even when
// the source offers the version. The root is empty so that the machine's own
// /usr/local/go is not adoptable; one adoptable GOROOT is added on purpose.
func TestToolchainUseNotInstalled(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.22.6", "1.26.8"}})
	home, root := gohome.New(t), t.TempDir()
	cli := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(append(args, "--root", root), &out, &errOut, []string{"HOME=" + home, "PATH=/usr/bin:/bin", "DEVBOOT_GO_DL=" + srv.DLURL})
		return code, out.String(), errOut.String()
	}
	refused := func(spec, want string) {
		t.Helper()
		code, out, errOut := cli("toolchain", "use", spec)
		if code != 2 || !strings.Contains(errOut, want) || strings.Contains(errOut, "available") || out != "" {
			t.Errorf("use %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", spec, code, out, errOut, want)
		}
	}
	refused("1.22.4", "go1.22.4 is not installed (installed: none); run devboot toolchain install 1.22.4, then use it")
	if code, out, errOut := cli("toolchain", "install", "1.26.8"); code != 0 {
		t.Fatalf("install: %d %s %s", code, out, errOut)
	}
	refused("1.22.4", "go1.22.4 is not installed (installed: go1.26.8); run devboot toolchain install 1.22.4, then use it")
	refused("go1.22.4", "go1.22.4 is not installed (installed: go1.26.8); run devboot toolchain install go1.22.4, then use it")
	refused("1.22", "no go1.22 patch is installed (installed: go1.26.8); run devboot toolchain install 1.22, then use it")
	if code, out, errOut := cli("toolchain", "use", "latest"); code != 0 || !strings.Contains(out, "now using go1.26.8") {
		t.Fatalf("use latest: %d %s %s", code, out, errOut)
	}
	// remove and list --remote in the same situation.
	if code, _, errOut := cli("toolchain", "remove", "1.22.4"); code != 2 || !strings.Contains(errOut, "go1.22.4 is not installed (installed: go1.26.8); nothing to remove") {
		t.Errorf("remove of an offered, not installed version: %d %s", code, errOut)
	}
	if code, out, errOut := cli("toolchain", "list", "--remote"); code != 0 || !strings.Contains(out, "go1.22.4\n") {
		t.Errorf("list --remote: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := cli("toolchain", "resolve", "--offline", "1.22.4"); code != 2 || !strings.Contains(errOut, "go1.22.4 is not installed or adoptable here (local: go1.26.8)") {
		t.Errorf("resolve --offline: %d %s", code, errOut)
	}

	// One 1.22 patch installed: 1.22 means it, not the newer one the source offers.
	if code, out, errOut := cli("toolchain", "install", "1.22.4"); code != 0 {
		t.Fatalf("install: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := cli("toolchain", "use", "1.22"); code != 0 || !strings.Contains(out, "now using go1.22.4") {
		t.Fatalf("use 1.22: %d %s %s", code, out, errOut)
	}
	refused("1.22.6", "go1.22.6 is not installed (installed: go1.26.8, go1.22.4); run devboot toolchain install 1.22.6, then use it")

	// A toolchain on the machine but not registered: adopt it, not install it.
	goserver.WriteGOROOT(t, filepath.Join(root, "usr/local/go"), "go1.22.6", runtime.GOARCH)
	refused("1.22.6", "go1.22.6 is not installed (installed: go1.26.8, go1.22.4); go1.22.6 is on this machine ("+filepath.Join(root, "usr/local/go")+"): run devboot toolchain adopt, then use it")
	if code, out, errOut := cli("toolchain", "use", "latest"); code != 0 || !strings.Contains(out, "now using go1.26.8") {
		t.Fatalf("use latest: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := cli("toolchain", "use", "1.22"); code != 0 || !strings.Contains(out, "now using go1.22.4") {
		t.Fatalf("use 1.22 with go1.22.6 only adoptable: %d %s %s", code, out, errOut)
	}
}
