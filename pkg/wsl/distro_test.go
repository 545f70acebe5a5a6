package wsl

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
)

func TestDistroNameFromEnvironment(t *testing.T) {
	h := host.New("/", []string{DistroEnv + "=Debian"})
	if name, from := DistroName(h); name != "Debian" || from != "environment" {
		t.Errorf("DistroName = %q from %q", name, from)
	}
	// A fixture root has no processes to ask.
	if name, _ := DistroName(host.New(t.TempDir(), nil)); name != "" {
		t.Errorf("DistroName in a fixture = %q", name)
	}
}

// As under sudo: the process runs with WSL_DISTRO_NAME dropped, and finds
// it in the environment of the process that started it.
func TestDistroNameFromAncestor(t *testing.T) {
	if os.Getenv("DEVBOOT_DISTRO_CHILD") == "1" {
		name, from := DistroName(host.New("/", nil))
		os.Stdout.WriteString("name=" + name + " from=" + from + "\n")
		return
	}
	// sh holds the name; env -i starts the test binary without it.
	cmd := exec.Command("sh", "-c", `env -i DEVBOOT_DISTRO_CHILD=1 "$0" -test.run='^TestDistroNameFromAncestor$'; true`, os.Args[0])
	cmd.Env = []string{DistroEnv + "=Ubuntu-24.04", "PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "name=Ubuntu-24.04 from=environment of process ") {
		t.Fatalf("child did not find the name in its parent: %s", out)
	}
}
