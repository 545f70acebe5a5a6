package devcontainer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/testenv/images"
)

// standinMarker is set in the stand-in image so the test never mistakes a
// real gomods/athens image for its own (and never deletes a real one).
const standinMarker = "DEVBOOT_TEST_ATHENS_STANDIN=1"

// TestAthensComposeRun starts the emitted compose file with docker-compose
// and has go in the dev service download a module through
// GOPROXY=http://athens:3000. The real gomods/athens image cannot be pulled
// here (no registry), so the athens service runs a LOCAL STAND-IN tagged
// as AthensImage for the test only (testdata/athens-standin: a static Go
// file server with /healthz, not Athens). What this proves is the wiring:
// service names, GOPROXY in the dev service, the env passthrough, the
// healthcheck gate, the workspace mount; not Athens' own behaviour. The
// devboot feature is not installed (that is the Dev Containers CLI's part,
// see TestDevcontainersCLIBuildsIt): the dev image is the local golang one.
func TestAthensComposeRun(t *testing.T) {
	t.Parallel() // waits on docker-compose or node, not the CPU
	dc, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Skip("needs docker-compose (Debian package docker-compose) to run the compose file")
	}
	e := images.Engine(t)
	standinImage(t, e)
	dev := images.Golang(t, e)

	ws := athensFiles(t, Options{Name: "hello", Image: dev, User: "root"})
	writeFile(t, filepath.Join(ws, "go.mod"), "module example.com/hello\n\ngo 1.22\n\nrequire example.com/greet v1.0.0\n")

	project := fmt.Sprintf("devboot-athens-test-%d", os.Getpid())
	compose := func(args ...string) (string, error) {
		cmd := exec.Command(dc, append([]string{"-p", project, "-f", filepath.Join(ws, ".devcontainer", ComposeFile)}, args...)...)
		// The passthrough: the module is not in any checksum database.
		cmd.Env = append(os.Environ(), "GONOSUMDB=example.com")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() {
		if out, err := compose("down", "-v", "--timeout", "1"); err != nil {
			t.Logf("docker-compose down: %v\n%s", err, out)
		}
	})
	// up returns once athens is healthy: dev depends on service_healthy.
	if out, err := compose("up", "-d"); err != nil {
		t.Fatalf("docker-compose up: %v\n%s", err, out)
	}
	out, err := compose("exec", "-T", "-w", "/workspaces/hello", "dev", "sh", "-c",
		"go env GOPROXY GONOSUMDB && go mod download && cat \"$(go env GOMODCACHE)/example.com/greet@v1.0.0/greet.go\"")
	if err != nil {
		logs, _ := compose("logs", "athens")
		t.Fatalf("go mod download in the dev service: %v\n%s\nathens logs:\n%s", err, out, logs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || lines[0] != AthensGOPROXY || lines[1] != "example.com" || !strings.Contains(out, `return "hello from the proxy"`) {
		t.Fatalf("dev service output:\n%s", out)
	}
	// The module came from the athens service (there is no network for direct).
	logs, _ := compose("logs", "athens")
	if !strings.Contains(logs, "GET /example.com/greet/@v/v1.0.0.zip") {
		t.Fatalf("athens did not serve the module zip:\n%s", logs)
	}
	// go mod download ran in the mounted workspace and recorded the sum there.
	if sum, err := os.ReadFile(filepath.Join(ws, "go.sum")); err != nil || !bytes.Contains(sum, []byte("example.com/greet v1.0.0/go.mod h1:")) {
		t.Fatalf("go.sum in the workspace: %v\n%s", err, sum)
	}
}

// standinImage builds the stand-in and tags it AthensImage, unless a real
// image holds that tag; it is removed after the test.
func standinImage(t *testing.T, e *engine.Images) {
	t.Helper()
	ctx := context.Background()
	env, ok, err := e.ImageEnv(ctx, AthensImage)
	if err != nil {
		t.Fatal(err)
	}
	if ok && !slices.Contains(env, standinMarker) {
		t.Skipf("%s is a real image here; the test would shadow it with its stand-in", AthensImage)
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "athens-standin"), "./testdata/athens-standin")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the stand-in: %v\n%s", err, out)
	}
	proxy := filepath.Join(dir, "goproxy", "example.com", "greet", "@v")
	writeFile(t, filepath.Join(proxy, "list"), "v1.0.0\n")
	writeFile(t, filepath.Join(proxy, "v1.0.0.info"), `{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}`+"\n")
	writeFile(t, filepath.Join(proxy, "v1.0.0.mod"), "module example.com/greet\n\ngo 1.22\n")
	writeFile(t, filepath.Join(proxy, "v1.0.0.zip"), string(moduleZip(t, "example.com/greet@v1.0.0/", map[string]string{
		"go.mod":   "module example.com/greet\n\ngo 1.22\n",
		"greet.go": "package greet\n\nfunc Hello() string { return \"hello from the proxy\" }\n",
	})))
	writeFile(t, filepath.Join(dir, "Dockerfile"), strings.Join([]string{
		"# TEST STAND-IN for " + AthensImage + " (see testdata/athens-standin): not Athens.",
		"FROM scratch",
		"LABEL org.opencontainers.image.description=\"devboot test stand-in, not Athens\"",
		"ENV " + standinMarker,
		"COPY athens-standin /bin/athens-standin",
		"COPY athens-standin /bin/wget",
		"COPY goproxy /srv/goproxy",
		"ENTRYPOINT [\"/bin/athens-standin\"]",
	}, "\n")+"\n")
	if err := e.BuildImage(ctx, engine.BuildOptions{Context: images.ContextTar(t, dir), Tag: AthensImage, Classic: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.RemoveImage(context.Background(), AthensImage) })
}

// moduleZip is a module zip as a proxy serves it: files under module@version/.
func moduleZip(t *testing.T, prefix string, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
