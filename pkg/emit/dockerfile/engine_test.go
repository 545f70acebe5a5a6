package dockerfile

import (
	"bytes"
	"context"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/testenv/images"
)

// TestEmittedDockerfileBuildsOnTheEngine builds the emitted Dockerfile for
// a small module on the machine's engine (BuildKit through the Engine API)
// for linux/amd64 and linux/arm64, runs the amd64 image, and checks the
// arm64 binary is a static AArch64 executable.
func TestEmittedDockerfileBuildsOnTheEngine(t *testing.T) {
	e := images.Engine(t)
	images.Golang(t, e)
	dir := t.TempDir()
	// Only the runtime package: a cold build of fmt's dependencies for two
	// architectures would take minutes on a small machine.
	writeFile(t, filepath.Join(dir, "main.go"), []byte("package main\n\nimport \"runtime\"\n\nfunc main() { println(\"hello from\", runtime.GOOS+\"/\"+runtime.GOARCH) }\n"))
	// The module asks for the Go the local golang image carries.
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module example.com/hello\n\ngo "+images.GoVersion()+"\n"))
	m, err := LoadModule(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	platforms, _ := ParsePlatforms("linux/amd64,linux/arm64")
	// No syntax line: it would make BuildKit fetch a frontend image.
	df, err := Render(m, Options{Platforms: platforms, NoSyntax: true})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "Dockerfile"), df)
	writeFile(t, filepath.Join(dir, ".dockerignore"), DockerIgnore())
	var builds []engine.BuildOptions
	for _, arch := range []string{"amd64", "arm64"} {
		builds = append(builds, engine.BuildOptions{
			Context:  images.ContextTar(t, dir),
			Tag:      "devboot-test/hello:" + arch,
			Platform: &ocispecs.Platform{OS: "linux", Architecture: arch},
		})
	}
	for i, err := range buildAll(t, e, builds) {
		if err != nil {
			t.Fatalf("build %s: %v", builds[i].Tag, err)
		}
	}
	ctx := context.Background()
	code, out, err := e.RunContainer(ctx, engine.RunOptions{Image: "devboot-test/hello:amd64"})
	if err != nil || code != 0 || out != "hello from linux/amd64\n" {
		t.Fatalf("amd64 image: exit %d, %v, output %q", code, err, out)
	}
	bin, err := e.CopyFile(ctx, "devboot-test/hello:arm64", "/usr/local/bin/hello")
	if err != nil {
		t.Fatal(err)
	}
	checkStaticELF(t, bin, elf.EM_AARCH64)
}

// buildAll runs the builds at once (each is mostly waiting on the storage
// driver) and returns their errors, the build log appended to each. The
// images built are removed when the test ends.
func buildAll(t *testing.T, e *engine.Images, builds []engine.BuildOptions) []error {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(builds))
	for i, b := range builds {
		t.Cleanup(func() { _ = e.RemoveImage(context.Background(), b.Tag) })
		wg.Go(func() {
			var log bytes.Buffer
			b.Log = &log
			if err := e.BuildImage(context.Background(), b); err != nil {
				errs[i] = fmt.Errorf("%w\n%s", err, log.String())
			}
		})
	}
	wg.Wait()
	return errs
}

// cgoMain calls a C function that prints what it was compiled for and the
// glibc it runs on: its output can only come from the C code.
const cgoMain = `package main

/*
#include <stdio.h>
#include <gnu/libc-version.h>

static void hello(void) {
#if defined(__x86_64__)
	const char *arch = "x86_64";
#elif defined(__aarch64__)
	const char *arch = "aarch64";
#else
	const char *arch = "another machine";
#endif
	// Go exits without flushing C's stdio buffers.
	printf("hello from C compiled for %s, running on glibc %s\n", arch, gnu_get_libc_version());
	fflush(stdout);
}
*/
import "C"

func main() { C.hello() }
`

// cgoContext writes the cgo module and its --cgo Dockerfile for platforms
// into a new directory and returns it as a build context.
func cgoContext(t *testing.T, platforms string) io.Reader {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.go"), []byte(cgoMain))
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module example.com/cgohello\n\ngo "+images.GoVersion()+"\n"))
	m, err := LoadModule(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ParsePlatforms(platforms)
	if err != nil {
		t.Fatal(err)
	}
	df, err := Render(m, Options{Platforms: ps, CGO: true, NoSyntax: true})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "Dockerfile"), df)
	writeFile(t, filepath.Join(dir, ".dockerignore"), DockerIgnore())
	return images.ContextTar(t, dir)
}

