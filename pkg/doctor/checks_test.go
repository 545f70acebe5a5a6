package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

func TestGoPath(t *testing.T) {
	t.Parallel()
	t.Run("no go", func(t *testing.T) {
		fx := healthy(t)
		fx.h.Env["PATH"] = "/usr/bin"
		r := fx.run()
		want(t, r, "go.path", Fail, "no go command on PATH")
		want(t, r, "go.project", Fail, "no working go")
	})
	t.Run("shadowed", func(t *testing.T) {
		fx := healthy(t)
		old := map[string]string{"GOVERSION": "go1.19.2", "GOROOT": "/usr/lib/go-1.19"}
		fx.writeGo("/usr/lib/go-1.19/bin/go", old, 0)
		roots.Write(t, fx.root, roots.Tree{"/usr/local/bin/go": "->/usr/lib/go-1.19/bin/go"})
		fx.h.Env["PATH"] = "/usr/local/bin:/opt/go/bin:/usr/bin"
		r := fx.run()
		c := want(t, r, "go.path", Warn, "/usr/local/bin/go (go1.19.2)", "shadows 1 other")
		ev := strings.Join(c.Evidence, "\n")
		if !strings.Contains(ev, "1. /usr/local/bin/go -> /usr/lib/go-1.19/bin/go: go1.19.2") || !strings.Contains(ev, "2. /opt/go/bin/go: go1.22.4, GOROOT /opt/go") {
			t.Errorf("evidence:\n%s", ev)
		}
		// The old go is too old for the project (go 1.22), and GOTOOLCHAIN=local.
		want(t, r, "go.project", Fail, "go1.19.2 is older than the go line")
	})
	t.Run("not devboot's active toolchain", func(t *testing.T) {
		fx := healthy(t)
		tc := filepath.Join(fx.h.DataDir(), "toolchains", "go1.23.1")
		fx.writeGo(strings.TrimPrefix(tc, fx.root)+"/bin/go", map[string]string{"GOVERSION": "go1.23.1", "GOROOT": tc}, 0)
		if err := os.Symlink(tc, filepath.Join(fx.h.DataDir(), "current")); err != nil {
			t.Fatal(err)
		}
		want(t, fx.run(), "go.path", Warn, "not devboot's active toolchain go1.23.1")
		// With the active toolchain's bin first, its go runs: ok. (Not via
		// current/bin here: current's absolute target is a real path, which
		// a --root fixture cannot follow.)
		fx.h.Env["PATH"] = strings.TrimPrefix(tc, fx.root) + "/bin:/usr/bin"
		want(t, fx.run(), "go.path", OK, "go1.23.1")
	})
	t.Run("broken first go", func(t *testing.T) {
		fx := healthy(t)
		fx.writeGo("/opt/go/bin/go", nil, 2)
		want(t, fx.run(), "go.path", Fail, "broken", "cannot find GOROOT")
	})
}

func TestProject(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	roots.Write(t, fx.root, roots.Tree{"/home/u/project/go.mod": "module example.com/p\n\ngo 1.23.0\n"})
	want(t, fx.run(), "go.project", Fail, "go1.22.4 is older than the go line", "go1.23.0")
	fx.h.Env["GOTOOLCHAIN"] = "auto"
	want(t, fx.run(), "go.project", Warn, "downloads")
	roots.Write(t, fx.root, roots.Tree{"/home/u/project/go.mod": "module example.com/p\n\ngo 1.21\n\ntoolchain go1.22.9\n"})
	want(t, fx.run(), "go.project", Warn, "prefers go1.22.9")
	fx.h.Env["GOTOOLCHAIN"] = "go1.22.9"
	want(t, fx.run(), "go.project", OK, "pins")
}

func TestGOROOT(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	if err := os.RemoveAll(fx.path("/opt/go/pkg")); err != nil {
		t.Fatal(err)
	}
	r := fx.run()
	want(t, r, "env.goroot", Fail, "not a complete Go tree", "pkg/")
	// The checks that read the tree or its go.env name the cause, not a
	// follow-on symptom (an empty GOSUMDB from a missing go.env).
	for _, id := range []string{"perms.goroot", "net.goproxy", "net.gosumdb"} {
		want(t, r, id, Warn, "skipped", "env.goroot")
	}

	fx = healthy(t)
	roots.Write(t, fx.root, roots.Tree{"/usr/lib/go-1.19/src/": "", "/usr/lib/go-1.19/pkg/": "", "/usr/lib/go-1.19/bin/": ""})
	fx.h.Env["GOROOT"] = "/usr/lib/go-1.19"
	fx.set("GOROOT", "/usr/lib/go-1.19")
	want(t, fx.run(), "env.goroot", Fail, "GOROOT=/usr/lib/go-1.19", "belongs to /opt/go")
}

func TestGOBIN(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOBIN", "/opt/go/bin").run(), "env.gobin", Fail, "inside GOROOT")
	want(t, healthy(t).set("GOBIN", "bin").run(), "env.gobin", Fail, "relative")
	want(t, healthy(t).set("GOBIN", "/home/u/.local/bin").run(), "env.gobin", OK)
}

