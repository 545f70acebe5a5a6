package images

import (
	"context"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/engine"
)

func TestDebianImageRunsAShellAndUseradd(t *testing.T) {
	e := Engine(t)
	tag := Debian(t, e)
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
		Image: tag, Cmd: []string{"sh", "-c", "useradd -m -s /bin/bash dev && stat -c %U /home/dev && setpriv --reuid=dev --regid=dev --init-groups id -un && dpkg-query -W -f='${Status}\n' bash && cat /etc/debian_version"},
	})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !strings.Contains(out, "dev\ndev\ninstall ok installed\n12.") {
		t.Fatalf("output:\n%s", out)
	}
}

// Compiling is left to the Dockerfile build tests: a first build of the
// standard library takes a minute here.
func TestGolangImageHasGo(t *testing.T) {
	e := Engine(t)
	tag := Golang(t, e)
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
		Image: tag, Cmd: []string{"sh", "-c", "go version && go env GOPATH GOROOT GOTOOLCHAIN"},
	})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !strings.Contains(out, "go version go"+GoVersion()+" linux/"+runtime.GOARCH+"\n/go\n/usr/local/go\nlocal\n") {
		t.Fatalf("output:\n%s", out)
	}
}

// The C toolchains compile and link a program for this machine, which
// runs, and for arm64; the engine tests of emitted cgo Dockerfiles rely on
// both, and on dpkg listing the cross toolchain's packages as installed.
func TestGolangCgoImageCompilesC(t *testing.T) {
	e := Engine(t)
	tag, _ := GolangCgo(t, e)
	script := `set -e; cd /tmp; printf '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n' > c.c
gcc -o native c.c && ./native
aarch64-linux-gnu-gcc -o arm64 c.c && od -An -j18 -N2 -tu2 arm64
dpkg-query -W -f='${Package}=${Status};' gcc-aarch64-linux-gnu libc6-dev-arm64-cross`
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{Image: tag, Cmd: []string{"sh", "-c", script}})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	// 183 is EM_AARCH64.
	want := "compiled 183 gcc-aarch64-linux-gnu=install ok installed;libc6-dev-arm64-cross=install ok installed;"
	if strings.Join(strings.Fields(out), " ") != want {
		t.Fatalf("output:\n%s\nwant (spaces squeezed) %s", out, want)
	}
}

// GolangCgo's skip message must name the package to install.
func TestInstalledVersionsNamesTheMissingPackage(t *testing.T) {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Skip("needs dpkg-query (a Debian machine)")
	}
	v, err := installedVersions([]string{"libc6"})
	if err != nil || len(v) != 1 || !strings.HasPrefix(v[0], "libc6 2.") {
		t.Fatalf("libc6: %q, %v", v, err)
	}
	if _, err := installedVersions([]string{"libc6", "devboot-no-such-package"}); err == nil || !strings.Contains(err.Error(), "package devboot-no-such-package is not installed") {
		t.Fatalf("missing package: %v", err)
	}
}
