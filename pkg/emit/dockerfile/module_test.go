package dockerfile

import (
	"reflect"
	"testing"
)

func TestLoadModuleFindsMainsLikeTheGoCommand(t *testing.T) {
	m, err := LoadModule("testdata/multi", false)
	if err != nil {
		t.Fatal(err)
	}
	// testdata/, nested modules, //go:build ignore generators and
	// windows-only files are not Linux main packages.
	want := []Main{{"./cmd/api", "api"}, {"./cmd/build", "build"}, {"./cmd/worker", "worker"}}
	if !reflect.DeepEqual(m.Mains, want) {
		t.Fatalf("mains = %v, want %v", m.Mains, want)
	}
	if m.Path != "example.com/multi/v2" || m.GoVersion != "1.25.3" || !m.HasSum || m.Vendored {
		t.Fatalf("module = %+v", m)
	}
}

func TestLoadModuleRootMainSkipsMajorSuffix(t *testing.T) {
	m, err := LoadModule("testdata/hello", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Mains) != 1 || m.Mains[0] != (Main{".", "hello"}) || m.HasSum || m.GoVersion != "1.26.8" {
		t.Fatalf("module = %+v", m)
	}
	if got := binaryName("example.com/tool/v2"); got != "tool" {
		t.Fatalf("binaryName = %q", got)
	}
	if got := binaryName("example.com/v0"); got != "v0" {
		t.Fatalf("binaryName = %q", got)
	}
}

func TestLoadModuleWithoutGoMod(t *testing.T) {
	if _, err := LoadModule(t.TempDir(), false); err == nil {
		t.Fatal("no error for a directory without go.mod")
	}
}

func TestParsePlatforms(t *testing.T) {
	ps, err := ParsePlatforms("linux/amd64, linux/arm/v7,linux/amd64")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[1] != (Platform{"linux", "arm", "v7"}) {
		t.Fatalf("platforms = %v", ps)
	}
	for _, bad := range []string{"", "linux", "windows/amd64", "linux/sparc", "linux/arm/v9", "linux/arm64/v7/x"} {
		if _, err := ParsePlatforms(bad); err == nil {
			t.Errorf("ParsePlatforms(%q) accepted", bad)
		}
	}
}