func TestGOPATH(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOPATH", "/opt/go").run(), "env.gopath", Fail, "is GOROOT")
	want(t, healthy(t).set("GOPATH", "/opt/go/gopath").run(), "env.gopath", Fail, "inside GOROOT")
	want(t, healthy(t).set("GOPATH", "~/go").run(), "env.gopath", Fail, "relative")
	c := want(t, healthy(t).set("GOPATH", "/home/u/go:/home/u/gone").run(), "env.gopath", Warn, "do not exist")
	if !strings.Contains(strings.Join(c.Evidence, " "), "/home/u/gone does not exist") {
		t.Errorf("evidence %v", c.Evidence)
	}
}

func TestCaches(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOCACHE", "off").run(), "env.caches", Fail, "GOCACHE=off")

	// Another user's root-owned module cache.
	fx := healthy(t)
	fx.h.User.UID, fx.h.User.GID = 4321, 4321
	want(t, fx.run(), "env.caches", Fail, "GOMODCACHE /home/u/go/pkg/mod is not writable", "owner uid 0")

	// A read-only mount under the cache.
	fx = healthy(t)
	roots.Write(t, fx.root, roots.Tree{"/proc/self/mountinfo": ext4Root + "40 22 0:40 / /home/u/.cache ro,nosuid - tmpfs tmpfs ro\n"})
	want(t, fx.run(), "env.caches", Fail, "GOCACHE", "read-only mount")
}

func TestGOFLAGS(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOFLAGS", "-trimpath foo").run(), "env.goflags", Fail, "non-flag")
	want(t, healthy(t).set("GOFLAGS", "-nosuchflag").run(), "env.goflags", Fail, "unknown flag")
	want(t, healthy(t).set("GOFLAGS", "-mod=bogus").run(), "env.goflags", Fail, "-mod=bogus")
	want(t, healthy(t).set("GOFLAGS", "-mod=vendor").run(), "env.goflags", Warn, "no vendor directory")
	want(t, healthy(t).set("GOFLAGS", "-trimpath -tags=netgo -ldflags=-s").run(), "env.goflags", OK)
}

func TestGOROOTWritable(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	if err := os.Chmod(fx.path("/opt/go/src"), 0o777); err != nil {
		t.Fatal(err)
	}
	c := want(t, fx.run(), "perms.goroot", Warn, "writable", fx.path("/opt/go/src"))
	if !c.Fixable {
		t.Fatal("perms fix steps not offered")
	}
}

func TestOwnership(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	// The fixture's files belong to root (tests run as root); the user
	// devboot works for is someone else, as after `sudo go get`.
	fx.h.User.UID, fx.h.User.GID, fx.h.User.Name = 4321, 4321, "u"
	c := want(t, fx.run(), "perms.owner", Fail, "belong to another user", fx.path("/home/u/go"))
	if !c.Fixable || !strings.Contains(c.Fix, "chown -R 4321:4321") {
		t.Fatalf("fix %q fixable %v", c.Fix, c.Fixable)
	}
}

// wsl2Mounts is a WSL2 mount table: ext4 root, C: over 9p.
const wsl2Mounts = ext4Root + `72 22 0:52 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=262144,trans=virtio
`

func TestNTFS(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	roots.Write(t, fx.root, roots.Tree{"/proc/self/mountinfo": wsl2Mounts, "/mnt/c/Users/u/go/": ""})
	fx.set("GOPATH", "/mnt/c/Users/u/go")
	fx.h.Env["GOPATH"] = "/mnt/c/Users/u/go"
	c := want(t, fx.run(), "fs.ntfs", Fail, "GOPATH /mnt/c/Users/u/go is on /mnt/c (9p)")
	if !strings.Contains(c.Fix, "devboot gopath fix") || !strings.Contains(strings.Join(c.Evidence, ""), "NTFS") {
		t.Errorf("fix %q evidence %v", c.Fix, c.Evidence)
	}
	// Only GOBIN on NTFS: the tools run, slowly; go's own directories are fine.
	fx = healthy(t)
	roots.Write(t, fx.root, roots.Tree{"/proc/self/mountinfo": wsl2Mounts})
	fx.h.Env["GOBIN"] = "/mnt/c/bin"
	want(t, fx.run(), "fs.ntfs", Warn, "GOBIN /mnt/c/bin")
}