// TestEmittedCgoDockerfileBuildsOnTheEngine builds --cgo Dockerfiles for a
// module whose main calls C, on a golang image that already has gcc and
// the arm64 cross gcc, as CI builder images often do, and runs the amd64
// image (its debian:bookworm-slim is the Debian test image). Nothing here
// can reach a mirror and the image has no apt-get, so the arm64 cross build
// passes only because dpkg lists the cross toolchain's packages as
// installed and the Dockerfile skips apt-get; the same build on the plain
// golang image (no cross gcc) must still go to apt-get.
func TestEmittedCgoDockerfileBuildsOnTheEngine(t *testing.T) {
	e := images.Engine(t)
	images.Golang(t, e)
	_, cgoGoVersion := images.GolangCgo(t, e)
	images.DebianSlim(t, e)
	withCC := map[string]string{"GO_VERSION": cgoGoVersion}
	arm64 := &ocispecs.Platform{OS: "linux", Architecture: "arm64"}
	builds := []engine.BuildOptions{
		{Context: cgoContext(t, "linux/amd64"), Tag: "devboot-test/cgohello:amd64", BuildArgs: withCC,
			Platform: &ocispecs.Platform{OS: "linux", Architecture: "amd64"}},
		// The build stage alone (its ELF machine check included): the final
		// stage would need an arm64 debian:bookworm-slim, which cannot be
		// made here, and the binary could not run anyway (no qemu).
		{Context: cgoContext(t, "linux/arm64"), Tag: "devboot-test/cgohello-build:arm64", Target: "build", BuildArgs: withCC, Platform: arm64},
		{Context: cgoContext(t, "linux/arm64"), Tag: "devboot-test/cgohello-nocc:arm64", Target: "build", Platform: arm64},
	}
	errs := buildAll(t, e, builds)
	for _, err := range errs[:2] {
		if err != nil {
			t.Fatal(err)
		}
	}
	if errs[2] == nil || !strings.Contains(errs[2].Error(), "apt-get: not found") {
		t.Fatalf("arm64 build on a golang image without aarch64-linux-gnu-gcc did not fail at apt-get: %v", errs[2])
	}

	ctx := context.Background()
	code, out, err := e.RunContainer(ctx, engine.RunOptions{Image: builds[0].Tag})
	if err != nil || code != 0 || !regexp.MustCompile(`^hello from C compiled for x86_64, running on glibc 2\.[0-9]+\n$`).MatchString(out) {
		t.Fatalf("amd64 image: exit %d, %v, output %q", code, err, out)
	}

	bin, err := e.CopyFile(ctx, builds[1].Tag, "/out/cgohello")
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("not an ELF file: %v", err)
	}
	var interp string
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b, _ := io.ReadAll(p.Open())
			interp = strings.TrimRight(string(b), "\x00")
		}
	}
	libs, _ := f.ImportedLibraries()
	if f.Machine != elf.EM_AARCH64 || interp != "/lib/ld-linux-aarch64.so.1" || !slices.Contains(libs, "libc.so.6") {
		t.Fatalf("arm64 binary: machine %v, interpreter %q, libraries %v; want EM_AARCH64 dynamically linked to libc.so.6 by /lib/ld-linux-aarch64.so.1", f.Machine, interp, libs)
	}
	if !bytes.Contains(bin, []byte("hello from C compiled for %s")) {
		t.Fatal("arm64 binary lacks the C function's format string")
	}
}

func checkStaticELF(t *testing.T, bin []byte, machine elf.Machine) {
	t.Helper()
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("not an ELF file: %v", err)
	}
	if f.Machine != machine || f.Type != elf.ET_EXEC {
		t.Fatalf("ELF machine %v type %v, want %v executable", f.Machine, f.Type, machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Fatalf("binary is dynamically linked (%v)", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Fatalf("binary needs %s", strings.Join(libs, ", "))
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEmittedCrossToolchainStepAsksDpkg runs the --cgo Dockerfile's cross
// toolchain step for arm64 on the golang image with the cross gcc. It skips
// apt-get only while dpkg lists every package as installed. A gcc installed
// with --no-install-recommends lacks libc6-dev-arm64-cross, yet dpkg knows
// it from gcc's Recommends ("unknown ok not-installed"), so a bare
// `dpkg-query -W` succeeds for it; a removed package stays known too.
func TestEmittedCrossToolchainStepAsksDpkg(t *testing.T) {
	e := images.Engine(t)
	tag, _ := images.GolangCgo(t, e)
	script := crossToolchainStep(t, renderCase(t, goldenCase{"multi-cgo", "multi", Options{Platforms: []Platform{{OS: "linux", Arch: "arm64"}}, CGO: true}}))
	for _, tc := range []struct{ name, dpkgEdit, want string }{
		{"all installed", "", "are installed: no apt-get\n"},
		{"headers never installed", `sed -i '/^Package: libc6-dev-arm64-cross$/,/^$/d' /var/lib/dpkg/status`, "apt-get: not found"},
		{"headers removed", `sed -i '/^Package: libc6-dev-arm64-cross$/,/^$/s/^Status: .*/Status: deinstall ok config-files/' /var/lib/dpkg/status`, "apt-get: not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
				Image: tag, Cmd: []string{"sh", "-c", tc.dpkgEdit + "\n" + script}, Env: []string{"TARGETARCH=arm64"},
			})
			if err != nil || !strings.Contains(out, tc.want) || (code == 0) != (tc.dpkgEdit == "") {
				t.Fatalf("exit %d, %v, want output with %q:\n%s", code, err, tc.want, out)
			}
		})
	}
}

// crossToolchainStep is the shell command of the Dockerfile's RUN that
// installs the cross C toolchain.
func crossToolchainStep(t *testing.T, df []byte) string {
	t.Helper()
	ast, err := parser.Parse(bytes.NewReader(df))
	if err != nil {
		t.Fatal(err)
	}
	stages, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range stages[0].Commands {
		if run, ok := cmd.(*instructions.RunCommand); ok && strings.Contains(strings.Join(run.CmdLine, " "), "apt-get install") {
			return strings.Join(run.CmdLine, " ")
		}
	}
	t.Fatal("no RUN installs the cross toolchain")
	return ""
}
