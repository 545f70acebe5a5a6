package shellrc

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestUnifiedDiffAppliesWithPatch checks the preview is a real diff: GNU
// patch turns the old file into the new one with it.
func TestUnifiedDiffAppliesWithPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch is not installed")
	}
	blk := Wrap("export A=1\n")
	for _, c := range []struct{ old, new string }{
		{"", blk},
		{"a\nb\nc\nd\ne\nf\n", "a\nb\nc\nd\ne\nf\n" + blk},
		{"1\n2\n3\n4\n" + Wrap("old\n") + "5\n6\n7\n8\n", "1\n2\n3\n4\n" + blk + "5\n6\n7\n8\n"},
		{"x\ny", "x\ny\n" + blk[:len(blk)-1]},
		{"x\n" + blk, "x\n"},
	} {
		dir := t.TempDir()
		f := filepath.Join(dir, "f")
		os.WriteFile(f, []byte(c.old), 0o644)
		d := unifiedDiff("f", c.old, c.new)
		cmd := exec.Command(patch, "-s", "-p0", "f")
		cmd.Dir = dir
		cmd.Stdin = stringsReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch: %v %s\n%s", err, out, d)
		}
		if got, _ := os.ReadFile(f); string(got) != c.new {
			t.Fatalf("patched %q, want %q\n%s", got, c.new, d)
		}
	}
}

func stringsReader(s string) *os.File {
	r, w, _ := os.Pipe()
	go func() { w.WriteString(s); w.Close() }()
	return r
}
