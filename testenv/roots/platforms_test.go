package roots

import (
	"bytes"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/wsl"
)

// Every platform fixture's mount table parses cleanly and has a root
// mount; /proc files end in a newline as the kernel writes them.
func TestPlatformFixturesAreWellFormed(t *testing.T) {
	for _, name := range PlatformNames() {
		m := Platforms[name]()
		mounts, err := wsl.ParseMountInfo(bytes.NewReader([]byte(m.Tree["/proc/self/mountinfo"])))
		if err != nil {
			t.Errorf("%s: mountinfo: %v", name, err)
		}
		if wsl.MountFor(mounts, "/") == nil {
			t.Errorf("%s: no root mount", name)
		}
		for _, p := range []string{"/proc/sys/kernel/osrelease", "/proc/self/cgroup", "/proc/1/cgroup", "/etc/os-release"} {
			if v, ok := m.Tree[p]; !ok || !strings.HasSuffix(v, "\n") {
				t.Errorf("%s: %s missing or not newline-terminated", name, p)
			}
		}
		if root := Build(t, m.Tree); root == "" {
			t.Errorf("%s: not built", name)
		}
	}
}
