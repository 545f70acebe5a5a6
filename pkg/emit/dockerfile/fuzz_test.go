package dockerfile

import (
	"strings"
	"testing"
)

// FuzzParsePlatforms: any accepted list renders back to platforms that parse
// to the same thing, and only Linux platforms with known arches get through.
func FuzzParsePlatforms(f *testing.F) {
	for _, s := range []string{"linux/amd64,linux/arm64", "linux/arm/v7", " linux/amd64/v3 ,", "windows/amd64", "linux//", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		ps, err := ParsePlatforms(list)
		if err != nil {
			return
		}
		var names []string
		for _, p := range ps {
			if p.OS != "linux" || !goArches[p.Arch] || checkVariant(p) != nil {
				t.Fatalf("accepted %+v from %q", p, list)
			}
			names = append(names, p.String())
		}
		again, err := ParsePlatforms(strings.Join(names, ","))
		if err != nil || len(again) != len(ps) {
			t.Fatalf("round trip of %q: %v %v", list, again, err)
		}
	})
}

func BenchmarkRender(b *testing.B) {
	m, err := LoadModule("testdata/multi", false)
	if err != nil {
		b.Fatal(err)
	}
	ps, _ := ParsePlatforms("linux/amd64,linux/arm64")
	for b.Loop() {
		if _, err := Render(m, Options{Platforms: ps, Final: FinalDistroless}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadModule(b *testing.B) {
	for b.Loop() {
		if _, err := LoadModule("testdata/multi", false); err != nil {
			b.Fatal(err)
		}
	}
}
