package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/roots"
)

// runWith runs devboot in-process with its own environment.
func runWith(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut, env)
	return code, out.String(), errOut.String()
}

// driveTree makes base/mnt/c the fixture's drive C: and a tree on it with
// a Windows-form link, a drive-path link, a relative one and one to D:.
func driveTree(t *testing.T) (fixture, dir string, env []string) {
	t.Helper()
	base := t.TempDir()
	dir = filepath.Join(base, "mnt", "c", "work")
	roots.Write(t, "/", roots.Tree{
		dir + "/a/file": "x",
		dir + "/win":    `->C:\work\a\file`,
		dir + "/a/abs":  "->" + dir + "/a/file",
		dir + "/rel":    "->a/file",
		dir + "/d":      `->D:\data`,
	})
	fixture = roots.Build(t, roots.WSL2(roots.AutomountRoot(filepath.Join(base, "mnt")+"/")))
	home := filepath.Join(base, "home")
	os.MkdirAll(home, 0o755)
	return fixture, dir, []string{"HOME=" + home, "PATH=/usr/bin:/bin", "WSL_DISTRO_NAME=" + roots.WSLDistro}
}

func TestSymlinksRewriteRestoreCLI(t *testing.T) {
	fixture, dir, env := driveTree(t)
	targets := func() map[string]string {
		m := map[string]string{}
		for _, p := range []string{"win", "a/abs", "rel", "d"} {
			m[p], _ = os.Readlink(filepath.Join(dir, p))
		}
		return m
	}
	before := targets()

	code, out, errOut := runWith(t, env, "--root", fixture, "symlinks", "rewrite", "--dry-run", dir)
	if code != 0 || !strings.Contains(out, `win: C:\work\a\file -> a/file`) || !strings.Contains(out, "a/abs: "+dir+"/a/file -> file") || !strings.Contains(out, "unresolvable: d") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if got := targets(); got["win"] != before["win"] || got["a/abs"] != before["a/abs"] {
		t.Fatal("dry run changed a link")
	}

	code, out, errOut = runWith(t, env, "--root", fixture, "--json", "symlinks", "rewrite", dir)
	var res struct {
		Scan struct {
			Rewrite, Unresolvable []struct{ Path, New string }
			Relative              int
		}
		Result struct{ Steps []struct{ Status string } }
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Scan.Rewrite) != 2 || len(res.Scan.Unresolvable) != 1 || res.Scan.Relative != 1 || res.Result.Steps[0].Status != "applied" {
		t.Fatalf("rewrite: exit %d\n%s%s", code, out, errOut)
	}
	got := targets()
	if got["win"] != "a/file" || got["a/abs"] != "file" || got["rel"] != before["rel"] || got["d"] != before["d"] {
		t.Fatalf("after rewrite: %v", got)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "win")); err != nil || string(b) != "x" {
		t.Fatalf("rewritten link does not resolve: %v", err)
	}

	// A second rewrite finds nothing left to do.
	if code, out, _ := runWith(t, env, "--root", fixture, "symlinks", "rewrite", dir); code != 0 || !strings.Contains(out, "0 to rewrite") {
		t.Fatalf("second rewrite: %d %s", code, out)
	}
	// restore of another directory touches nothing; of DIR puts all back.
	other := t.TempDir()
	if code, out, _ := runWith(t, env, "symlinks", "restore", other); code != 0 || !strings.Contains(out, "nothing to restore") {
		t.Fatalf("restore elsewhere: %d %s", code, out)
	}
	if code, out, errOut := runWith(t, env, "symlinks", "restore", dir); code != 0 || !strings.Contains(out, "undone") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if got := targets(); got["win"] != before["win"] || got["a/abs"] != before["a/abs"] {
		t.Fatalf("after restore: %v, want %v", got, before)
	}
}

func TestSymlinksBadDirExits2(t *testing.T) {
	_, _, env := driveTree(t)
	if code, _, errOut := runWith(t, env, "symlinks", "rewrite", filepath.Join(t.TempDir(), "none")); code != 2 || !strings.Contains(errOut, "existing directory") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// On a machine without drive mounts, the scan still runs and reports
// Windows-form targets, rewriting nothing.
func TestSymlinksRewriteWithoutDrives(t *testing.T) {
	dir := t.TempDir()
	os.Symlink(`C:\x`, filepath.Join(dir, "w"))
	os.Symlink("/mnt/c/x", filepath.Join(dir, "m"))
	bare := roots.Build(t, roots.Tree{"/proc/self/mountinfo": "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"})
	code, out, errOut := runWith(t, []string{"HOME=" + gohome.New(t)}, "--root", bare, "symlinks", "rewrite", dir)
	if code != 0 || !strings.Contains(out, "2 symlinks: 0 to rewrite") || !strings.Contains(out, `unresolvable: w -> C:\x`) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if got, _ := os.Readlink(filepath.Join(dir, "w")); got != `C:\x` {
		t.Fatal("link changed")
	}
}
