// Package roots builds fixture root directories that stand for "/" of a
// machine (WSL, containers, bare hosts), for probes that read through
// host.Host.Root. Files hold data shaped like the real machines'.
package roots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Tree describes a fixture root: path (absolute, as on the host) → content.
// A content starting with "->" makes a symlink to the rest; a path ending
// in "/" makes an empty directory.
type Tree map[string]string

// Build writes tree into a new temporary directory and returns it.
func Build(t testing.TB, tree Tree) string {
	t.Helper()
	root := t.TempDir()
	Write(t, root, tree)
	return root
}

// Write adds tree to an existing root.
func Write(t testing.TB, root string, tree Tree) {
	t.Helper()
	for p, content := range tree {
		full := filepath.Join(root, filepath.Clean("/"+p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, full); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Merge returns a new tree with the entries of all trees; later ones win.
func Merge(trees ...Tree) Tree {
	out := Tree{}
	for _, tr := range trees {
		for k, v := range tr {
			out[k] = v
		}
	}
	return out
}
