package shellrc

import (
	"os/exec"
	"strings"
	"testing"
)

// generate runs systemd's user environment generator over configHome and
// returns the environment it produces (its output is shell-quoted).
func generate(t *testing.T, gen, configHome, path string) map[string]string {
	t.Helper()
	cmd := exec.Command(gen)
	cmd.Env = []string{"PATH=" + path, "XDG_CONFIG_HOME=" + configHome}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", gen, err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		if strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) {
			// systemd quotes for the shell: backslash before " \ $ and `.
			v = shellUnescape.Replace(v[1 : len(v)-1])
		}
		m[k] = v
	}
	return m
}

var shellUnescape = strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\$`, `$`, "\\`", "`")