func TestCaseSensitivity(t *testing.T) {
	t.Parallel()
	// The probe itself, on this machine's real (case-sensitive) filesystem.
	if ci, err := caseInsensitive(t.TempDir()); err != nil || ci {
		t.Fatalf("a Linux temp dir reported case-insensitive=%v (%v)", ci, err)
	}
	// No case-insensitive filesystem can be mounted here (the kernel has no
	// CONFIG_UNICODE casefold and there is no vfat), so the verdict is
	// driven by a probe that answers as NTFS with case=off would.
	fx := healthy(t)
	r, err := Gather(t.Context(), fx.h, fx.opts)
	if err != nil {
		t.Fatal(err)
	}
	var probed []string
	r.CaseInsensitive = func(dir string) (bool, error) {
		probed = append(probed, dir)
		return strings.HasSuffix(dir, "/home/u/go"), nil
	}
	want(t, Evaluate(r, nil), "fs.case", Fail, "GOPATH[0] /home/u/go is case-insensitive")
	if len(probed) == 0 || probed[0] != fx.path("/home/u/go") {
		t.Errorf("probed %v", probed)
	}
	// The real probe leaves nothing behind.
	entries, _ := os.ReadDir(fx.path("/home/u/go"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".devboot-case-") {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestGOPROXYSyntax(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOPROXY", "ftp://mirror.example.com").run(), "net.goproxy", Fail, "only https, http and file")
	want(t, healthy(t).set("GOPROXY", "none").run(), "net.goproxy", Fail, "neither off, direct")
	want(t, healthy(t).set("GOPROXY", "direct,https://proxy.golang.org").run(), "net.goproxy", Fail, "never used")
	want(t, healthy(t).set("GOPROXY", "off").run(), "net.goproxy", Warn, "GOPROXY=off")
	want(t, healthy(t).set("GOPROXY", "https://a.example.com|proxy.golang.org,direct").run(), "net.goproxy", OK, "3 valid entries")
	entries, problems := parseGOPROXY("https://a.example.com|proxy.golang.org,,direct")
	if len(problems) != 0 || len(entries) != 3 || entries[0].sep != '|' || entries[1].url != "https://proxy.golang.org" || entries[2].raw != "direct" {
		t.Fatalf("parsed %+v %v", entries, problems)
	}
}

func TestGOSUMDB(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOSUMDB", "off").run(), "net.gosumdb", Warn, "GOSUMDB=off")
	want(t, healthy(t).set("GOSUMDB", "sum.example.com").run(), "net.gosumdb", Fail, "names no key")
	want(t, healthy(t).set("GOSUMDB", "sum.example.com+badkey").run(), "net.gosumdb", Fail, "invalid")
	want(t, healthy(t).set("GOSUMDB", "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.example.com").run(), "net.gosumdb", OK)
}

func TestPatterns(t *testing.T) {
	t.Parallel()
	want(t, healthy(t).set("GOPRIVATE", "github.com/me/*,[abc").run(), "net.patterns", Fail, "GOPRIVATE pattern \"[abc\"")
	want(t, healthy(t).set("GONOSUMDB", "https://git.corp.example.com").run(), "net.patterns", Fail, "URL")
	want(t, healthy(t).set("GOPRIVATE", "*.corp.example.com,github.com/me").run(), "net.patterns", OK)
}

func TestVCS(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	if err := os.Remove(fx.path("/usr/bin/git")); err != nil {
		t.Fatal(err)
	}
	want(t, fx.run(), "net.vcs", OK)
	want(t, fx.set("GOPROXY", "direct").run(), "net.vcs", Fail, "no git")
	want(t, fx.set("GOPROXY", "https://proxy.golang.org").set("GOPRIVATE", "github.com/me").run(), "net.vcs", Warn, "private")
}

func TestShellBlocks(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	if err := os.Remove(filepath.Join(fx.h.User.Home, ".bashrc")); err != nil {
		t.Fatal(err)
	}
	c := want(t, fx.run(), "shell.blocks", Warn, ".bashrc: block missing")
	if !c.Fixable || len(c.Steps) == 0 {
		t.Fatal("no install steps offered")
	}
	// Broken markers are the user's to fix.
	roots.Write(t, fx.root, roots.Tree{"/home/u/.bashrc": "# >>> devboot >>>\nexport X=1\n"})
	c = want(t, fx.run(), "shell.blocks", Fail, "broken")
	if c.Fixable {
		t.Error("a broken block must not be rewritten automatically")
	}
}

func TestEnvironmentD(t *testing.T) {
	t.Parallel()
	fx := healthy(t)
	fx.opts.Detect.SystemdUser = true
	roots.Write(t, fx.root, roots.Tree{"/run/systemd/system/": "", "/usr/lib/systemd/": ""})
	r := fx.run()
	c := want(t, r, "shell.environmentd", Warn, "environment.d")
	if len(c.Steps) == 0 {
		t.Fatal("no install steps offered")
	}
	fx.installShellBlocks()
	want(t, fx.run(), "shell.environmentd", OK)
}

func FuzzParseGOPROXY(f *testing.F) {
	for _, s := range []string{"https://proxy.golang.org,direct", "a.example|b.example,off", "ftp://x", ",,|", "file:///srv/mod"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries, problems := parseGOPROXY(s)
		for _, e := range entries {
			if e.raw == "" || strings.ContainsAny(e.raw, ",|") {
				t.Fatalf("%q gave entry %+v", s, e)
			}
			if e.url == "" && e.raw != "off" && e.raw != "direct" && len(problems) == 0 {
				t.Fatalf("%q: entry %q neither keyword nor URL, yet no problem", s, e.raw)
			}
		}
	})
}
