package perms

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// A uid/gid no account uses: chown works with any number as root.
const otherUID, otherGID = 54321, 54321

func needRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to create files owned by other users")
	}
}

// userHost is a Host for a (numeric) user otherUID with a fresh home.
func userHost(t *testing.T) *host.Host {
	home := t.TempDir()
	h := host.New("/", []string{"HOME=" + home})
	h.User = host.User{Name: "someone", Home: home, UID: otherUID, GID: otherGID}
	return h
}

// tree makes dir with a file, a subdir, a link, all owned by uid:gid with mode.
func tree(t *testing.T, dir string, uid, gid int, mode fs.FileMode) {
	t.Helper()
	for _, p := range []string{dir, filepath.Join(dir, "sub")} {
		os.MkdirAll(p, 0o755)
	}
	os.WriteFile(filepath.Join(dir, "sub", "f"), []byte("x"), 0o644)
	os.Symlink("sub/f", filepath.Join(dir, "link"))
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		os.Lchown(p, uid, gid)
		if d.Type()&fs.ModeSymlink == 0 {
			m := mode
			if d.IsDir() {
				m |= 0o111
			}
			os.Chmod(p, m)
		}
		return nil
	})
}

// goTree is tree plus what makes a directory a Go tree (bin/go, pkg/tool):
// 8 entries in all.
func goTree(t *testing.T, dir string, uid, gid int, mode fs.FileMode) {
	t.Helper()
	for _, d := range []string{filepath.Join(dir, "bin"), filepath.Join(dir, "pkg", "tool")} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(filepath.Join(dir, "bin", "go"), []byte("#!/bin/sh\n"), 0o755)
	tree(t, dir, uid, gid, mode)
}

// states records owner and mode of every entry under dir.
func states(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		fi, _ := os.Lstat(p)
		st := fi.Sys().(*syscall.Stat_t)
		m[p] = fmt.Sprintf("%d:%d %v", st.Uid, st.Gid, fi.Mode())
		return nil
	})
	return m
}

func fixAndUndo(t *testing.T, h *host.Host, paths Paths, findings []Finding, wantAfter func(p string, uid, gid int, mode fs.FileMode)) {
	t.Helper()
	before := map[string]map[string]string{}
	for _, f := range findings {
		before[f.Path] = states(t, f.Path)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(t.TempDir(), "journal.json"), Command: "test"}
	if _, err := r.Run(context.Background(), FixSteps(findings)); err != nil {
		t.Fatal(err)
	}
	if again := Check(h, paths); len(again) != 0 {
		t.Fatalf("after the fix: %+v", again)
	}
	for _, f := range findings {
		filepath.WalkDir(f.Path, func(p string, d fs.DirEntry, err error) error {
			uid, gid, mode, _ := lstat(p)
			wantAfter(p, uid, gid, mode)
			return nil
		})
	}
	// The journal, read back from disk, undoes every change.
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for dir, b := range before {
		after := states(t, dir)
		for p, v := range b {
			if after[p] != v {
				t.Errorf("undo: %s is %s, was %s", p, after[p], v)
			}
		}
	}
}

// A system-wide Go tree (outside the home) with user-owned, group-writable
// entries under a root-owned top is given back to root, read-only for others.
func TestSystemGOROOTWithUserEntries(t *testing.T) {
	needRoot(t)
	h := userHost(t)
	goroot := filepath.Join(t.TempDir(), "go")
	goTree(t, goroot, 0, 0, 0o644)
	tree(t, filepath.Join(goroot, "src"), otherUID, otherGID, 0o644) // src, src/sub, src/sub/f, src/link
	os.Chmod(filepath.Join(goroot, "src", "sub"), 0o777)
	paths := Paths{GOROOT: goroot}
	fs := Check(h, paths)
	if len(fs) != 1 || fs[0].Check != CheckGOROOTWritable || fs[0].Count != 4 || fs[0].Manual {
		t.Fatalf("%+v", fs)
	}
	fixAndUndo(t, h, paths, fs, func(p string, uid, gid int, mode os.FileMode) {
		if uid != 0 || gid != 0 || mode&os.ModeSymlink == 0 && mode.Perm()&0o022 != 0 {
			t.Errorf("after fix %s is %d:%d %v", p, uid, gid, mode)
		}
	})
}

// A Go tree outside the home whose top belongs to a user is that user's
// install: reported with the command to run, never changed by FixSteps.
func TestSystemGOROOTOfAUserIsOnlyReported(t *testing.T) {
	needRoot(t)
	h := userHost(t)
	goroot := filepath.Join(t.TempDir(), "go")
	goTree(t, goroot, otherUID, otherGID, 0o666)
	fs := Check(h, Paths{GOROOT: goroot})
	if len(fs) != 1 || !fs[0].Manual || !strings.Contains(fs[0].Fix, "chown -R root:root "+goroot) {
		t.Fatalf("want one manual finding naming the command: %+v", fs)
	}
	if steps := FixSteps(fs); len(steps) != 0 {
		t.Fatalf("FixSteps would change a user's own tree: %d steps", len(steps))
	}
}

