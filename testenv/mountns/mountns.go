// Package mountns runs a test's body inside a private mount namespace, so
// real bind mounts never touch the machine's own mount table.
//
// The test binary re-executes itself for just that test with
// CLONE_NEWNS (which also makes / private in the child); the child does the
// mounts, and the namespace vanishes with it.
package mountns

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

const childEnv = "DEVBOOT_MOUNTNS_TEST"

// Inside reports whether t runs in the private namespace Enter made.
func Inside(t *testing.T) bool { return os.Getenv(childEnv) == t.Name() }

// Enter reports true when the caller is running inside the private
// namespace and should do its work. In the parent it runs the child, fails
// t if the child failed, and returns false. It skips when not root.
//
//	func TestBind(t *testing.T) {
//		if !mountns.Enter(t) {
//			return
//		}
//		// mounts here
//	}
func Enter(t *testing.T) bool {
	t.Helper()
	if Inside(t) {
		return true
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a private mount namespace")
	}
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(os.Args[0], "-test.run="+strings.Join(parts, "/"), "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("in private mount namespace: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("child did not run %s:\n%s", t.Name(), out)
	}
	t.Logf("child output:\n%s", out)
	return false
}
