package devcontainer

import (
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/emit/feature"
	"github.com/devboot/devboot/pkg/emit/internal/schematest"
	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/testenv/goserver"
	"github.com/devboot/devboot/testenv/images"
)

// TestDevcontainersCLIBuildsIt runs `devcontainer build --buildkit never`
// (the code VS Code uses) on an emitted .devcontainer with the local Debian
// image, so the feature installs Go from a local mirror inside the engine's
// classic builder (about 25 s: every builder step commits a layer).
func TestDevcontainersCLIBuildsIt(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("needs node to run the Dev Containers CLI")
	}
	cli := filepath.Join(schematest.RepoRoot(t), "..", "shared", "tools", "devcontainers-cli", "devcontainer.js")
	e := images.Engine(t)
	base := images.Debian(t, e)
	ctx := context.Background()

	// The mirror, where builder containers can reach it: on the bridge gateway.
	version, archive := images.GoArchive(t)
	srv := goserver.New(t, goserver.Options{})
	srv.Add(version, "linux", runtime.GOARCH, archive)
	gw, err := e.BridgeGateway(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(gw, "0"))
	if err != nil {
		t.Skipf("cannot listen on the bridge gateway %s: %v", gw, err)
	}
	target, _ := url.Parse(srv.DLURL)
	proxy := &http.Server{Handler: httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})}
	go proxy.Serve(ln)
	t.Cleanup(func() { proxy.Close() })

	ws := t.TempDir()
	if err := os.WriteFile(filepath.Join(ws, "go.mod"), []byte("module example.com/ws\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Files(filepath.Join(ws, ".devcontainer"), Options{Name: "ws", GoVersion: strings.TrimPrefix(version, "go"), Image: base, User: "root"})
	if err != nil {
		t.Fatal(err)
	}
	// The mirror option, as a user would add it.
	files[0].Data = []byte(strings.Replace(string(files[0].Data), `"version": "`, `"dlUrl": "http://`+ln.Addr().String()+`/dl/", "version": "`, 1))
	write(t, files)
	bin := filepath.Join(ws, ".devcontainer", feature.ID, feature.BinaryName(runtime.GOARCH))
	images.Devboot(t, runtime.GOARCH, bin)
	tag := "devboot-test/devcontainer:latest"
	t.Cleanup(func() { _ = e.RemoveImage(context.Background(), tag) })
	out, err := exec.Command(node, cli, "build", "--buildkit", "never", "--workspace-folder", ws, "--image-name", tag).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"outcome":"success"`) {
		t.Fatalf("devcontainer build: %v\n%s", err, out)
	}
	code, got, err := e.RunContainer(ctx, engine.RunOptions{Image: tag, Cmd: []string{"go", "version"}})
	if err != nil || code != 0 || !strings.Contains(got, "go version "+version+" ") {
		t.Fatalf("go in the built image: exit %d, %v: %s", code, err, got)
	}
}
