package main

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/images"
)

// devboot's own .devcontainer/ is what `devboot emit devcontainer` writes.
func TestOwnDevcontainerIsGenerated(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	t.Chdir(repo)
	code, _, errOut := runCLI(t, "emit", "devcontainer", "--no-binary", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(repo, ".devcontainer", rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf(".devcontainer/%s is not what devboot emit devcontainer writes (%v): regenerate it with 'devboot emit devcontainer --no-binary'", rel, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEmitDockerfileWritesBothFilesAndHonoursDryRun(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("go.mod", []byte("module example.com/app\n\ngo 1.25.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("main.go", []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "emit", "dockerfile", "--dry-run", "--final", "distroless")
	if code != 0 || !strings.Contains(out, "would: write "+filepath.Join(dir, "Dockerfile")) {
		t.Fatalf("dry run: exit %d, %s %s", code, out, errOut)
	}
	if _, err := os.Stat("Dockerfile"); !os.IsNotExist(err) {
		t.Fatalf("dry run wrote a Dockerfile: %v", err)
	}
	code, _, errOut = runCLI(t, "emit", "dockerfile", "--final", "distroless", "-o", "build/app.Dockerfile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	df, err := os.ReadFile("build/app.Dockerfile")
	if err != nil || !bytes.Contains(df, []byte("golang:${GO_VERSION}-bookworm")) || !bytes.Contains(df, []byte("ARG GO_VERSION=1.25.1")) {
		t.Fatalf("Dockerfile: %v\n%s", err, df)
	}
	if _, err := os.Stat("build/app.Dockerfile.dockerignore"); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "emit", "dockerfile", "--cgo", "--final", "alpine")
	if code != 2 || !strings.Contains(errOut, "musl") {
		t.Fatalf("cgo on alpine: exit %d, %s", code, errOut)
	}
}

// buildHello builds a small program from src with env added to go test's
// own (so it shares the build cache) and returns the binary's path.
func buildHello(t *testing.T, src string, env ...string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{"go.mod": "module example.com/hello\n\ngo 1.22\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-o", "hello", ".")
	build.Dir, build.Env = dir, append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", env, err, out)
	}
	return filepath.Join(dir, "hello")
}

const helloSrc = "package main\n\nfunc main() { println(\"hello\") }\n"

// staticBuilds are static linux builds of devboot for both arches the
// feature runs on.
func staticBuilds(t *testing.T) (amd64, arm64 string) {
	dir := t.TempDir()
	amd64, arm64 = filepath.Join(dir, "devboot-amd64"), filepath.Join(dir, "devboot-arm64")
	images.Devboot(t, "amd64", amd64)
	images.Devboot(t, "arm64", arm64)
	return amd64, arm64
}

// dynamicBuild is a cgo build for this machine: it needs the C library's loader.
func dynamicBuild(t *testing.T) string {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("needs gcc for a cgo build")
	}
	return buildHello(t, "package main\n\nimport \"C\"\n\nfunc main() {}\n", "CGO_ENABLED=1")
}

// staticNonGo returns path if it is a static Linux program for amd64 or
// arm64 that is not written in Go (Debian's ldconfig is a static-pie C
// program), else "".
func staticNonGo(t *testing.T, path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 && f.Machine != elf.EM_AARCH64 || f.Section(".go.buildinfo") != nil {
		return ""
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return ""
		}
	}
	return path
}

// runningAs makes exe the devboot that emit bundles by default (in tests,
// os.Executable is the test binary, whose linking depends on the machine).
func runningAs(t *testing.T, exe string) {
	old := runningExecutable
	runningExecutable = func() (string, error) { return exe, nil }
	t.Cleanup(func() { runningExecutable = old })
}

// wantBinaries checks that dir holds exactly the bundled binaries in want
// (file name to the build it must be a copy of).
func wantBinaries(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got, _ := filepath.Glob(filepath.Join(dir, "devboot-linux-*"))
	if len(got) != len(want) {
		t.Errorf("bundled %v, want %d binaries", got, len(want))
	}
	for name, src := range want {
		data, err := os.ReadFile(filepath.Join(dir, name))
		srcData, _ := os.ReadFile(src)
		if err != nil || !bytes.Equal(data, srcData) {
			t.Errorf("%s is not a copy of %s: %v", name, src, err)
			continue
		}
		if fi, _ := os.Stat(filepath.Join(dir, name)); fi.Mode().Perm() != 0o755 {
			t.Errorf("%s mode %v", name, fi.Mode().Perm())
		}
	}
}

func TestEmitFeatureBundlesStaticBuildsOfBothArches(t *testing.T) {
	amd64, arm64 := staticBuilds(t)
	// The running devboot does not matter when --binary names the builds.
	runningAs(t, filepath.Join(t.TempDir(), "absent"))
	out := filepath.Join(t.TempDir(), "feature")
	code, _, errOut := runCLI(t, "emit", "feature", "--out", out, "--binary", arm64, "--binary", amd64)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range []string{"devcontainer-feature.json", "install.sh", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	wantBinaries(t, out, map[string]string{"devboot-linux-amd64": amd64, "devboot-linux-arm64": arm64})

	// emit devcontainer bundles them into its local feature copy.
	t.Chdir(t.TempDir())
	code, _, errOut = runCLI(t, "emit", "devcontainer", "--binary", amd64, "--binary", arm64)
	if code != 0 {
		t.Fatalf("emit devcontainer: exit %d: %s", code, errOut)
	}
	wantBinaries(t, filepath.Join(".devcontainer", "devboot"), map[string]string{"devboot-linux-amd64": amd64, "devboot-linux-arm64": arm64})
}

func TestEmitFeatureBundlesItselfOnlyWhenStatic(t *testing.T) {
	amd64, _ := staticBuilds(t)
	runningAs(t, amd64)
	out := filepath.Join(t.TempDir(), "static")
	code, _, errOut := runCLI(t, "emit", "feature", "--out", out)
	if code != 0 {
		t.Fatalf("static devboot: exit %d: %s", code, errOut)
	}
	wantBinaries(t, out, map[string]string{"devboot-linux-amd64": amd64})

	runningAs(t, dynamicBuild(t))
	out = filepath.Join(t.TempDir(), "dynamic")
	code, _, errOut = runCLI(t, "emit", "feature", "--out", out)
	if code != 2 {
		t.Fatalf("dynamic devboot: exit %d, want 2: %s", code, errOut)
	}
	for _, want := range []string{"dynamically linked", "CGO_ENABLED=0", "--binary", "--no-binary", "devboot-linux-<arch>"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("message lacks %q: %s", want, errOut)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused emit wrote %s: %v", out, err)
	}
	code, _, errOut = runCLI(t, "emit", "feature", "--out", out, "--no-binary")
	if code != 0 {
		t.Fatalf("dynamic devboot, --no-binary: exit %d: %s", code, errOut)
	}
	wantBinaries(t, out, nil)

	t.Chdir(t.TempDir())
	if code, _, errOut = runCLI(t, "emit", "devcontainer"); code != 2 || !strings.Contains(errOut, "dynamically linked") {
		t.Errorf("emit devcontainer with a dynamic devboot: exit %d: %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "emit", "devcontainer", "--published"); code != 0 {
		t.Errorf("emit devcontainer --published bundles nothing, yet: exit %d: %s", code, errOut)
	}
}

func TestEmitFeatureRefusesBadBinaries(t *testing.T) {
	amd64, arm64 := staticBuilds(t)
	dir := t.TempDir()
	// The amd64 build relabelled as RISC-V: a real static Go binary of a
	// machine install.sh does not run.
	data, err := os.ReadFile(amd64)
	if err != nil {
		t.Fatal(err)
	}
	binary.LittleEndian.PutUint16(data[18:], uint16(elf.EM_RISCV))
	riscv := filepath.Join(dir, "riscv")
	script := filepath.Join(dir, "devboot.sh")
	if err := os.WriteFile(riscv, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, []byte("#!/bin/sh\nexec devboot \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "feature")
	// Static Linux programs of the right machine that are not devboot.
	hello := buildHello(t, helloSrc, "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	type refusal struct {
		args []string
		want string
	}
	notDevboot := []refusal{{[]string{"--binary", hello}, hello + " is the Go program example.com/hello, not devboot"}}
	if ldconfig := staticNonGo(t, "/sbin/ldconfig"); ldconfig != "" {
		notDevboot = append(notDevboot, refusal{[]string{"--binary", ldconfig}, ldconfig + " is not a devboot build: it has no Go build information"})
	}
	for _, tc := range append(notDevboot, []refusal{
		{[]string{"--binary", riscv}, "EM_RISCV"},
		{[]string{"--binary", amd64, "--binary", script}, script + " is not an ELF file"},
		{[]string{"--binary", filepath.Join(dir, "absent")}, "no such file"},
		{[]string{"--binary", arm64, "--binary", amd64, "--binary", amd64}, "both devboot-linux-amd64"},
		{[]string{"--binary", amd64, "--no-binary"}, "contradict"},
	}...) {
		code, _, errOut := runCLI(t, append([]string{"emit", "feature", "--out", out}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q: %s", tc.args, code, tc.want, errOut)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused emit wrote %s: %v", out, err)
	}
	t.Chdir(dir)
	if code, _, errOut := runCLI(t, "emit", "devcontainer", "--binary", riscv); code != 2 || !strings.Contains(errOut, "EM_RISCV") {
		t.Errorf("emit devcontainer --binary riscv: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "emit", "devcontainer", "--published", "--binary", amd64); code != 2 || !strings.Contains(errOut, "--published") {
		t.Errorf("emit devcontainer --published --binary: exit %d: %s", code, errOut)
	}
}

// Re-emitting into the same directory removes the builds an earlier emit
// bundled and this one does not (a stale arm64 devboot must not ship next
// to a new amd64 one), undoably, as a step --dry-run shows; with
// --no-binary the builds in the directory are the user's and stay.
func TestEmitFeatureRemovesBinariesItNoLongerBundles(t *testing.T) {
	amd64, arm64 := staticBuilds(t)
	runningAs(t, filepath.Join(t.TempDir(), "absent"))
	out := filepath.Join(t.TempDir(), "feature")
	if code, _, errOut := runCLI(t, "emit", "feature", "--out", out, "--binary", amd64, "--binary", arm64); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	notes := filepath.Join(out, "NOTES")
	if err := os.WriteFile(notes, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "devboot-linux-arm64")
	code, stdout, errOut := runCLI(t, "emit", "feature", "--out", out, "--binary", amd64, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "would: remove "+stale+"\n") {
		t.Fatalf("dry run: exit %d, %s %s", code, stdout, errOut)
	}
	wantBinaries(t, out, map[string]string{"devboot-linux-amd64": amd64, "devboot-linux-arm64": arm64})

	code, stdout, errOut = runCLI(t, "emit", "feature", "--out", out, "--binary", amd64)
	if code != 0 || !strings.Contains(stdout, "remove "+stale+"\n") {
		t.Fatalf("exit %d, %s %s", code, stdout, errOut)
	}
	wantBinaries(t, out, map[string]string{"devboot-linux-amd64": amd64})
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine\n" {
		t.Errorf("a file that is no bundled binary changed: %q %v", b, err)
	}

	// The user puts an arm64 build in; --no-binary leaves it.
	if err := os.WriteFile(stale, []byte("user's build"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "emit", "feature", "--out", out, "--no-binary"); code != 0 {
		t.Fatalf("--no-binary: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(stale); err != nil || string(b) != "user's build" {
		t.Errorf("--no-binary touched %s: %q %v", stale, b, err)
	}

	// emit devcontainer's local feature copy is kept the same way.
	t.Chdir(t.TempDir())
	if code, _, errOut := runCLI(t, "emit", "devcontainer", "--binary", amd64, "--binary", arm64); code != 0 {
		t.Fatalf("emit devcontainer: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "emit", "devcontainer", "--binary", arm64); code != 0 {
		t.Fatalf("emit devcontainer again: exit %d: %s", code, errOut)
	}
	wantBinaries(t, filepath.Join(".devcontainer", "devboot"), map[string]string{"devboot-linux-arm64": arm64})
}
