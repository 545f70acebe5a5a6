// Package images makes the base images engine tests need on a machine with
// no registry: each is a `docker import` of a root filesystem assembled from
// this Debian machine's own files (its installed packages, its Go). Images
// are tagged with a key of what went into them and reused across tests and
// runs until that changes.
package images

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gofrs/flock"

	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/pkg/host"
)

// layout changes whenever the assembly below changes, so old images are rebuilt.
const layout = "images-v3"

// debianPackages make a small Debian 12 userland: a shell, coreutils,
// useradd so tests can create users as Dockerfiles and features do, and
// dpkg, which knows every package an image has (see addDpkgStatus).
var debianPackages = []string{
	"base-files", "base-passwd", "bash", "coreutils", "dash", "debianutils", "dpkg", "findutils",
	"grep", "gzip", "libc-bin", "libc6", "login", "passwd", "sed", "tar", "util-linux",
}

// Engine connects to the machine's Docker engine, or skips the test when
// none answers.
func Engine(t testing.TB) *engine.Images {
	t.Helper()
	h := host.New("/", os.Environ())
	if err := h.ResolveUser(""); err != nil {
		t.Fatal(err)
	}
	e, err := engine.OpenImages(context.Background(), h)
	if err != nil {
		t.Skipf("needs a Docker engine: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// Debian returns the tag of a small Debian 12 image of this machine's packages.
func Debian(t testing.TB, e *engine.Images) string {
	t.Helper()
	return ensure(t, e, "devboot-test/debian:bookworm", nil, func(r *rootfs) error { return nil })
}

// DebianSlim is the Debian image tagged debian:bookworm-slim, the final
// stage base of emitted cgo Dockerfiles: it has the glibc they link.
func DebianSlim(t testing.TB, e *engine.Images) string {
	t.Helper()
	return ensure(t, e, "debian:bookworm-slim", nil, func(r *rootfs) error { return nil })
}

// GoVersion is the Go release the golang image carries: the machine's own.
func GoVersion() string { return strings.TrimPrefix(runtime.Version(), "go") }

// Golang returns the tag of an image shaped like the official
// golang:<version>-bookworm one (Debian, Go in /usr/local/go, GOPATH=/go),
// tagged as that image so emitted Dockerfiles build unchanged.
func Golang(t testing.TB, e *engine.Images) string {
	t.Helper()
	return golang(t, e, GoVersion(), nil)
}

// cToolchainPackages are the native C toolchain (cgo's CC=gcc) and Debian's
// cross C toolchain for arm64, as Debian 12 on amd64 names them. The shared
// libraries their programs load come along by themselves.
var cToolchainPackages = []string{
	"gcc", "gcc-12", "cpp", "cpp-12", "binutils", "binutils-x86-64-linux-gnu",
	"libgcc-12-dev", "libc6-dev", "linux-libc-dev",
	"gcc-aarch64-linux-gnu", "gcc-12-aarch64-linux-gnu", "cpp-aarch64-linux-gnu", "cpp-12-aarch64-linux-gnu",
	"binutils-aarch64-linux-gnu", "libgcc-12-dev-arm64-cross", "libgcc-s1-arm64-cross",
	"libc6-arm64-cross", "libc6-dev-arm64-cross", "linux-libc-dev-arm64-cross",
}

// GolangCgo is the Golang image plus this machine's C toolchains
// (cToolchainPackages), like CI builder images that carry cross compilers.
// It is tagged golang:<version>-cgo-bookworm beside the plain one: pass
// goVersion as an emitted Dockerfile's GO_VERSION build argument and its
// FROM golang:${GO_VERSION}-bookworm picks this image. The test is skipped
// when one of the packages is not installed here.
func GolangCgo(t testing.TB, e *engine.Images) (tag, goVersion string) {
	t.Helper()
	versions, err := installedVersions(cToolchainPackages)
	if err != nil {
		t.Skipf("needs the C toolchains in the golang image: %v", err)
	}
	goVersion = GoVersion() + "-cgo"
	return golang(t, e, goVersion, versions), goVersion
}

// installedVersions returns "package version" for each of pkgs, or an
// error naming the first one this machine has not installed.
func installedVersions(pkgs []string) ([]string, error) {
	// dpkg-query fails for packages it has never heard of but still
	// prints the others, so the output alone decides.
	out, _ := exec.Command("dpkg-query", append([]string{"-W", "-f", "${Package} ${Version} ${Status}\n"}, pkgs...)...).Output()
	have := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if name, rest, ok := strings.Cut(line, " "); ok && strings.HasSuffix(rest, " install ok installed") {
			have[name] = name + " " + strings.TrimSuffix(rest, " install ok installed")
		}
	}
	var versions []string
	for _, p := range pkgs {
		v, ok := have[p]
		if !ok {
			return nil, fmt.Errorf("package %s is not installed (apt-get install %s)", p, p)
		}
		versions = append(versions, v)
	}
	return versions, nil
}

// golang makes golang:<version>-bookworm with the Debian packages named in
// pkgVersions ("package version") added.
func golang(t testing.TB, e *engine.Images, version string, pkgVersions []string) string {
	t.Helper()
	goroot := hostGOROOT()
	ver, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		t.Skipf("needs a Go installation to put into the golang image: %v", err)
	}
	changes := []string{
		"ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"ENV GOLANG_VERSION=" + GoVersion(), "ENV GOTOOLCHAIN=local", "ENV GOPATH=/go", "WORKDIR /go",
		"#" + string(ver),
	}
	var pkgs []string
	for _, pv := range pkgVersions {
		changes = append(changes, "#"+pv)
		name, _, _ := strings.Cut(pv, " ")
		pkgs = append(pkgs, name)
	}
	return ensure(t, e, "golang:"+version+"-bookworm", changes, func(r *rootfs) error {
		r.dir("/go", 0o777)
		r.dir("/go/bin", 0o777)
		r.dir("/go/src", 0o777)
		if len(pkgs) > 0 {
			if err := r.addPackages(pkgs...); err != nil {
				return err
			}
		}
		return r.addGo(goroot, "/usr/local/go")
	})
}

// hostGOROOT is the Go installation the tests run with.
func hostGOROOT() string {
	goroot := runtime.GOROOT()
	if out, err := exec.Command(filepath.Join(goroot, "bin", "go"), "env", "GOROOT").Output(); err == nil {
		goroot = strings.TrimSpace(string(out))
	}
	return goroot
}

// addGo copies the Go installation at goroot to dest. Building user code
// needs the standard library's sources and the compiler tools; the tools'
// own sources, tests and docs are half the size and only slow tests down.
func (r *rootfs) addGo(goroot, dest string) error {
	src := newRootfs()
	err := src.addTree(goroot, func(rel string) bool {
		top, _, _ := strings.Cut(rel, "/")
		return top == "test" || top == "doc" || top == "api" || top == "misc" ||
			rel == "src/cmd" || filepath.Base(rel) == "testdata" ||
			strings.HasPrefix(rel, "pkg/tool/") && strings.Count(rel, "/") == 3 && !buildTools[filepath.Base(rel)]
	})
	if err != nil {
		return err
	}
	for p, e := range src.entries {
		r.entries[dest+strings.TrimPrefix(p, goroot)] = e
	}
	return nil
}

// buildTools are the tools go build runs.
var buildTools = map[string]bool{"asm": true, "cgo": true, "compile": true, "link": true, "buildid": true, "pack": true, "vet": true}

// ensure imports image tag unless the engine already has it with the same
// key. changes are Dockerfile lines for the import ("ENV ..."); lines
// starting with "#" only feed the key.
func ensure(t testing.TB, e *engine.Images, tag string, changes []string, extra func(*rootfs) error) string {
	t.Helper()
	ctx := context.Background()
	pkgs, err := exec.Command("dpkg-query", append([]string{"-W", "-f", "${Package} ${Version}\n"}, debianPackages...)...).Output()
	if err != nil {
		t.Skipf("needs dpkg-query (a Debian machine) to assemble %s: %v", tag, err)
	}
	sum := sha256.Sum256([]byte(layout + "\n" + tag + "\n" + strings.Join(changes, "\n") + "\n" + string(pkgs)))
	key := hex.EncodeToString(sum[:8])
	keyEnv := "DEVBOOT_TESTENV_KEY=" + key
	// Test packages run in parallel processes: one imports, the others wait.
	lock := flock.New(filepath.Join(os.TempDir(), "devboot-testenv-images.lock"))
	if err := lock.Lock(); err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	env, ok, err := e.ImageEnv(ctx, tag)
	if err != nil {
		t.Fatal(err)
	}
	if ok && slices.Contains(env, keyEnv) {
		return tag
	}
	r := newRootfs()
	if err := debianRoot(r); err != nil {
		t.Fatalf("assembling %s: %v", tag, err)
	}
	if err := extra(r); err != nil {
		t.Fatalf("assembling %s: %v", tag, err)
	}
	if err := r.addDpkgStatus(); err != nil {
		t.Fatalf("assembling %s: %v", tag, err)
	}
	var imp []string
	for _, c := range changes {
		if !strings.HasPrefix(c, "#") {
			imp = append(imp, c)
		}
	}
	imp = append(imp, "ENV "+keyEnv)
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(r.writeTar(pw)) }()
	if err := e.ImportImage(ctx, pr, tag, imp); err != nil {
		pr.CloseWithError(err)
		t.Fatal(err)
	}
	t.Logf("imported %s (key %s)", tag, key)
	return tag
}

