package toolchain

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/testenv/goserver"
)

var offered = []string{"go1.21.0", "go1.21.13", "go1.22.0", "go1.22.4", "go1.22.5", "go1.23rc1", "go1.22rc1", "go1.20", "go1.20.14"}

func TestResolveSpecs(t *testing.T) {
	h := testHost(t)
	dir := t.TempDir()
	for spec, want := range map[string]string{
		"1.22.4": "go1.22.4", "go1.22.4": "go1.22.4", "1.22": "go1.22.5", "1.21": "go1.21.13",
		"1.23rc1": "go1.23rc1", "latest": "go1.22.5", "stable": "go1.22.5", "1.20": "go1.20", "1.20.14": "go1.20.14",
	} {
		res, err := Resolve(h, ResolveOptions{Spec: spec, Dir: dir, Offered: offered})
		if err != nil || res.Version != want || res.Source != SourceSpec {
			t.Errorf("%s: got %+v %v, want %s", spec, res, err, want)
		}
	}
	for spec, near := range map[string]string{"1.22.9": "go1.22.5", "1.23": "go1.23rc1", "1.19.3": "go1.20"} {
		_, err := Resolve(h, ResolveOptions{Spec: spec, Dir: dir, Offered: offered})
		if err == nil || !strings.Contains(err.Error(), near) {
			t.Errorf("%s: err %v should name %s", spec, err, near)
		}
	}
	for _, bad := range []string{"1.22.4.5", "banana", "go1", "1.22 ", "-1"} {
		if _, err := Resolve(h, ResolveOptions{Spec: bad, Dir: dir}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestResolveInstalled: use chooses among installed toolchains only;
// a miss names what is installed, and an adoptable toolchain that fits.
func TestResolveInstalled(t *testing.T) {
	h := testHost(t)
	h.Root = t.TempDir() // no /usr/local/go of this machine to adopt
	cross := Platform{OS: "linux", Arch: "riscv64"}
	if cross == HostPlatform() {
		cross.Arch = "arm64"
	}
	for _, name := range []string{"go1.22.4", "go1.22rc1", "go1.26.8", "go1.27rc1", Name("go1.21.3", cross)} {
		if err := os.MkdirAll(LayoutOf(h).Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for spec, want := range map[string]string{"1.22.4": "go1.22.4", "go1.22.4": "go1.22.4", "1.22": "go1.22.4", "1.22rc1": "go1.22rc1", "latest": "go1.26.8", "1.27rc1": "go1.27rc1"} {
		tc, err := ResolveInstalled(h, spec, HostPlatform())
		if err != nil || tc.Version != want || tc.Name != want {
			t.Errorf("%s: %+v %v, want %s", spec, tc, err, want)
		}
	}
	if tc, err := ResolveInstalled(h, "1.21", cross); err != nil || tc.Name != Name("go1.21.3", cross) {
		t.Errorf("cross 1.21: %+v %v", tc, err)
	}
	goserver.WriteGOROOT(t, filepath.Join(h.Root, "usr/local/go"), "go1.23.2", runtime.GOARCH)
	for _, c := range []struct {
		spec      string
		p         Platform
		msg       string
		adoptable string
	}{
		{"1.22.6", HostPlatform(), "go1.22.6 is not installed (installed: go1.27rc1, go1.26.8, go1.22.4, go1.22rc1)", ""},
		{"1.21", HostPlatform(), "no go1.21 patch is installed (installed: go1.27rc1, go1.26.8, go1.22.4, go1.22rc1)", ""},
		{"1.27", HostPlatform(), "no go1.27 patch is installed", ""}, // only an rc: 1.27 means a stable patch
		{"1.23", HostPlatform(), "no go1.23 patch is installed", "go1.23.2"},
		{"1.23.2", HostPlatform(), "go1.23.2 is not installed", "go1.23.2"},
		{"1.22.4", cross, "go1.22.4 is not installed for " + cross.String() + " (installed: go1.21.3)", ""},
	} {
		_, err := ResolveInstalled(h, c.spec, c.p)
		var miss *NotInstalledError
		if !errors.As(err, &miss) || !strings.HasPrefix(err.Error(), c.msg) || exitcode.Code(err) != exitcode.Usage {
			t.Errorf("%s %s: %v (exit %d), want %q (exit 2)", c.spec, c.p, err, exitcode.Code(err), c.msg)
			continue
		}
		got := ""
		if miss.Adoptable != nil {
			got = miss.Adoptable.Version
		}
		if got != c.adoptable {
			t.Errorf("%s: adoptable %q, want %q", c.spec, got, c.adoptable)
		}
	}
	if _, err := ResolveInstalled(h, "banana", HostPlatform()); err == nil || errors.As(err, new(*NotInstalledError)) {
		t.Errorf("bad spec: %v", err)
	}
	empty := testHost(t)
	empty.Root = t.TempDir()
	if _, err := ResolveInstalled(empty, "latest", HostPlatform()); err == nil || err.Error() != "no stable toolchain is installed (installed: none)" {
		t.Errorf("nothing installed: %v", err)
	}
}

// TestResolveLocal: among local toolchains only, an exact spec is checked even
// against an empty list, and a miss does not speak of a source.
func TestResolveLocal(t *testing.T) {
	h, dir := testHost(t), t.TempDir()
	for _, c := range []struct {
		spec  string
		local []string
		msg   string
	}{
		{"1.22.4", nil, "go1.22.4 is not installed or adoptable here (local: none)"},
		{"1.22.4", []string{"go1.26.8", "go1.22.6"}, "go1.22.4 is not installed or adoptable here (local: go1.26.8, go1.22.6)"},
		{"1.21", []string{"go1.26.8"}, "no go1.21 patch is installed or adoptable here (local: go1.26.8)"},
	} {
		_, err := Resolve(h, ResolveOptions{Spec: c.spec, Dir: dir, Offered: c.local, Local: true})
		if err == nil || err.Error() != c.msg || exitcode.Code(err) != exitcode.Usage {
			t.Errorf("%s among %v: %v, want %q", c.spec, c.local, err, c.msg)
		}
	}
	if res, err := Resolve(h, ResolveOptions{Spec: "1.22", Dir: dir, Offered: []string{"go1.26.8", "go1.22.6"}, Local: true}); err != nil || res.Version != "go1.22.6" {
		t.Errorf("1.22 locally: %+v %v", res, err)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveProjectFiles(t *testing.T) {
	h := testHost(t)
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	os.MkdirAll(deep, 0o755)
	cases := []struct {
		files  map[string]string
		want   string
		source string
	}{
		{map[string]string{"go.mod": "module x\n\ngo 1.21\n"}, "go1.21.0", SourceGoModGo},
		{map[string]string{"go.mod": "module x\n\ngo 1.20\n"}, "go1.20", SourceGoModGo},
		{map[string]string{"go.mod": "module x\n\ngo 1.22rc1\n"}, "go1.22rc1", SourceGoModGo},
		{map[string]string{"go.mod": "module x\n\ngo 1.21\n\ntoolchain go1.22.4\n"}, "go1.22.4", SourceGoModToolchain},
		{map[string]string{"go.mod": "module x\n\ngo 1.22.4\n\ntoolchain go1.21.0\n"}, "go1.22.4", SourceGoModGo},
		{map[string]string{".go-version": "# pinned\n1.22\n"}, "go1.22.5", SourceGoVersion},
		{map[string]string{".go-version": "go1.21.13\n", "a/go.mod": "module x\ngo 1.22.0\n"}, "go1.22.0", SourceGoModGo},
	}
	for i, c := range cases {
		dir := filepath.Join(root, "case", string(rune('a'+i)))
		for name, body := range c.files {
			write(t, filepath.Join(dir, name), body)
		}
		start := filepath.Join(dir, "a", "b")
		os.MkdirAll(start, 0o755)
		res, err := Resolve(h, ResolveOptions{Dir: start, Offered: offered})
		if err != nil || res.Version != c.want || res.Source != c.source {
			t.Errorf("case %d: %+v %v, want %s from %s", i, res, err, c.want, c.source)
		}
	}
	// Nothing anywhere, no GOTOOLCHAIN: a clear error.
	if _, err := Resolve(h, ResolveOptions{Dir: deep}); err == nil {
		t.Error("no request resolved to something")
	}
	// GOTOOLCHAIN pinned decides when nothing else does, and warns when it differs.
	hg := testHost(t, "GOTOOLCHAIN=go1.21.13")
	res, err := Resolve(hg, ResolveOptions{Dir: deep, Offered: offered})
	if err != nil || res.Version != "go1.21.13" || res.Source != SourceGOTOOLCHAIN {
		t.Fatalf("GOTOOLCHAIN: %+v %v", res, err)
	}
	res, _ = Resolve(hg, ResolveOptions{Spec: "1.22.4", Dir: deep, Offered: offered})
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "GOTOOLCHAIN=go1.21.13") {
		t.Fatalf("want a GOTOOLCHAIN warning: %+v", res)
	}
	// go.mod needing more than the spec: cmd/go would switch away.
	mod := filepath.Join(root, "needs")
	write(t, filepath.Join(mod, "go.mod"), "module x\ngo 1.22.4\n")
	res, _ = Resolve(h, ResolveOptions{Spec: "1.21.13", Dir: mod, Offered: offered})
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "switch away") {
		t.Fatalf("want a go.mod warning: %+v", res)
	}
	res, _ = Resolve(h, ResolveOptions{Spec: "1.22.5", Dir: mod, Offered: offered})
	if len(res.Warnings) != 0 {
		t.Fatalf("no warning expected: %+v", res)
	}
}

func TestSatisfies(t *testing.T) {
	for _, c := range []struct {
		v, req string
		ok     bool
	}{{"go1.22.4", "1.22", true}, {"go1.22.4", "1.22.5", false}, {"go1.21.0", "1.21", true}, {"go1.21rc1", "1.21", true}, {"go1.20", "1.21", false}, {"go1.23.0", "go1.22rc1", true}, {"junk", "1.21", false}} {
		if got := Satisfies(c.v, c.req); got != c.ok {
			t.Errorf("Satisfies(%s, %s) = %v", c.v, c.req, got)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"1.22.4", "go1.22.4", "1.22", "1.22rc1", "latest", "stable", "go1", "", "1.2.3.4", "go1.21.0-bigcorp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseSpec(s)
		if err != nil {
			return
		}
		// A parsed spec round-trips, and an exact one is a release.
		again, err := ParseSpec(spec.String())
		if err != nil || again != spec {
			t.Fatalf("%q → %+v → %q → %+v %v", s, spec, spec.String(), again, err)
		}
		if spec.Kind == SpecExact && !IsRelease(spec.Version) {
			t.Fatalf("%q: exact %q is not a release", s, spec.Version)
		}
		if strings.ContainsAny(spec.Version, " /\n") {
			t.Fatalf("%q: version %q has junk", s, spec.Version)
		}
	})
}

func FuzzGoVersionFile(f *testing.F) {
	for _, s := range []string{"1.22.4\n", "# c\n\ngo1.21.0\n", "", "\x00", "latest", "1.22\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ParseGoVersionFile(data)
		if err != nil {
			return
		}
		if _, err := ParseSpec(v); err != nil {
			t.Fatalf("%q gave %q which does not parse: %v", data, v, err)
		}
	})
}

func TestSafeFilename(t *testing.T) {
	for name, ok := range map[string]bool{"go1.22.4.linux-amd64.tar.gz": true, "../x.tar.gz": false, "a/b": false,
		"x.tar.gz?checksum=file:http://e": false, "git::x": false, ".hidden": false, "": false, "go%2f.tar.gz": false} {
		if safeFilename(name) != ok {
			t.Errorf("safeFilename(%q) != %v", name, ok)
		}
	}
}
