package images

import (
	"bytes"
	"testing"
)

// ContextTar is dir as a build context tar, the way the docker CLI sends it.
func ContextTar(t testing.TB, dir string) *bytes.Reader {
	t.Helper()
	r := newRootfs()
	if err := r.addTree(dir, func(string) bool { return false }); err != nil {
		t.Fatal(err)
	}
	moved := map[string]entry{}
	for p, e := range r.entries {
		if p != dir {
			moved[p[len(dir):]] = e
		}
	}
	r.entries = moved
	var buf bytes.Buffer
	if err := r.writeTar(&buf); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}
