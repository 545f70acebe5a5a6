package wsl

import (
	"testing"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// load builds a fixture root and reads its mount table and wsl.conf as
// devboot does on a real machine.
func load(t *testing.T, tree roots.Tree) ([]Mount, Conf) {
	t.Helper()
	h := host.New(roots.Build(t, tree), []string{"WSL_DISTRO_NAME=" + roots.WSLDistro})
	mounts, err := LoadMounts(h)
	if err != nil {
		t.Fatalf("LoadMounts: %v", err)
	}
	conf, err := ReadConf(h)
	if err != nil {
		t.Fatalf("ReadConf: %v", err)
	}
	return mounts, conf
}

type wantMount struct {
	point, win, symlinkRoot string
}

func TestFixtureMounts(t *testing.T) {
	notNTFS := []string{"/", "/usr/lib/wsl/drivers", "/init", "/home/me", "/mnt/wsl", "/proc", "/mnt/wsl/docker-desktop/cli-tools"}
	cases := map[string]struct {
		ntfs []wantMount
		root string
	}{
		"wsl1":                 {ntfs: []wantMount{{"/mnt/c", `C:\`, ""}, {"/mnt/d/x", `D:\`, ""}}, root: "/mnt/"},
		"wsl1-subdir":          {ntfs: []wantMount{{"/mnt/c", `C:\`, ""}, {"/mnt/d", `D:\`, ""}, {"/home/me/box/src", `C:\Users\me\Box`, ""}}, root: "/mnt/"},
		"wsl2-9p-fd":           {ntfs: []wantMount{{"/mnt/c/Users", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-9p-fd-cache5":    {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-9p-virtio":       {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-9p-virtio-admin": {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-virtiofs":        {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}, {"/mnt/d/go", `D:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-root-slash":      {ntfs: []wantMount{{"/c", `C:\`, "/"}, {"/d", `D:\`, "/"}}, root: "/"},
		"wsl2-subdir":          {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}, {"/home/me/box", `C:\Users\me\Box`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-unc":             {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}, {"/mnt/share/pkg", `\\fileserver\Go Share`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-docker-desktop":  {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}, {"/Docker/host/bin", `C:\Program Files\Docker\Docker\resources`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-interop-off":     {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-custom-kernel":   {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-systemd":         {ntfs: []wantMount{{"/mnt/c", `C:\`, "/mnt/"}}, root: "/mnt/"},
		"wsl2-automount-off":   {root: "/mnt/"},
	}
	for _, name := range roots.WSLFixtureNames() {
		tc, ok := cases[name]
		if !ok {
			t.Errorf("fixture %s has no expectations here", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			mounts, conf := load(t, roots.WSLFixtures[name]())
			if conf.AutomountRoot != tc.root {
				t.Errorf("automount root = %q, want %q", conf.AutomountRoot, tc.root)
			}
			for _, w := range tc.ntfs {
				m := NTFSMountFor(mounts, w.point)
				if m == nil {
					t.Errorf("%s: not on NTFS (mount %+v)", w.point, MountFor(mounts, w.point))
					continue
				}
				if m.WindowsPath != w.win || m.SymlinkRoot != w.symlinkRoot {
					t.Errorf("%s: Windows path %q symlinkroot %q, want %q %q", w.point, m.WindowsPath, m.SymlinkRoot, w.win, w.symlinkRoot)
				}
			}
			for _, p := range notNTFS {
				if m := NTFSMountFor(mounts, p); m != nil {
					t.Errorf("%s: NTFS via %+v, want a Linux filesystem", p, *m)
				}
			}
			ntfs := 0
			for _, m := range mounts {
				if m.NTFS && !fsutil.Within(m.MountPoint, virtiofsMountDir) {
					ntfs++
				}
			}
			if ntfs != len(tc.ntfs)-dupes(tc.ntfs, mounts) {
				t.Errorf("%d NTFS mounts, want %d", ntfs, len(tc.ntfs))
			}
		})
	}
}

// dupes counts expectations that name the same mount twice.
func dupes(ws []wantMount, mounts []Mount) int {
	seen := map[*Mount]bool{}
	n := 0
	for _, w := range ws {
		m := MountFor(mounts, w.point)
		if seen[m] {
			n++
		}
		seen[m] = true
	}
	return n
}
