package images

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Devboot builds this repository's devboot for linux/goarch at out, static
// (CGO_ENABLED=0) like the builds the feature ships. Without -trimpath it
// shares go test's build cache, so it mostly only links.
func Devboot(t testing.TB, goarch, out string) {
	t.Helper()
	// Any directory of the module resolves the import path, wherever the
	// test has changed to.
	_, self, _, _ := runtime.Caller(0)
	build := exec.Command("go", "build", "-o", out, "github.com/devboot/devboot/cmd/devboot")
	build.Dir = filepath.Dir(self)
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building devboot for linux/%s: %v\n%s", goarch, err, b)
	}
}
