package toolchain

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUseLeavesNoGoState: switching runs the real go (go env GOROOT) to
// check the switch, and go writes telemetry counters under the config dir
// on every run. None may land in devboot's HOME or XDG_CONFIG_HOME (the
// user's, or root's under sudo).
func TestUseLeavesNoGoState(t *testing.T) {
	const goroot = "/usr/local/go"
	v := ReadVERSION(os.ReadFile, goroot)
	if v == "" {
		t.Skip("no Go toolchain at " + goroot + " to run")
	}
	home, cfg := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfg)
	h := testHost(t)
	run(t, h, append(PlanAdopt(h, Adoptable{Version: v, GOROOT: goroot}), PlanUse(h, v)...))
	if act, _ := Active(h); act == nil || act.Version != v {
		t.Fatalf("active after use: %+v", act)
	}
	for _, dir := range []string{home, cfg} {
		err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
			if err == nil && p != dir {
				t.Errorf("go left %s", p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
