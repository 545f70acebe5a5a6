package binwhy

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

var lddLine = regexp.MustCompile(`^\s*(\S+) => (\S+) \(0x[0-9a-f]+\)$`)

// compareWithLdd runs ldd (the test may; doctor never does) and checks
// that every library it lists resolves to the same path in r, and that r
// resolves nothing ldd does not know.
func compareWithLdd(t *testing.T, bin string, r *Report) {
	t.Helper()
	ldd, err := exec.LookPath("ldd")
	if err != nil {
		t.Skip("no ldd on this machine to compare with")
	}
	out, err := exec.Command(ldd, bin).Output()
	if err != nil {
		t.Fatalf("ldd %s: %v", bin, err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if m := lddLine.FindStringSubmatch(line); m != nil {
			want[m[1]] = m[2]
		}
	}
	got := map[string]string{}
	for _, l := range r.Libraries {
		got[l.Name] = l.Path
	}
	for name, p := range want {
		if got[name] != p {
			t.Errorf("%s: ldd resolves %s to %s, doctor to %q", bin, name, p, got[name])
		}
	}
	for name, p := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: doctor resolves %s to %s, ldd does not list it", bin, name, p)
		}
	}
}

func TestAgreesWithLddOnSystemBinaries(t *testing.T) {
	compared := 0
	for _, bin := range []string{"/bin/ls", "/usr/bin/git", "/usr/bin/python3", "/usr/bin/ssh", "/usr/bin/curl", "/usr/bin/zsh", "/usr/bin/fish", "/usr/bin/gcc", "/usr/bin/docker", "/usr/bin/systemctl"} {
		if _, err := os.Stat(bin); err != nil {
			continue
		}
		r := Diagnose(testHost(t, "/", "PATH=/usr/bin:/bin"), bin, "")
		wantRuns(t, r)
		compareWithLdd(t, bin, r)
		compared++
	}
	if compared < 2 {
		t.Skipf("only %d of the usual system binaries exist here", compared)
	}
}
