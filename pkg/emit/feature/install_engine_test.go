package feature

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/testenv/goserver"
	"github.com/devboot/devboot/testenv/images"
)

// installScript runs in a fresh Debian container, as root the way the Dev
// Containers CLI runs a feature: it creates the remote user, runs install.sh
// twice (the second run must change nothing) with the gopath option set,
// then works as that user with only the PATH containerEnv gives.
const installScript = `set -eu
useradd -m -s /bin/bash dev
export _REMOTE_USER=dev _REMOTE_USER_HOME=/home/dev VERSION="$GO_VERSION" DLURL="$DL_URL" GOPROXY=off GOPATH=/go
sh /feature/install.sh
echo "== second run"
sh /feature/install.sh
echo "== tmp: $(ls -A /tmp | tr '\n' ' ')"
echo "== root-owned in home: $(find /home/dev -user root | tr '\n' ' ')"
echo "== owner of GOPATH: $(stat -c %U /go /go/bin | tr '\n' ' ')"
setpriv --reuid=dev --regid=dev --init-groups env -i HOME=/home/dev PATH="$FEATURE_PATH" sh -c '
	set -eu
	echo "== go: $(go version)"
	mkdir -p ~/src/hello && cd ~/src/hello
	printf "module example.com/hello\n\ngo 1.22\n" > go.mod
	printf "package main\n\nfunc main() { println(\"installed by dev\") }\n" > main.go
	CGO_ENABLED=0 go install .
	echo "== which: $(command -v hello) $(readlink /usr/local/share/devboot/gobin) $(go env GOPATH)"
	hello
'
`

// TestInstallInContainer runs the feature's install.sh in a real container
// against a local mirror that serves this machine's Go, then uses Go as the
// non-root remote user.
func TestInstallInContainer(t *testing.T) {
	e := images.Engine(t)
	image := images.Debian(t, e)
	dir := t.TempDir()
	for _, f := range Files(dir) {
		if err := os.WriteFile(f.Path, f.Data, f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	images.Devboot(t, runtime.GOARCH, filepath.Join(dir, BinaryName(runtime.GOARCH)))
	version, archive := images.GoArchive(t)
	srv := goserver.New(t, goserver.Options{})
	srv.Add(version, "linux", runtime.GOARCH, archive)
	// The mirror listens on 127.0.0.1: the container shares the host's network.
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
		Image:   image,
		Cmd:     []string{"sh", "-c", installScript},
		Env:     []string{"GO_VERSION=" + strings.TrimPrefix(version, "go"), "DL_URL=" + srv.DLURL, "FEATURE_PATH=" + containerPath(t) + ":/usr/bin:/bin"},
		Binds:   []string{dir + ":/feature:ro"},
		Network: "host",
	})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	for _, want := range []string{
		"== tmp: \n",
		"== root-owned in home: \n",
		"== owner of GOPATH: dev dev \n",
		"== go: go version " + version + " linux/" + runtime.GOARCH + "\n",
		"== which: /usr/local/share/devboot/gobin/hello /go/bin /go\n",
		"installed by dev\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("container output:\n%s", out)
	}
}

// containerPath is the PATH the feature's containerEnv prepends.
func containerPath(t *testing.T) string {
	t.Helper()
	var f struct {
		ContainerEnv map[string]string `json:"containerEnv"`
	}
	if err := json.Unmarshal(read(t, "devcontainer-feature.json"), &f); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(f.ContainerEnv["PATH"], ":${PATH}")
}
