// Package schematest validates emitted Dev Container files against the
// official schemas, read from ../shared/schemas next to the repository (they
// are not copied into it; see SOURCES.md there).
package schematest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/tailscale/hujson"
)

// RepoRoot is the directory holding the repository's go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Feature validates a devcontainer-feature.json (JSON Schema draft-07).
func Feature(t testing.TB, data []byte) error {
	t.Helper()
	return validate(t, "devContainerFeature.schema.json", data)
}

// Devcontainer validates a devcontainer.json (JSONC; schema draft 2019-09)
// after stripping its comments.
func Devcontainer(t testing.TB, data []byte) error {
	t.Helper()
	std, err := hujson.Standardize(bytes.Clone(data))
	if err != nil {
		return fmt.Errorf("devcontainer.json is not JSONC: %w", err)
	}
	return validate(t, "devContainer.base.schema.json", std)
}

// validate returns the instance's validation error; trouble with the schema
// itself fails the test.
func validate(t testing.TB, schemaFile string, data []byte) error {
	t.Helper()
	path := filepath.Join(RepoRoot(t), "..", "shared", "schemas", "devcontainers-spec", schemaFile)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("needs the official schema at %s: %v", path, err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(path, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("invalid against %s:\n%w", schemaFile, err)
	}
	return nil
}
