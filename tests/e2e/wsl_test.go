package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/roots"
)

// ntfsGopath is the GOPATH a WSL2 user set with `go env -w` on drive C:,
// which the fixture mount table says is 9p with aname=drvfs.
func ntfsGopath(base string) string { return filepath.Join(base, "mnt", "c", "Users", "me", "go") }

// wsl2 is a WSL2 machine whose drive C: is base/mnt/c, a real directory.
func wsl2(base string) roots.Tree {
	return roots.Merge(roots.WSL2(roots.AutomountRoot(filepath.Join(base, "mnt")+"/")), systemGo)
}

// writeNTFSGopath fills drive C: with a GOPATH holding links of the kinds
// Windows tools leave there.
func writeNTFSGopath(t *testing.T, gopath string) {
	src := filepath.Join(gopath, "src")
	roots.Write(t, "/", roots.Tree{
		src + "/shared/util/util.go": "package util\n\nfunc Answer() int { return 42 }\n",
		src + "/hello/go.mod":        "module example.com/hello\n\ngo 1.22\n",
		src + "/hello/main.go":       "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/hello/util\"\n)\n\nfunc main() { fmt.Println(util.Answer()) }\n",
		src + "/hello/util":          "->" + src + "/shared/util", // a junction, as WSL2 reads it back
		src + "/win":                 `->C:\Users\me\go\src\shared`,
		src + "/rel":                 "->shared/util",
	})
}

func TestWSL2WithNTFSGopath(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	m := newMachine(t, wsl2)
	gopath := ntfsGopath(filepath.Dir(filepath.Dir(m.home)))
	writeNTFSGopath(t, gopath)
	m.env = append(m.env, "WSL_DISTRO_NAME="+roots.WSLDistro)
	// The user pointed GOPATH at the Windows drive, as `go env -w` does.
	writeFile(t, filepath.Join(m.home, ".config/go/env"), "GOPATH="+gopath+"\n")
	links := linkTargets(t, gopath)
	target := filepath.Join(m.home, "go")

	roundTrip(t, m, systemVersion(t), checks{afterUp: func() {
		if !mounted(t, target) {
			t.Fatalf("up did not bind-mount the NTFS GOPATH on %s", target)
		}
		// Inside the bind target, the Windows-form links now resolve there.
		for _, l := range []string{"src/win", "src/hello/util"} {
			real, err := filepath.EvalSymlinks(filepath.Join(target, l))
			if err != nil || !strings.HasPrefix(real, target+"/") {
				t.Errorf("%s resolves to %q (%v), want inside %s", l, real, err, target)
			}
		}
		out := m.loginShell("go env GOPATH GOMODCACHE; cd ~/go/src/hello && go build -o /dev/null . && echo built")
		if !strings.HasPrefix(out, target+"\n") || strings.Contains(out, "/mnt/c/") || !strings.HasSuffix(out, "built\n") {
			t.Errorf("login shell after up:\n%s", out)
		}
	}})
	if mounted(t, target) {
		t.Errorf("%s is still mounted after down", target)
	}
	if after := linkTargets(t, gopath); !equalMaps(links, after) {
		t.Errorf("links in the NTFS GOPATH after down:\n%v\nwant\n%v", after, links)
	}
}

func mounted(t *testing.T, p string) bool {
	t.Helper()
	ms, err := mountinfo.GetMounts(mountinfo.SingleEntryFilter(p))
	if err != nil {
		t.Fatal(err)
	}
	return len(ms) > 0
}

// linkTargets maps every link under dir to its target.
func linkTargets(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, e := range snapshot(t, dir) {
		if e.Link != "" {
			out[p] = e.Link
		}
	}
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
