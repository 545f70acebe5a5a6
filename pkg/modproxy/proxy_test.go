package modproxy

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/devboot/devboot/testenv/gohome"
)

// testProxy is a GOPROXY on 127.0.0.1 serving modules the test writes,
// zipped with golang.org/x/mod/zip as proxy.golang.org does.
type testProxy struct {
	URL   string
	mu    sync.Mutex
	files map[string][]byte // GOPROXY path → content
	hits  int
}

func newTestProxy(t *testing.T, mods map[string]map[string]string) *testProxy {
	t.Helper()
	p := &testProxy{files: map[string][]byte{}}
	lists := map[string][]string{}
	for mv, files := range mods {
		path, version, _ := strings.Cut(mv, "@")
		dir := t.TempDir()
		for name, data := range files {
			write(t, filepath.Join(dir, name), data)
		}
		var zb bytes.Buffer
		if err := modzip.CreateFromDir(&zb, module.Version{Path: path, Version: version}, dir); err != nil {
			t.Fatal(err)
		}
		esc, _ := module.EscapePath(path)
		p.files[esc+"/@v/"+version+".zip"] = zb.Bytes()
		p.files[esc+"/@v/"+version+".mod"] = []byte(files["go.mod"])
		p.files[esc+"/@v/"+version+".info"] = []byte(fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, version))
		lists[esc] = append(lists[esc], version)
	}
	for esc, vs := range lists {
		p.files[esc+"/@v/list"] = []byte(strings.Join(vs, "\n") + "\n")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		data, ok := p.files[strings.TrimPrefix(r.URL.Path, "/")]
		p.hits++
		p.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *testProxy) Hits() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testModules: app needs a v1.0.0 and b v1.1.0; a itself asks for the
// older b v1.0.0, which MVS must not pick.
var testModules = map[string]map[string]string{
	"example.com/a@v1.0.0": {
		"go.mod": "module example.com/a\n\ngo 1.22\n\nrequire example.com/b v1.0.0\n",
		"a.go":   "package a\n\nimport \"example.com/b\"\n\nfunc A() string { return \"a+\" + b.B() }\n",
	},
	"example.com/b@v1.0.0": {
		"go.mod": "module example.com/b\n\ngo 1.22\n",
		"b.go":   "package b\n\nfunc B() string { return \"b1.0\" }\n",
	},
	"example.com/b@v1.1.0": {
		"go.mod": "module example.com/b\n\ngo 1.22\n",
		"b.go":   "package b\n\nfunc B() string { return \"b1.1\" }\n",
	},
}

// testApp writes the app module and makes its go.sum through the go
// command against the test proxy, as its developer would have.
func testApp(t *testing.T, proxy string) string {
	t.Helper()
	app := t.TempDir()
	write(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0\n)\n")
	write(t, filepath.Join(app, "main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/a\"\n\t\"example.com/b\"\n)\n\nfunc main() { fmt.Println(a.A(), b.B()) }\n")
	goRun(t, app, goEnv(t, "GOPROXY="+proxy, "GOSUMDB=off", "GOMODCACHE="+t.TempDir()), "mod", "tidy")
	return app
}

// goEnv is a minimal environment for the go command: no GOPROXY, GOSUMDB,
// GOFLAGS or GOMODCACHE from the machine, only what the test says.
func goEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	gocache, err := osexec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + gohome.New(t), "GOTOOLCHAIN=local", "GOENV=off",
		"GOCACHE=" + strings.TrimSpace(string(gocache)), "GOPRIVATE=", "GONOPROXY=", "GONOSUMDB=", "GOINSECURE="}
	return append(env, extra...)
}

func goRun(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := goCmd(dir, env, args...)
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func goCmd(dir string, env []string, args ...string) (string, error) {
	cmd := osexec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func runBin(bin string) (string, error) {
	out, err := osexec.Command(bin).CombinedOutput()
	return string(out), err
}
