package images

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/engine"
)

func TestDebianImageRunsAShellAndUseradd(t *testing.T) {
	e := Engine(t)
	tag := Debian(t, e)
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
		Image: tag, Cmd: []string{"sh", "-c", "useradd -m -s /bin/bash dev && stat -c %U /home/dev && setpriv --reuid=dev --regid=dev --init-groups id -un && cat /etc/debian_version"},
	})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !strings.Contains(out, "dev\ndev\n12.") {
		t.Fatalf("output:\n%s", out)
	}
}

// Compiling is left to the Dockerfile build tests: a first build of the
// standard library takes a minute here.
func TestGolangImageHasGo(t *testing.T) {
	e := Engine(t)
	tag := Golang(t, e)
	code, out, err := e.RunContainer(context.Background(), engine.RunOptions{
		Image: tag, Cmd: []string{"sh", "-c", "go version && go env GOPATH GOROOT GOTOOLCHAIN"},
	})
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !strings.Contains(out, "go version go"+GoVersion()+" linux/"+runtime.GOARCH+"\n/go\n/usr/local/go\nlocal\n") {
		t.Fatalf("output:\n%s", out)
	}
}
