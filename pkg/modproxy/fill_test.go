package modproxy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

func testHost(t *testing.T) *host.Host {
	t.Helper()
	home := t.TempDir()
	h := host.New("/", []string{"HOME=" + home})
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	return h
}

func testRunner(h *host.Host) *plan.Runner {
	return &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "proxy fill test"}
}

func fill(t *testing.T, h *host.Host, mirror, app, proxy string) (*plan.Runner, *Report) {
	t.Helper()
	steps, rep, cleanup, err := Plan(context.Background(), h, mirror, Options{Module: app,
		Env: goEnv(t, "GOPROXY="+proxy, "GOSUMDB=off", "GOMODCACHE="+t.TempDir())})
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	r := testRunner(h)
	if _, err := r.Run(context.Background(), steps); err != nil {
		t.Fatal(err)
	}
	return r, rep
}

// The point of the mirror: with the network variables naming only the
// mirror and an empty module cache, the module builds and runs — and
// without the mirror the same build fails.
func TestFillThenBuildOffline(t *testing.T) {
	proxy := newTestProxy(t, testModules)
	app := testApp(t, proxy.URL)
	h := testHost(t)
	mirror := filepath.Join(t.TempDir(), "mirror")
	_, rep := fill(t, h, mirror, app, proxy.URL)
	if rep.Modules != 2 || rep.Verified < 3 {
		t.Errorf("report = %+v; want 2 modules with zips, a and b v1.1.0, and at least 3 verified files", rep)
	}
	for _, f := range []string{"example.com/a/@v/v1.0.0.zip", "example.com/a/@v/v1.0.0.mod", "example.com/b/@v/v1.1.0.zip",
		"example.com/b/@v/v1.1.0.ziphash", "example.com/b/@v/list", "go.sum"} {
		if _, err := os.Stat(filepath.Join(mirror, f)); err != nil {
			t.Errorf("mirror lacks %s", f)
		}
	}
	appSum, _ := os.ReadFile(filepath.Join(app, "go.sum"))
	mirrorSum, _ := os.ReadFile(filepath.Join(mirror, "go.sum"))
	for _, line := range strings.Split(strings.TrimSpace(string(appSum)), "\n") {
		if !strings.Contains(string(mirrorSum), line+"\n") {
			t.Errorf("mirror go.sum lacks the app's %q", line)
		}
	}

	hits := proxy.Hits()
	bin := filepath.Join(t.TempDir(), "app")
	offline := func(proxyURL string) []string {
		return goEnv(t, "GOPROXY="+proxyURL, "GOSUMDB=off", "GOFLAGS=-mod=mod", "GOMODCACHE="+t.TempDir())
	}
	goRun(t, app, offline("file://"+mirror), "build", "-o", bin, ".")
	out, err := runBin(bin)
	if err != nil || strings.TrimSpace(out) != "a+b1.1 b1.1" {
		t.Errorf("built app printed %q, %v", out, err)
	}
	if proxy.Hits() != hits {
		t.Errorf("the offline build asked the network proxy %d times", proxy.Hits()-hits)
	}
	if out, err := goCmd(app, offline("file://"+t.TempDir()), "build", "-o", bin, "."); err == nil {
		t.Errorf("the build succeeded without the mirror:\n%s", out)
	}
}

func TestFillIsIdempotentAndUndoable(t *testing.T) {
	proxy := newTestProxy(t, testModules)
	app := testApp(t, proxy.URL)
	h := testHost(t)
	mirror := filepath.Join(t.TempDir(), "mirror")
	r, _ := fill(t, h, mirror, app, proxy.URL)

	steps, _, cleanup, err := Plan(context.Background(), h, mirror, Options{Module: app,
		Env: goEnv(t, "GOPROXY="+proxy.URL, "GOSUMDB=off", "GOMODCACHE="+t.TempDir())})
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	if needed, _, err := r.Needed(context.Background(), steps); err != nil || len(needed) != 0 {
		t.Fatalf("second fill needs %d steps (%v), want none", len(needed), err)
	}

	mine := filepath.Join(mirror, "mine.txt") // the user's own file in their dir
	write(t, mine, "keep")
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	var left []string
	filepath.Walk(mirror, func(p string, fi os.FileInfo, err error) error {
		if err == nil && p != mirror {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 1 || left[0] != mine {
		t.Errorf("after undo the mirror holds %v; want only the user's own file", left)
	}
}

// A download that does not match go.sum is never mirrored.
func TestFillRefusesChecksumMismatch(t *testing.T) {
	proxy := newTestProxy(t, testModules)
	app := testApp(t, proxy.URL)
	sum, _ := os.ReadFile(filepath.Join(app, "go.sum"))
	lines := strings.Split(string(sum), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "example.com/b v1.1.0 h1:") {
			lines[i] = "example.com/b v1.1.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
		}
	}
	write(t, filepath.Join(app, "go.sum"), strings.Join(lines, "\n"))
	h := testHost(t)
	mirror := filepath.Join(t.TempDir(), "mirror")
	_, _, cleanup, err := Plan(context.Background(), h, mirror, Options{Module: app,
		Env: goEnv(t, "GOPROXY="+proxy.URL, "GOSUMDB=off", "GOMODCACHE="+t.TempDir())})
	cleanup()
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("Plan = %v, want a checksum mismatch", err)
	}
	if _, err := os.Stat(mirror); err == nil {
		t.Error("the mirror was written despite the mismatch")
	}
	if ents, _ := os.ReadDir(h.CacheDir()); len(ents) != 0 {
		t.Errorf("the download was not cleaned up: %v", ents)
	}
}

func TestParseGoSum(t *testing.T) {
	s, err := ParseGoSum([]byte("example.com/b v1.1.0 h1:x=\nexample.com/b v1.1.0/go.mod h1:y=\n\n"))
	if err != nil || s["example.com/b v1.1.0"] != "h1:x=" || s["example.com/b v1.1.0/go.mod"] != "h1:y=" {
		t.Fatalf("ParseGoSum = %v, %v", s, err)
	}
	if _, err := ParseGoSum([]byte("example.com/b v1.1.0\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("short line: %v", err)
	}
	if _, err := ParseGoSum([]byte("m v1 h1:x=\nm v1 h1:y=\n")); err == nil {
		t.Error("conflicting duplicate accepted")
	}
}

func FuzzParseGoSum(f *testing.F) {
	f.Add([]byte("example.com/b v1.1.0 h1:x=\nexample.com/b v1.1.0/go.mod h1:y=\n"))
	f.Add([]byte("a b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseGoSum(data)
		if err != nil {
			return
		}
		again, err := ParseGoSum(s.Format())
		if err != nil || len(again) != len(s) {
			t.Fatalf("Format does not round-trip: %v, %d vs %d", err, len(again), len(s))
		}
		for k, v := range s {
			if again[k] != v {
				t.Fatalf("%q: %q became %q", k, v, again[k])
			}
		}
	})
}
