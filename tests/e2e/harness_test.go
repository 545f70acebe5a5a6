// Package e2e runs the built devboot binary end to end, in fresh temporary
// homes over fixture roots: up, a real login shell, up again (nothing may
// change), down (everything back as before), interrupted ups, --dry-run.
package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	// Imported so that go test's cache sees every package the binary is
	// built from (the build itself runs in a subprocess it cannot see).
	_ "github.com/devboot/devboot/pkg/up"
	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/roots"
)

// binEnv carries the built binary's path into mount-namespace children,
// which re-run this test binary and must not build again.
const binEnv = "DEVBOOT_E2E_BIN"

var devbootBin string

func TestMain(m *testing.M) {
	if p := os.Getenv(binEnv); p != "" {
		devbootBin = p
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "devboot-e2e-")
	if err != nil {
		panic(err)
	}
	devbootBin = filepath.Join(dir, "devboot")
	statCmdSources()
	cmd := exec.Command(goCmd(), "build", "-o", devbootBin, "github.com/devboot/devboot/cmd/devboot")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building devboot: %v\n%s", err, out)
		os.Exit(1)
	}
	os.Setenv(binEnv, devbootBin)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// statCmdSources stats cmd/devboot's files, which go test's cache then
// takes into account (the package cannot be imported: it is main).
func statCmdSources() {
	ents, _ := os.ReadDir("../../cmd/devboot")
	for _, e := range ents {
		os.Stat(filepath.Join("../../cmd/devboot", e.Name()))
	}
}

// goCmd is the go that runs these tests.
func goCmd() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// machine is one fresh host: a fixture root for probes, a temporary home,
// and a module to build.
type machine struct {
	t    *testing.T
	root string
	home string
	mod  string
	env  []string // devboot's environment (extra entries appended by tests)
}

// unreachable is a download index URL nothing answers on: "no network".
const unreachable = "http://127.0.0.1:9/dl/"

// newMachine builds a machine from a fixture tree. The home, the module
// and the system Go are reachable through the fixture root too, as on a
// real host, through read-only bind mounts: the test must run in a private
// mount namespace (mountns.Enter).
// fixture makes the tree of a fixture root; base is the machine's
// temporary directory, for fixtures that name real paths in it.
type fixture func(base string) roots.Tree

func newMachine(t *testing.T, fx fixture) *machine {
	t.Helper()
	base := t.TempDir()
	tree := fx(base)
	m := &machine{t: t, root: filepath.Join(base, "root"), home: filepath.Join(base, "home", "dev"), mod: filepath.Join(base, "src", "hello")}
	for _, d := range []string{m.root, m.home, m.mod} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tree = roots.Merge(tree, roots.Tree{m.home: "->" + m.home, m.mod: "->" + m.mod})
	// A path the fixture links to itself ("/usr/local/go": "->/usr/local/go")
	// is the machine's own, seen under the root through a bind mount: links
	// inside a root never lead out of it, as on a real chroot.
	var binds []string
	for p, v := range tree {
		if v == "->"+p {
			delete(tree, p)
			tree[p+"/"] = ""
			binds = append(binds, p)
		}
	}
	roots.Write(t, m.root, tree)
	if !mountns.Inside(t) {
		t.Fatal("newMachine binds the machine's paths into the fixture root: start the test with mountns.Enter")
	}
	for _, p := range binds {
		bindReadOnly(t, p, filepath.Join(m.root, p))
	}
	writeFile(t, filepath.Join(m.mod, "go.mod"), "module example.com/hello\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(m.mod, "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello from devboot\") }\n")
	// A user's existing shell files: devboot must keep them byte for byte.
	writeFile(t, filepath.Join(m.home, ".bashrc"), "# my bashrc\nalias ll='ls -l'\n")
	writeFile(t, filepath.Join(m.home, ".profile"), "# my profile\nexport EDITOR=vi\n")
	m.env = []string{
		"HOME=" + m.home,
		"PATH=/usr/bin:/bin",
		"SHELL=/bin/bash",
		"USER=root",
		"DEVBOOT_ROOT=" + m.root,
		"DEVBOOT_GO_DL=" + unreachable,
	}
	return m
}

