package srcbuild

import (
	"context"
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devboot/devboot/pkg/toolchain"
)

// TestRealCrossBuildArm64 builds this machine's own Go source
// (/usr/local/go) with make.bash for linux/arm64, bootstrapped by the
// installed Go, then installs the produced archive on a second, fresh
// "target" host with toolchain install's own code from the file:// mirror.
// It takes minutes on 2 cores, so it runs only with DEVBOOT_SLOW_TESTS=1.
func TestRealCrossBuildArm64(t *testing.T) {
	if os.Getenv("DEVBOOT_SLOW_TESTS") != "1" {
		t.Skip("a real make.bash cross build takes minutes: set DEVBOOT_SLOW_TESTS=1 to run it")
	}
	goroot := hostGo(t)
	arm64 := toolchain.Platform{OS: "linux", Arch: "arm64"}
	if toolchain.HostPlatform() == arm64 {
		t.Skip("this machine is linux/arm64: nothing to cross-build")
	}
	h := testHost(t)
	out := filepath.Join(t.TempDir(), "mirror")
	steps, err := Plan(h, Request{Ref: goroot, Platform: arm64, Out: out, Progress: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	b := steps[0].(*BuildStep)
	if b.Bootstrap.Version != toolchain.ReadVERSION(os.ReadFile, goroot) {
		t.Fatalf("bootstrap = %+v, want the machine's Go", b.Bootstrap)
	}
	start := time.Now()
	if _, err := runSteps(h, steps); err != nil {
		t.Fatal(err)
	}
	t.Logf("cross build + pack + register took %s", time.Since(start).Round(time.Second))

	tc, found := toolchain.Find(h, toolchain.ReadVERSION(os.ReadFile, goroot), arm64)
	if !found {
		t.Fatal("the arm64 build is not registered")
	}
	checkArm64Tree(t, tc.Path)

	// The target machine: a fresh host installing from the mirror with the
	// same code `devboot toolchain install --dl-url file://DIR/` runs.
	target := testHost(t)
	src, err := toolchain.NewSource(target, toolchain.SourceOptions{DLURL: "file://" + out + "/"})
	if err != nil {
		t.Fatal(err)
	}
	inst, err := toolchain.PlanInstall(context.Background(), target, src, toolchain.ReadVERSION(os.ReadFile, goroot), arm64, toolchain.FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runSteps(target, inst); err != nil {
		t.Fatal(err)
	}
	tc2, found := toolchain.Find(target, toolchain.ReadVERSION(os.ReadFile, goroot), arm64)
	if !found {
		t.Fatal("installing the archive from the file:// mirror registered nothing")
	}
	checkArm64Tree(t, tc2.Path)
}

func checkArm64Tree(t *testing.T, root string) {
	t.Helper()
	for _, bin := range []string{"bin/go", "bin/gofmt", "pkg/tool/linux_arm64/compile", "pkg/tool/linux_arm64/link"} {
		f, err := elf.Open(filepath.Join(root, bin))
		if err != nil {
			t.Errorf("%s: %v", bin, err)
			continue
		}
		if f.Machine != elf.EM_AARCH64 || f.Class != elf.ELFCLASS64 {
			t.Errorf("%s is %s %s, want ELFCLASS64 EM_AARCH64", bin, f.Class, f.Machine)
		}
		f.Close()
	}
	for _, gone := range []string{"bin/linux_arm64", "pkg/tool/linux_" + toolchain.HostPlatform().Arch, "pkg/obj", "pkg/bootstrap"} {
		if _, err := os.Stat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s is still there: not the official layout", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "src", "runtime", "proc.go")); err != nil {
		t.Errorf("no source in the toolchain: %v", err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
