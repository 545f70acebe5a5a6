package goserver

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// fakeGoSource is the bin/go of every test toolchain: a real program that
// answers like the go command for what devboot asks of it. Its version comes
// from $GOROOT/VERSION, so one binary serves every version.
const fakeGoSource = `package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

func goroot() string {
	if g := os.Getenv("GOROOT"); g != "" {
		return g
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return filepath.Dir(filepath.Dir(exe))
}

func main() {
	root := goroot()
	data, _ := os.ReadFile(filepath.Join(root, "VERSION"))
	version, _, _ := strings.Cut(string(data), "\n")
	tc := os.Getenv("GOTOOLCHAIN")
	if tc == "" {
		tc = "auto"
	}
	env := map[string]string{"GOROOT": root, "GOVERSION": version, "GOOS": runtime.GOOS, "GOARCH": runtime.GOARCH, "GOTOOLCHAIN": tc}
	args := os.Args[1:]
	switch {
	case len(args) == 1 && args[0] == "version":
		fmt.Printf("go version %s %s/%s\n", version, runtime.GOOS, runtime.GOARCH)
	case len(args) >= 1 && args[0] == "env":
		names := args[1:]
		if len(names) > 0 && names[0] == "-json" {
			b, _ := json.MarshalIndent(env, "", "\t")
			fmt.Println(string(b))
			return
		}
		if len(names) == 0 {
			for _, k := range []string{"GOARCH", "GOOS", "GOROOT", "GOTOOLCHAIN", "GOVERSION"} {
				fmt.Printf("%s='%s'\n", k, env[k])
			}
			return
		}
		for _, k := range names {
			fmt.Println(env[k])
		}
	default:
		fmt.Fprintf(os.Stderr, "fake go %s: unsupported: %v\n", version, args)
		os.Exit(2)
	}
}
`

var (
	fakeMu   sync.Mutex
	fakeBins = map[string]string{}
)

// FakeGo returns the path of the fake go binary for linux/goarch, built
// once per test binary and cached across runs (keyed by its source).
func FakeGo(t testing.TB, goarch string) string {
	t.Helper()
	fakeMu.Lock()
	defer fakeMu.Unlock()
	if p, ok := fakeBins[goarch]; ok {
		return p
	}
	sum := sha256.Sum256([]byte(fakeGoSource + runtime.Version()))
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "devboot-testenv", "fakego-"+hex.EncodeToString(sum[:8])+"-"+goarch)
	bin := filepath.Join(dir, "go")
	if _, err := os.Stat(bin); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(dir, "main.go")
		if err := os.WriteFile(src, []byte(fakeGoSource), 0o644); err != nil {
			t.Fatal(err)
		}
		tmp := bin + ".tmp"
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-trimpath", "-ldflags=-s -w", "-o", tmp, src)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch, "GOFLAGS=", "GOTOOLCHAIN=local")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building the fake go for %s: %v\n%s", goarch, err, out)
		}
		if err := os.Rename(tmp, bin); err != nil {
			t.Fatal(err)
		}
	}
	fakeBins[goarch] = bin
	return bin
}
