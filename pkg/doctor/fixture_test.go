package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/detect"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/shellrc"
	"github.com/devboot/devboot/testenv/roots"
)

// fixture is a machine under a fixture root whose go commands are shell
// scripts answering `go env -json` with goEnv.
type fixture struct {
	t     testing.TB
	root  string
	h     *host.Host
	goEnv map[string]string
	opts  Options
}

const ext4Root = "22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw\n"

// healthy is a correct setup: one go, its own complete GOROOT, GOPATH and
// caches owned by the user, the proxy defaults, git installed, devboot's
// shell block in place.
func healthy(t testing.TB) *fixture {
	root := roots.Build(t, roots.Tree{
		"/opt/go/src/":             ``,
		"/opt/go/pkg/tool/":        ``,
		"/home/u/go/pkg/mod/":      ``,
		"/home/u/.cache/go-build/": ``,
		"/proc/self/mountinfo":     ext4Root,
		"/proc/sys/kernel/arch":    "x86_64\n",
		"/usr/bin/git":             "#!/bin/sh\n",
		"/etc/passwd":              "u:x:1000:1000::/home/u:/bin/bash\n",
		"/home/u/.config/":         ``,
		"/home/u/.local/share/":    ``,
		"/home/u/project/go.mod":   "module example.com/p\n\ngo 1.22\n",
		"/home/u/project/main.go":  "package main\n",
		"/home/u/.config/go/env":   "",
		"/home/u/.local/bin/":      ``,
	})
	fx := &fixture{t: t, root: root}
	fx.goEnv = map[string]string{
		"GOVERSION": "go1.22.4", "GOROOT": "/opt/go", "GOPATH": "/home/u/go", "GOBIN": "",
		"GOMODCACHE": "/home/u/go/pkg/mod", "GOCACHE": "/home/u/.cache/go-build", "GOFLAGS": "",
		"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org",
		"GOPRIVATE": "", "GONOSUMDB": "", "GONOPROXY": "", "GOTOOLCHAIN": "local",
	}
	fx.writeGo("/opt/go/bin/go", fx.goEnv, 0)
	if err := os.Chmod(filepath.Join(root, "usr/bin/git"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(root, "home/u")
	fx.h = host.New(root, []string{"PATH=/opt/go/bin:/usr/bin", "SHELL=/bin/bash", "HOME=" + home, "GOTOOLCHAIN=local"})
	fx.h.User = host.User{Name: "u", Home: home, UID: os.Getuid(), GID: os.Getgid()}
	fx.opts = Options{WorkDir: filepath.Join(home, "project"), Detect: &detect.Report{Shell: "bash", Platform: "bare"}}
	fx.installShellBlocks()
	return fx
}

// writeGo writes a fake go at p that prints env as `go env -json` does
// (and exits with code).
func (fx *fixture) writeGo(p string, env map[string]string, code int) {
	fx.t.Helper()
	b, _ := json.Marshal(env)
	script := fmt.Sprintf("#!/bin/sh\ncat <<'JSON'\n%s\nJSON\nexit %d\n", b, code)
	if code != 0 {
		script = fmt.Sprintf("#!/bin/sh\necho 'go: cannot find GOROOT directory' >&2\nexit %d\n", code)
	}
	full := filepath.Join(fx.root, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fx.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(script), 0o755); err != nil {
		fx.t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(filepath.Dir(full), "../src"), 0o755); err != nil {
		fx.t.Fatal(err)
	}
}

// set changes one go env answer of the fixture's first go.
func (fx *fixture) set(key, val string) *fixture {
	fx.goEnv[key] = val
	fx.writeGo("/opt/go/bin/go", fx.goEnv, 0)
	return fx
}

func (fx *fixture) path(p string) string { return filepath.Join(fx.root, p) }

// installShellBlocks applies shellrc's own install steps for the
// environment goenv resolves, as `devboot shell install` would.
func (fx *fixture) installShellBlocks() {
	fx.t.Helper()
	e, err := goenv.Resolve(fx.h, nil)
	if err != nil {
		fx.t.Fatal(err)
	}
	steps, err := shellrc.InstallSteps(fx.h, e)
	if err != nil {
		fx.t.Fatal(err)
	}
	r := plan.Runner{Host: fx.h, Journal: filepath.Join(fx.t.TempDir(), "journal.json"), Command: "shell install"}
	if _, err := r.Run(context.Background(), steps); err != nil {
		fx.t.Fatal(err)
	}
}

func (fx *fixture) run() *Report {
	fx.t.Helper()
	r, err := Run(context.Background(), fx.h, fx.opts)
	if err != nil {
		fx.t.Fatal(err)
	}
	return r
}

// want asserts check id has verdict and its message holds words.
func want(t *testing.T, r *Report, id, verdict string, words ...string) *Result {
	t.Helper()
	c := r.Check(id)
	if c == nil {
		t.Fatalf("check %s missing", id)
	}
	if c.Verdict != verdict {
		var b strings.Builder
		r.WriteText(&b, true)
		t.Fatalf("%s: verdict %s, want %s: %s\n%s", id, c.Verdict, verdict, c.Message, b.String())
	}
	for _, w := range words {
		if !strings.Contains(c.Message, w) {
			t.Errorf("%s message %q lacks %q", id, c.Message, w)
		}
	}
	if verdict != OK && c.Fix == "" {
		t.Errorf("%s: %s without a fix", id, verdict)
	}
	return c
}