// bindReadOnly mounts src on dst, read-only, until the test ends. The
// unmount is registered after the test's temporary directories, so it runs
// before their removal: RemoveAll must never walk into src (the machine's
// own /usr/local/go); read-only makes that impossible even if it did.
func bindReadOnly(t *testing.T, src, dst string) {
	t.Helper()
	if err := unix.Mount(src, dst, "", unix.MS_BIND, ""); err != nil {
		t.Fatalf("bind %s into the fixture root: %v", src, err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dst, unix.MNT_DETACH); err != nil {
			panic(fmt.Sprintf("cannot unmount %s (a bind of %s): removing the test's files now would delete it: %v", dst, src, err))
		}
	})
	if err := unix.Mount("", dst, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("make the bind of %s read-only: %v", src, err)
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// result of one devboot run.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs devboot in the module directory with the machine's environment
// plus extra entries.
func (m *machine) run(extra []string, args ...string) result {
	m.t.Helper()
	cmd := exec.Command(devbootBin, args...)
	cmd.Dir = m.mod
	cmd.Env = append(append([]string(nil), m.env...), extra...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	m.t.Logf("devboot %s: %v", strings.Join(args, " "), time.Since(start))
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
		if code < 0 {
			code = -1 // killed by a signal
		}
	} else if err != nil {
		m.t.Fatal(err)
	}
	return result{code, out.String(), errOut.String()}
}

// must runs devboot and fails the test unless it exits 0.
func (m *machine) must(args ...string) result {
	m.t.Helper()
	r := m.run(nil, args...)
	if r.code != 0 {
		m.t.Fatalf("devboot %s: %s", strings.Join(args, " "), r)
	}
	return r
}

// loginShell runs script in a real bash login shell that starts with
// nothing but HOME and a minimal PATH, as a new terminal would. The build
// cache is the test runner's, so building does not recompile the
// standard library in every fresh home. go's telemetry goes to a scratch
// config dir (GOENV still names the home's env file, go's default): go
// leaves a detached child writing there after it exits, which would race
// with the snapshots.
func (m *machine) loginShell(script string) string {
	m.t.Helper()
	cache, err := exec.Command(goCmd(), "env", "GOCACHE").Output()
	if err != nil {
		m.t.Fatal(err)
	}
	cmd := exec.Command("env", "-i", "HOME="+m.home, "PATH=/usr/bin:/bin", "TERM=dumb", "USER=root",
		"XDG_CONFIG_HOME="+m.t.TempDir(), "GOENV="+filepath.Join(m.home, ".config/go/env"),
		"GOCACHE="+strings.TrimSpace(string(cache)), "bash", "-lc", script)
	cmd.Dir = m.mod
	out, err := cmd.CombinedOutput()
	if err != nil {
		m.t.Fatalf("login shell: %v\n%s", err, out)
	}
	return string(out)
}

// checkGoWorks proves a new login shell finds devboot's go of version want
// and builds the module with it.
func (m *machine) checkGoWorks(want string) {
	m.t.Helper()
	exe := filepath.Join(m.t.TempDir(), "hello")
	out := m.loginShell("command -v go; go version; go build -o " + exe + " . && " + exe)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		m.t.Fatalf("login shell output:\n%s", out)
	}
	if !strings.HasPrefix(lines[0], m.home+"/") {
		m.t.Errorf("command -v go = %s, want devboot's go inside %s", lines[0], m.home)
	}
	if !strings.HasPrefix(lines[1], "go version "+want+" ") {
		m.t.Errorf("go version = %s, want %s", lines[1], want)
	}
	if lines[2] != "hello from devboot" {
		m.t.Errorf("built program said %q", lines[2])
	}
}

// entry is what a snapshot keeps of one path.
type entry struct {
	UID   uint32
	GID   uint32
	Mode  fs.FileMode
	Link  string // symlink target
	Hash  string // file content
	MTime time.Time
}

// snapshot records every path under dir (links not followed).
func snapshot(t *testing.T, dir string) map[string]entry {
	t.Helper()
	snap := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		e := entry{UID: st.Uid, GID: st.Gid, Mode: fi.Mode(), MTime: fi.ModTime()}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			e.Link, err = os.Readlink(p)
		case fi.Mode().IsRegular():
			e.Hash, err = fileHash(p, fi)
		}
		rel, _ := filepath.Rel(dir, p)
		snap[rel] = e
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// hashCache remembers file hashes by path and identity (inode, size,
// mtime and ctime): a file whose ctime is unchanged has not been written
// since (ctime cannot be set from user space), so its hash is reused and
// snapshots of homes holding a whole toolchain stay fast.
var hashCache sync.Map

type fileID struct {
	path                    string
	ino, size, mtime, ctime int64
}

func fileHash(p string, fi fs.FileInfo) (string, error) {
	st := fi.Sys().(*syscall.Stat_t)
	id := fileID{p, int64(st.Ino), st.Size, st.Mtim.Nano(), st.Ctim.Nano()}
	if h, ok := hashCache.Load(id); ok {
		return h.(string), nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	hashCache.Store(id, h)
	return h, nil
}

// diff lists the differences between two snapshots; withTimes also
// compares modification times (of files and directories).
func diff(before, after map[string]entry, withTimes bool) []string {
	var out []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			out = append(out, "removed: "+p)
		case a.Mode != b.Mode || a.Link != b.Link || a.Hash != b.Hash || a.UID != b.UID || a.GID != b.GID:
			out = append(out, fmt.Sprintf("changed: %s (%d:%d %v %q %.8s -> %d:%d %v %q %.8s)", p, b.UID, b.GID, b.Mode, b.Link, b.Hash, a.UID, a.GID, a.Mode, a.Link, a.Hash))
		case withTimes && !a.MTime.Equal(b.MTime):
			out = append(out, fmt.Sprintf("touched: %s (%s -> %s)", p, b.MTime, a.MTime))
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			out = append(out, "added: "+p)
		}
	}
	sort.Strings(out)
	return out
}

// without drops from snap the paths in other that are not in base, and
// their ancestors: what the go command itself wrote during the login-shell
// check (build and telemetry files) is the user's, not devboot's.
func without(snap, base, other map[string]entry) map[string]entry {
	drop := map[string]bool{}
	for p := range other {
		if _, ok := base[p]; ok {
			continue
		}
		for d := p; d != "." && d != "/" && !drop[d]; d = filepath.Dir(d) {
			drop[d] = true
		}
	}
	out := map[string]entry{}
	for p, e := range snap {
		if !drop[p] {
			out[p] = e
		}
	}
	return out
}

func assertSame(t *testing.T, what string, before, after map[string]entry, withTimes bool) {
	t.Helper()
	if d := diff(before, after, withTimes); len(d) > 0 {
		t.Fatalf("%s:\n  %s", what, strings.Join(d, "\n  "))
	}
}

func readFirstLine(p string) (string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line), nil
}
