package dockerfile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCase is one emitted Dockerfile the tests pin, parse and lint.
type goldenCase struct {
	name, module string
	opt          Options
}

func goldenCases(t testing.TB) []goldenCase {
	both, err := ParsePlatforms("linux/amd64,linux/arm64")
	if err != nil {
		t.Fatal(err)
	}
	many, err := ParsePlatforms("linux/amd64,linux/arm64,linux/arm/v7")
	if err != nil {
		t.Fatal(err)
	}
	return []goldenCase{
		{"hello-scratch", "hello", Options{Platforms: both}},
		{"hello-no-syntax-tzdata", "hello", Options{Platforms: both, NoSyntax: true, TZData: true}},
		{"hello-alpine", "hello", Options{Platforms: many, Final: FinalAlpine}},
		{"multi-distroless", "multi", Options{Platforms: both, Final: FinalDistroless}},
		{"multi-debian-one-main", "multi", Options{Platforms: both, Final: FinalDebian, Mains: []string{"cmd/worker"}, GoVersion: "1.26.8"}},
		{"multi-cgo", "multi", Options{Platforms: both, CGO: true}},
		{"multi-cgo-distroless", "multi", Options{Platforms: many, CGO: true, Final: FinalDistroless, Mains: []string{"./cmd/api"}}},
	}
}

func renderCase(t testing.TB, c goldenCase) []byte {
	t.Helper()
	m, err := LoadModule(filepath.Join("testdata", c.module), c.opt.CGO)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(m, c.opt)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return out
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := renderCase(t, c)
			if again := renderCase(t, c); !bytes.Equal(got, again) {
				t.Fatal("two renders differ: output is not deterministic")
			}
			path := filepath.Join("testdata", "golden", c.name+".Dockerfile")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Dockerfile differs from %s (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}

func TestRenderRejectsImpossibleChoices(t *testing.T) {
	m, err := LoadModule("testdata/multi", true)
	if err != nil {
		t.Fatal(err)
	}
	both, _ := ParsePlatforms("linux/amd64,linux/arm64")
	s390, _ := ParsePlatforms("linux/s390x")
	for name, opt := range map[string]Options{
		"cgo on scratch":       {Platforms: both, CGO: true, Final: FinalScratch},
		"cgo on alpine":        {Platforms: both, CGO: true, Final: FinalAlpine},
		"unknown final":        {Platforms: both, Final: "busybox"},
		"cgo without cross cc": {Platforms: s390, CGO: true},
		"missing main":         {Platforms: both, Mains: []string{"./cmd/nope"}},
		"bad go version":       {Platforms: both, GoVersion: "latest"},
		"no platforms":         {},
	} {
		if _, err := Render(m, opt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRenderRejectsTwoMainsWithOneName(t *testing.T) {
	m := &Module{Path: "x", GoVersion: "1.22", Mains: []Main{{"./a/tool", "tool"}, {"./b/tool", "tool"}}}
	both, _ := ParsePlatforms("linux/amd64")
	if _, err := Render(m, Options{Platforms: both}); err == nil {
		t.Fatal("two binaries named tool accepted")
	}
}
