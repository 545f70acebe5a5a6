package dockerfile

import (
	"bytes"
	"context"
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

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
	ctx := context.Background()
	// Both builds at once: each is mostly waiting on the storage driver.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	logs := make([]bytes.Buffer, 2)
	for i, arch := range []string{"amd64", "arm64"} {
		tag := "devboot-test/hello:" + arch
		t.Cleanup(func() { _ = e.RemoveImage(context.Background(), tag) })
		buildContext := images.ContextTar(t, dir)
		wg.Go(func() {
			errs[i] = e.BuildImage(ctx, engine.BuildOptions{
				Context:  buildContext,
				Tag:      tag,
				Platform: &ocispecs.Platform{OS: "linux", Architecture: arch},
				Log:      &logs[i],
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("build: %v\n%s", err, logs[i].String())
		}
	}
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
