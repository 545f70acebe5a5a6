package devcontainer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCases pin every file devcontainer.json-side output for a few option
// sets; "default" is what `devboot emit devcontainer` wrote before --proxy
// existed and must not change.
var goldenCases = []struct {
	name string
	opt  Options
}{
	{"default", Options{Name: "hello", GoVersion: "1.26.8"}},
	{"published", Options{Name: "hello", GoVersion: "1.25", Published: true}},
	{"athens", Options{Name: "hello", GoVersion: "1.26.8", Proxy: ProxyAthens}},
	{"athens-published-root", Options{Name: "hello", Published: true, Proxy: ProxyAthens, User: "root", Image: "golang:1.26.8-bookworm"}},
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			files, err := Files(".devcontainer", c.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if filepath.Dir(f.Path) != ".devcontainer" {
					continue // the feature's own files have their own tests
				}
				path := filepath.Join("testdata", "golden", c.name, filepath.Base(f.Path))
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
				}
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s differs from %s:\n%s", f.Path, path, f.Data)
				}
			}
		})
	}
}
