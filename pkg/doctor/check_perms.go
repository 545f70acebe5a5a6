package doctor

import (
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/perms"
)

// Permission verdicts come from pkg/perms, which also owns their fixes
// (journaled, undoable steps). Paths are mapped through the root so a
// fixture or chroot is examined, and fixed, where its files really are.

// checkGOROOTWritable: a toolchain writable by users is one stray write
// away from a corrupted standard library.
func checkGOROOTWritable(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	if len(f.gorootMissing()) > 0 {
		return brokenGOROOT()
	}
	goroot := f.Env["GOROOT"]
	real, err := f.Host.InRoot(goroot)
	if err != nil {
		return brokenGOROOT()
	}
	return permsResult(f, perms.Paths{GOROOT: real}, Warn, "GOROOT "+goroot+" is not writable by users")
}

// checkOwnership: GOPATH and the caches must be the user's own; files
// root left there (sudo go get, sudo devboot) make go fail with
// "permission denied".
func checkOwnership(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	var p perms.Paths
	for _, d := range f.goDirs() {
		if real, err := f.Host.InRoot(d[1]); err == nil && d[0] != "module" {
			p.Owned = append(p.Owned, real) // a missing directory has nothing to own
		}
	}
	return permsResult(f, p, Fail, "GOPATH and the Go caches belong to you")
}

func permsResult(f *Facts, p perms.Paths, verdict, okMsg string) Result {
	findings := perms.Check(f.Host, p)
	if len(findings) == 0 {
		return ok(okMsg)
	}
	r := Result{Verdict: verdict, Steps: perms.FixSteps(findings)}
	var problems, fixes []string
	for _, fd := range findings {
		problems = append(problems, fd.Problem)
		if fd.Manual { // its fix is a command that names the path
			fixes = append(fixes, fd.Fix)
		} else {
			fixes = append(fixes, fd.Fix+": "+fd.Path)
		}
		r.Evidence = append(r.Evidence, filepath.Clean(fd.Example))
	}
	r.Message = strings.Join(problems, "; ")
	r.Fix = strings.Join(fixes, "\n")
	return r
}
