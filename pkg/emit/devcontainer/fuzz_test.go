package devcontainer

import (
	"regexp"
	"testing"
)

var safeWorkspace = regexp.MustCompile(`^/workspaces/[A-Za-z0-9._-]+$`)

// FuzzWorkspaceFolder: whatever the name (a directory's base name when there
// is no go.mod), the folder is one plain path element under /workspaces, so
// the compose volume spec "..:<folder>:cached" keeps its meaning.
func FuzzWorkspaceFolder(f *testing.F) {
	for _, s := range []string{"hello", "", "..", "a:b", "${X}", "ü/ß", "a b,c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := workspaceFolder(name)
		if !safeWorkspace.MatchString(got) || got == "/workspaces/." || got == "/workspaces/.." {
			t.Fatalf("workspaceFolder(%q) = %q", name, got)
		}
	})
}
