package srcbuild

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/toolchain"
)

// A tree needing a newer bootstrap than the machine has is refused before
// anything runs, with the versions named.
func TestPlanRefusesWithoutNewEnoughBootstrap(t *testing.T) {
	hostGo(t)
	h := testHost(t)
	tree := fakeTree(t, "go1.40.1", "exit 0")
	write(t, filepath.Join(tree, "src/cmd/dist/buildtool.go"), "package main\n\nconst minBootstrap = \"go1.38.6\"\n", 0o644)
	_, err := Plan(h, Request{Ref: tree, Platform: toolchain.HostPlatform()})
	if err == nil || !strings.Contains(err.Error(), "needs go1.38.6 or later") || !strings.Contains(err.Error(), "go1.26.8") {
		t.Fatalf("Plan = %v, want a no-bootstrap error naming go1.38.6 and the go1.26.8 found", err)
	}
}

// make.bash failing leaves nothing registered, no archive, no staging copy;
// the log keeps its output and the error shows its last lines.
func TestFailedBuildRegistersNothing(t *testing.T) {
	hostGo(t)
	h := testHost(t)
	tree := fakeTree(t, "go1.26.99", `echo "Building Go cmd/dist using $GOROOT_BOOTSTRAP."; echo "boom: compiler exploded" >&2; exit 1`)
	out := t.TempDir()
	steps, err := Plan(h, Request{Ref: tree, Platform: toolchain.HostPlatform(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	steps[0].(*BuildStep).progress = &progress
	_, err = runSteps(h, steps)
	if err == nil || !strings.Contains(err.Error(), "make.bash failed") || !strings.Contains(err.Error(), "boom: compiler exploded") {
		t.Fatalf("run = %v, want make.bash's failure with its output", err)
	}
	if !strings.Contains(progress.String(), "Building Go cmd/dist using /usr/local/go.") {
		t.Errorf("progress did not show make.bash's phase line (bootstrap /usr/local/go):\n%s", progress.String())
	}
	if _, found := toolchain.Find(h, "go1.26.99", toolchain.HostPlatform()); found {
		t.Error("a failed build was registered")
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("the mirror dir holds %v after a failed build", ents)
	}
	ents, _ := os.ReadDir(filepath.Join(h.CacheDir(), "srcbuild"))
	if len(ents) != 1 || ents[0].Name() != "go1.26.99.log" {
		t.Errorf("srcbuild dir holds %v; want only the log (staging removed)", ents)
	}
	log, _ := os.ReadFile(filepath.Join(h.CacheDir(), "srcbuild", "go1.26.99.log"))
	if !strings.Contains(string(log), "boom: compiler exploded") {
		t.Errorf("log = %q", log)
	}
}

// A tree whose make.bash "builds" by copying a real binary exercises the
// rest quickly: pack into a file:// mirror with index.json, register through
// toolchain.PlanInstall, skip on a re-run, undo everything.
func TestBuildPacksRegistersAndUndoes(t *testing.T) {
	goroot := hostGo(t)
	h := testHost(t)
	tree := fakeTree(t, "go1.26.99", `set -e; mkdir -p ../bin; cp `+goroot+`/bin/gofmt ../bin/go; cp `+goroot+`/bin/gofmt ../bin/gofmt; echo "Building packages and commands for linux/amd64."`)
	write(t, filepath.Join(tree, "bin", "stale"), "must not be copied", 0o644)
	out := filepath.Join(t.TempDir(), "mirror")
	steps, err := Plan(h, Request{Ref: tree, Platform: toolchain.HostPlatform(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	r, err := runSteps(h, steps)
	if err != nil {
		t.Fatal(err)
	}
	tc, found := toolchain.Find(h, "go1.26.99", toolchain.HostPlatform())
	if !found || tc.Adopted {
		t.Fatalf("go1.26.99 not installed after the build: %+v", tc)
	}
	if _, err := os.Stat(filepath.Join(tc.Path, "bin", "stale")); err == nil {
		t.Error("the source tree's bin/ was copied into the build")
	}
	if err := CheckELF(filepath.Join(tc.Path, "bin", "go"), toolchain.HostPlatform()); err != nil {
		t.Error(err)
	}
	if _, err := os.Lstat(toolchain.LayoutOf(h).BinLink("go1.26.99")); err != nil {
		t.Errorf("no bin/go1.26.99 link: %v", err)
	}
	rs, err := ReadIndex(out)
	if err != nil || len(rs) != 1 || rs[0].Files[0].Filename != "go1.26.99.linux-"+toolchain.HostPlatform().Arch+".tar.gz" {
		t.Fatalf("index = %+v, %v", rs, err)
	}
	sum, _ := toolchain.FileSHA256(filepath.Join(out, rs[0].Files[0].Filename))
	if sum != rs[0].Files[0].SHA256 {
		t.Errorf("index sha256 %s, archive %s", rs[0].Files[0].SHA256, sum)
	}

	// Again: nothing to do (archive listed, toolchain registered).
	again, err := Plan(h, Request{Ref: tree, Platform: toolchain.HostPlatform(), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	needed, _, err := r.Needed(context.Background(), again)
	if err != nil || len(needed) != 0 {
		t.Errorf("re-run needs %d steps (%v), want none", len(needed), err)
	}

	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if _, found := toolchain.Find(h, "go1.26.99", toolchain.HostPlatform()); found {
		t.Error("still registered after undo")
	}
	if _, err := os.Lstat(toolchain.LayoutOf(h).BinLink("go1.26.99")); err == nil {
		t.Error("bin/go1.26.99 link survived undo")
	}
	if rs, _ := ReadIndex(out); len(rs) != 0 {
		t.Errorf("index after undo = %+v", rs)
	}
}

// A version registered from elsewhere is not silently shadowed.
func TestPlanRefusesRegisteredVersion(t *testing.T) {
	goroot := hostGo(t)
	h := testHost(t)
	if _, err := runSteps(h, toolchain.PlanAdopt(h, toolchain.Adoptable{Version: "go1.26.8", GOROOT: goroot})); err != nil {
		t.Fatal(err)
	}
	_, err := Plan(h, Request{Ref: "1.26.8", Platform: toolchain.HostPlatform()})
	if err == nil || !strings.Contains(err.Error(), "already registered") {
		t.Fatalf("Plan = %v, want already registered", err)
	}
	steps, err := Plan(h, Request{Ref: "1.26.8", Platform: toolchain.HostPlatform(), NoRegister: true})
	if err != nil || len(steps) != 1 || steps[0].(*BuildStep).Source.GOROOT != goroot {
		t.Fatalf("--no-register plan = %v, %v; want one build step from %s", steps, err, goroot)
	}
}
