package goserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	sum := sha256.Sum256([]byte(fakeGoSource + fakeGoC + runtime.Version()))
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
		if err := buildFakeGo(dir, src, tmp, goarch); err != nil {
			t.Fatalf("building the fake go for %s: %v", goarch, err)
		}
		if err := os.Rename(tmp, bin); err != nil {
			t.Fatal(err)
		}
	}
	fakeBins[goarch] = bin
	return bin
}

// crossCC are C cross compilers (Debian's gcc-<triple> packages) that make
// a foreign-arch fake go in a second, where a Go cross build would first
// compile the runtime and std for that arch (minutes on a cold cache).
var crossCC = map[string]string{"arm64": "aarch64-linux-gnu-gcc", "amd64": "x86_64-linux-gnu-gcc"}

// fakeGoC is the foreign-arch fake go: it cannot run here, it only has to
// be a real executable of that arch with the same answers.
const fakeGoC = `#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libgen.h>
int main(int argc, char **argv) {
	char exe[4096], ver[256] = "", path[4200];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n < 0) return 1;
	exe[n] = 0;
	char *root = dirname(dirname(exe));
	snprintf(path, sizeof path, "%s/VERSION", root);
	FILE *f = fopen(path, "r");
	if (f) { if (fgets(ver, sizeof ver, f)) ver[strcspn(ver, "\n")] = 0; fclose(f); }
	if (argc == 2 && !strcmp(argv[1], "version")) { printf("go version %s linux/" GOARCH "\n", ver); return 0; }
	if (argc == 3 && !strcmp(argv[1], "env") && !strcmp(argv[2], "GOROOT")) { printf("%s\n", root); return 0; }
	return 2;
}
`

func buildFakeGo(dir, src, out, goarch string) error {
	var cmd *exec.Cmd
	if cc, ok := crossCC[goarch]; ok && goarch != runtime.GOARCH {
		if path, err := exec.LookPath(cc); err == nil {
			csrc := filepath.Join(dir, "main.c")
			if err := os.WriteFile(csrc, []byte(fakeGoC), 0o644); err != nil {
				return err
			}
			cmd = exec.Command(path, "-static", "-Os", "-DGOARCH=\""+goarch+"\"", "-o", out, csrc)
		}
	}
	if cmd == nil {
		// Same settings as the test build itself, so std comes from the build cache.
		cmd = exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-ldflags=-s -w", "-o", out, src)
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "GOFLAGS=", "GOTOOLCHAIN=local")
	}
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, b)
	}
	return nil
}
