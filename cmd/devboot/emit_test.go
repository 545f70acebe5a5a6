package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func TestEmitFeatureBundlesItself(t *testing.T) {
	out := filepath.Join(t.TempDir(), "feature")
	code, _, errOut := runCLI(t, "emit", "feature", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range []string{"devcontainer-feature.json", "install.sh", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	matches, _ := filepath.Glob(filepath.Join(out, "devboot-linux-*"))
	if len(matches) != 1 {
		t.Fatalf("bundled binaries: %v", matches)
	}
	if fi, err := os.Stat(matches[0]); err != nil || fi.Mode().Perm() != 0o755 || fi.Size() == 0 {
		t.Fatalf("binary: %v %v", fi, err)
	}
}
