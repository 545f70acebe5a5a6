package doctor

import (
	"fmt"
	"path/filepath"
)

// checkGOROOTWritable: a toolchain writable by the user is one `go
// install` or an editor away from a corrupted standard library.
func checkGOROOTWritable(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	if f.Host.User.UID == 0 {
		return ok("you are root: every toolchain is writable by you (run day-to-day work as a user)")
	}
	goroot := f.Env["GOROOT"]
	var open []string
	for _, p := range []string{goroot, filepath.Join(goroot, "src"), filepath.Join(goroot, "bin")} {
		fi, err := f.Host.Stat(p)
		if err == nil && writableBy(fi, f.Host.User.UID, f.Host.User.GID) {
			open = append(open, p)
		}
	}
	if len(open) == 0 {
		return ok("GOROOT " + goroot + " is read-only for you")
	}
	return Result{Verdict: Warn, Evidence: open,
		Message: fmt.Sprintf("GOROOT %s is writable by you: a stray write corrupts the standard library for every build", goroot),
		Fix:     fmt.Sprintf("chmod -R a-w %s (devboot-installed toolchains are read-only already)", goroot)}
}
