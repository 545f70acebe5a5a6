package binwhy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
)

// Real programs built by the tests; nothing here is a canned result.

func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("this machine has no %s (install it: .ci/run does)", tool)
	}
	return p
}

func run(t *testing.T, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// buildGo compiles a one-file Go program into dir/name.
func buildGo(t *testing.T, dir, name, src string, env ...string) string {
	t.Helper()
	goTool := need(t, "go")
	srcDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(srcDir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	cmd := exec.Command(goTool, "build", "-o", out, "main.go")
	cmd.Dir = srcDir
	cmd.Env = append(os.Environ(), append([]string{"GO111MODULE=off", "GOFLAGS="}, env...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, b)
	}
	return out
}

const goMain = "package main\n\nfunc main() { println(\"hi\") }\n"

const cgoMain = `package main

// #include <stdlib.h>
import "C"

func main() { C.free(C.malloc(1)) }
`

// buildC compiles C source with gcc (or another compiler) and extra flags.
func buildC(t *testing.T, cc, out, src string, flags ...string) string {
	t.Helper()
	need(t, cc)
	dir := t.TempDir()
	file := filepath.Join(dir, "x.c")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, nil, cc, append(append([]string{"-o", out, file}, flags...), "-w")...)
	return out
}

const cMain = "int stub(void);\nint main(void) { return stub(); }\n"
const cStub = "int stub(void) { return 0; }\n"
const cHello = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n"

// testHost is this machine as root sees it, with PATH replaced.
func testHost(t *testing.T, root string, env ...string) *host.Host {
	t.Helper()
	h := host.New(root, append([]string{"SHELL=/bin/bash"}, env...))
	h.User = host.User{Name: "root", Home: t.TempDir(), UID: os.Getuid(), GID: os.Getgid()}
	return h
}

func writeFile(t *testing.T, p, content string, mode os.FileMode) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, to, string(b), mode)
}

// wantBroken asserts the first broken layer and words of its message.
func wantBroken(t *testing.T, r *Report, layer string, words ...string) {
	t.Helper()
	if r.Broken != layer {
		t.Fatalf("broken layer %q, want %q\n%s", r.Broken, layer, r.Text())
	}
	msg := r.Layer(layer).Message
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("%s message %q lacks %q", layer, msg, w)
		}
	}
	if r.Fix == "" {
		t.Errorf("no fix offered for %s", layer)
	}
}

func wantRuns(t *testing.T, r *Report) {
	t.Helper()
	if r.Broken != "" || r.Verdict == Fail {
		t.Fatalf("expected %s to run, got verdict %s at %q\n%s", r.Name, r.Verdict, r.Broken, r.Text())
	}
}