// debianRoot lays out the Debian userland, merged-/usr links, the account
// databases base-passwd ships, and the machine's CA bundle.
func debianRoot(r *rootfs) error {
	for _, d := range usrMerged {
		r.symlink("/"+d, "usr/"+d)
		r.dir("/usr/"+d, 0o755)
	}
	if err := r.addPackages(debianPackages...); err != nil {
		return err
	}
	for name, src := range map[string]string{"passwd": "passwd.master", "group": "group.master"} {
		b, err := os.ReadFile("/usr/share/base-passwd/" + src)
		if err != nil {
			return err
		}
		r.file("/etc/"+name, b, 0o644)
	}
	r.file("/etc/shadow", []byte("root:*:20000:0:99999:7:::\n"), 0o640)
	r.file("/etc/gshadow", []byte("root:*::\n"), 0o640)
	ca, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		return fmt.Errorf("the CA bundle goes into every image: %w", err)
	}
	r.file("/etc/ssl/certs/ca-certificates.crt", ca, 0o644)
	r.dir("/tmp", 0o1777)
	r.dir("/var/tmp", 0o1777)
	r.dir("/root", 0o700)
	r.dir("/home", 0o755)
	for _, d := range []string{"/dev", "/proc", "/sys", "/run", "/var/lib/apt/lists", "/var/cache/apt"} {
		r.dir(d, 0o755)
	}
	return nil
}
