package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/emit/devcontainer"
)

func TestEmitDevcontainerWithAthens(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("go.mod", []byte("module example.com/svc\n\ngo 1.25.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	compose := filepath.Join(dir, ".devcontainer", devcontainer.ComposeFile)
	code, out, errOut := runCLI(t, "emit", "devcontainer", "--proxy", "athens", "--no-binary", "--dry-run")
	if code != 0 || !strings.Contains(out, "would: write "+compose) {
		t.Fatalf("dry run: exit %d, %s %s", code, out, errOut)
	}
	if _, err := os.Stat(".devcontainer"); !os.IsNotExist(err) {
		t.Fatalf("dry run wrote .devcontainer: %v", err)
	}
	code, _, errOut = runCLI(t, "emit", "devcontainer", "--proxy", "athens", "--no-binary")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	dc, err := os.ReadFile(".devcontainer/devcontainer.json")
	if err != nil || !bytes.Contains(dc, []byte(`"dockerComposeFile": "docker-compose.yml"`)) ||
		!bytes.Contains(dc, []byte(`"workspaceFolder": "/workspaces/svc"`)) || !bytes.Contains(dc, []byte(`"version": "1.25.1"`)) {
		t.Fatalf("devcontainer.json: %v\n%s", err, dc)
	}
	yml, err := os.ReadFile(compose)
	if err != nil || !bytes.Contains(yml, []byte(devcontainer.AthensImage)) {
		t.Fatalf("%s: %v\n%s", compose, err, yml)
	}
	code, _, errOut = runCLI(t, "emit", "devcontainer", "--proxy", "artifactory", "--no-binary")
	if code != 2 || !strings.Contains(errOut, "athens") {
		t.Fatalf("unknown proxy: exit %d, %s", code, errOut)
	}
}