// A GOROOT that is no Go tree (GOROOT=/tmp, a deleted toolchain) is never
// judged, so --fix cannot chown or chmod whatever happens to live there.
func TestNotAGoTreeIsNeverTouched(t *testing.T) {
	needRoot(t)
	h := userHost(t)
	dir := filepath.Join(t.TempDir(), "not-go")
	tree(t, dir, otherUID, otherGID, 0o777)
	if fs := Check(h, Paths{GOROOT: dir}); len(fs) != 0 {
		t.Fatalf("a directory without bin/go and pkg/tool was judged as GOROOT: %+v", fs)
	}
}

func TestSystemGOROOTRootOwnedIsFine(t *testing.T) {
	needRoot(t)
	h := userHost(t)
	goroot := filepath.Join(t.TempDir(), "go")
	goTree(t, goroot, 0, 0, 0o644)
	if fs := Check(h, Paths{GOROOT: goroot}); len(fs) != 0 {
		t.Fatalf("root-owned 0755 GOROOT flagged: %+v", fs)
	}
}

func TestDevbootToolchainMadeReadOnly(t *testing.T) {
	h := userHost(t)
	tc := filepath.Join(h.DataDir(), "toolchains", "go1.2.3")
	goTree(t, tc, os.Getuid(), os.Getgid(), 0o644)
	os.Symlink(tc, filepath.Join(h.DataDir(), "current"))
	paths := Paths{GOROOT: filepath.Join(h.DataDir(), "current")}
	fs := Check(h, paths)
	if len(fs) != 1 || fs[0].Check != CheckToolchainWritable || fs[0].UID != -1 {
		t.Fatalf("%+v", fs)
	}
	fixAndUndo(t, h, paths, fs, func(p string, uid, gid int, mode os.FileMode) {
		if mode&os.ModeSymlink == 0 && mode.Perm()&0o222 != 0 {
			t.Errorf("after fix %s is %v", p, mode)
		}
	})
}

// TestRootOwnedInHomeAfterSudo: root-owned files in GOPATH are given back to
// the user; a link pointing outside is changed itself, never its target.
func TestRootOwnedInHomeAfterSudo(t *testing.T) {
	needRoot(t)
	h := userHost(t)
	gopath := filepath.Join(h.User.Home, "go")
	tree(t, gopath, otherUID, otherGID, 0o644)
	os.MkdirAll(filepath.Join(gopath, "pkg", "mod", "cache"), 0o755)
	os.WriteFile(filepath.Join(gopath, "pkg", "mod", "cache", "lock"), nil, 0o444) // as root ran go
	outside := filepath.Join(t.TempDir(), "outside")
	os.WriteFile(outside, []byte("x"), 0o644)
	os.Symlink(outside, filepath.Join(gopath, "to-outside"))
	paths := Paths{Owned: []string{gopath, filepath.Join(h.User.Home, "missing")}}
	fs := Check(h, paths)
	if len(fs) != 1 || fs[0].Check != CheckNotOwned || fs[0].Count != 5 {
		t.Fatalf("%+v", fs)
	}
	fixAndUndo(t, h, paths, fs, func(p string, uid, gid int, mode os.FileMode) {
		if uid != otherUID || gid != otherGID {
			t.Errorf("after fix %s is %d:%d", p, uid, gid)
		}
	})
	if uid, _, _, _ := lstat(outside); uid != 0 {
		t.Fatalf("the fix followed a link out of GOPATH: %s now owned by %d", outside, uid)
	}
}

func TestDefaultPaths(t *testing.T) {
	h := userHost(t)
	cfg := filepath.Join(h.User.Home, ".config", "go")
	os.MkdirAll(cfg, 0o755)
	os.WriteFile(filepath.Join(cfg, "env"), []byte("GOMODCACHE=/srv/modcache\n"), 0o644)
	e := goenv.Env{Toolchain: "/usr/local/go", GOPATH: "/a:/b"}
	p := DefaultPaths(h, e)
	want := []string{"/a", "/b", "/srv/modcache", filepath.Join(h.User.Home, ".cache", "go-build"), h.DataDir(), h.CacheDir(), cfg}
	for _, w := range want {
		if !slices.Contains(p.Owned, w) {
			t.Errorf("%s missing from %q", w, p.Owned)
		}
	}
	if p.GOROOT != "/usr/local/go" {
		t.Errorf("GOROOT %q", p.GOROOT)
	}
}
