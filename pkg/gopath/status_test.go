package gopath

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// fixtureHost is a host over a fixture root for the user "me".
func fixtureHost(t *testing.T, tree roots.Tree, env ...string) *host.Host {
	t.Helper()
	h := host.New(roots.Build(t, tree), append([]string{"WSL_DISTRO_NAME=" + roots.WSLDistro, "HOME=/home/me"}, env...))
	h.User = host.User{Name: "me", Home: "/home/me", UID: 1000, GID: 1000}
	return h
}

func TestStatusOnWSLFixtures(t *testing.T) {
	for _, tc := range []struct {
		fixture, gopath string
		ntfs            bool
		fstype, win     string
		verdict         string
	}{
		{"wsl2-9p-fd", "/mnt/c/Users/me/go", true, "9p", `C:\Users\me\go`, Fail},
		{"wsl2-9p-fd-cache5", "/mnt/c/Users/me/go", true, "9p", `C:\Users\me\go`, Fail},
		{"wsl2-9p-virtio", "/mnt/c/Users/me/go", true, "9p", `C:\Users\me\go`, Fail},
		{"wsl2-9p-virtio-admin", "/mnt/c/go", true, "9p", `C:\go`, Fail},
		{"wsl2-virtiofs", "/mnt/d/src/go", true, "virtiofs", `D:\src\go`, Fail},
		{"wsl2-root-slash", "/c/Users/me/go", true, "9p", `C:\Users\me\go`, Fail},
		{"wsl2-subdir", "/home/me/box/go", true, "9p", `C:\Users\me\Box\go`, Warn}, // a mount of a Windows directory: Linux path, NTFS speed
		{"wsl2-unc", "/mnt/share/go", true, "9p", `\\fileserver\Go Share\go`, Fail},
		{"wsl2-docker-desktop", "/mnt/c/Users/me/go", true, "9p", `C:\Users\me\go`, Fail},
		{"wsl1", "/mnt/d/go", true, "drvfs", `D:\go`, Fail},
		{"wsl2-9p-fd", "/home/me/go", false, "ext4", "", OK},
		{"wsl2-automount-off", "/mnt/c/Users/me/go", false, "ext4", "", OK}, // no drive is mounted there
	} {
		t.Run(tc.fixture+tc.gopath, func(t *testing.T) {
			h := fixtureHost(t, roots.WSLFixtures[tc.fixture](), "GOPATH="+tc.gopath)
			rep, err := Status(h, "")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]PathStatus{}
			for _, p := range rep.Paths {
				got[p.Name] = p
			}
			gp := got["GOPATH"]
			if gp.Path != tc.gopath || gp.Source != FromEnv || gp.NTFS != tc.ntfs || gp.FSType != tc.fstype || gp.WindowsPath != tc.win || gp.Verdict != tc.verdict {
				t.Fatalf("GOPATH status %+v, want ntfs=%v %s %q %s", gp, tc.ntfs, tc.fstype, tc.win, tc.verdict)
			}
			if tc.ntfs && gp.Fix == "" {
				t.Fatal("NTFS GOPATH without a fix")
			}
			// The module cache follows GOPATH; the build cache stays in ~/.cache.
			mc := got["GOMODCACHE"]
			if mc.Path != filepath.Join(tc.gopath, "pkg", "mod") || mc.NTFS != tc.ntfs || (tc.ntfs && mc.Verdict != Fail) {
				t.Fatalf("GOMODCACHE %+v", mc)
			}
			if gc := got["GOCACHE"]; gc.Path != "/home/me/.cache/go-build" || gc.NTFS || gc.Verdict != OK {
				t.Fatalf("GOCACHE %+v", gc)
			}
			if rep.Platform == "" || (tc.fixture != "wsl1" && rep.Platform != "wsl2") {
				t.Fatalf("platform %q", rep.Platform)
			}
		})
	}
}

func TestStatusReadsGoEnvFileAndLinks(t *testing.T) {
	// ~/go links to the drive (a common WSL setup); GOCACHE and GOBIN come
	// from go's env file; the module is in a real directory.
	tree := roots.Merge(roots.WSL2(), roots.Tree{
		"/home/me/go":             "->/mnt/c/Users/me/go",
		"/mnt/c/Users/me/go/":     "",
		"/home/me/.config/go/env": "GOCACHE=/mnt/c/cache\nGOBIN=/home/me/bin\n",
	})
	h := fixtureHost(t, tree)
	mod := t.TempDir()
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644)
	os.Mkdir(filepath.Join(mod, "sub"), 0o755)
	rep, err := Status(h, filepath.Join(mod, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		real, source, verdict string
	}{
		"GOPATH":     {"/mnt/c/Users/me/go", FromDefault, Fail},
		"GOMODCACHE": {"/mnt/c/Users/me/go/pkg/mod", FromDefault, Fail},
		"GOCACHE":    {"/mnt/c/cache", FromEnvFile, Fail},
		"GOBIN":      {"/home/me/bin", FromEnvFile, OK},
		"module":     {mod, FromWorkDir, OK},
	}
	for _, p := range rep.Paths {
		w, ok := want[p.Name]
		if !ok {
			t.Fatalf("unexpected path %+v", p)
		}
		if p.Real != w.real || p.Source != w.source || p.Verdict != w.verdict {
			t.Errorf("%s: %+v, want %+v", p.Name, p, w)
		}
		delete(want, p.Name)
	}
	if len(want) > 0 {
		t.Fatalf("missing paths: %v", want)
	}
	if rep.Worst() != Fail {
		t.Fatalf("worst %s", rep.Worst())
	}
}
