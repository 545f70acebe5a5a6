package main

import (
	"os"
	"strings"
	"testing"
)

// A bad --goproxy is bad input like in `devboot env`: exit 2 with go's rule,
// decided before up probes the machine or plans anything.
func TestUpRejectsBadSettings(t *testing.T) {
	home := t.TempDir() // must stay empty: no go runs before the input is refused
	code, out, errOut := runIn(t, home, "--dry-run", "up", "--offline", "--goproxy", "ftp://mirror")
	if code != 2 || !strings.Contains(errOut, "https, http and file") {
		t.Fatalf("exit %d, want 2 with go's rule\nstdout %s\nstderr %s", code, out, errOut)
	}
	if strings.Contains(out, "Go:") {
		t.Fatalf("up decided a toolchain before rejecting its input:\n%s", out)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Fatalf("the home got %d entries", len(entries))
	}
}
