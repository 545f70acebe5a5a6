package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
)

// goNotRunning is the result of env checks when there is no go to ask.
func goNotRunning() Result {
	return Result{Verdict: Warn, Message: "skipped: no working go on PATH to ask (see go.path)"}
}

// gorootMissing lists what go env GOROOT lacks of a Go tree; env.goroot
// reports it, and the checks that read the tree or its go.env (permissions,
// GOPROXY and GOSUMDB defaults) skip rather than blame a follow-on symptom.
func (f *Facts) gorootMissing() []string {
	f.gorootOnce.Do(func() {
		goroot := f.Env["GOROOT"]
		for _, sub := range []string{"src", "pkg", "bin"} {
			if fi, err := f.Host.Stat(filepath.Join(goroot, sub)); goroot == "" || err != nil || !fi.IsDir() {
				f.gorootMiss = append(f.gorootMiss, sub+"/")
			}
		}
	})
	return f.gorootMiss
}

// brokenGOROOT is the result of a check that needs a complete GOROOT.
func brokenGOROOT() Result {
	return Result{Verdict: Warn, Message: "skipped: GOROOT is not a complete Go tree (see env.goroot)",
		Fix: "repair GOROOT first, as env.goroot says; then run devboot doctor again"}
}

// sameDir reports whether two host paths are the same directory.
func (f *Facts) sameDir(a, b string) bool {
	fa, errA := f.Host.Stat(a)
	fb, errB := f.Host.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// checkGOROOT: the tree exists and is complete, and GOROOT in the
// environment is the running go's own tree (else its compiler meets
// another version's standard library).
func checkGOROOT(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	goroot := f.Env["GOROOT"]
	ev := []string{"go env GOROOT: " + goroot}
	if missing := f.gorootMissing(); goroot == "" || len(missing) > 0 {
		return Result{Verdict: Fail, Evidence: ev,
			Message: fmt.Sprintf("GOROOT %q is not a complete Go tree (missing %s)", goroot, strings.Join(missing, ", ")),
			Fix:     "unset GOROOT (go finds its own tree), or reinstall the toolchain: devboot toolchain install"}
	}
	if envRoot, set := f.Host.LookupEnv("GOROOT"); set && envRoot != "" {
		own := filepath.Dir(filepath.Dir(f.Gos[0].Real))
		ev = append(ev, "GOROOT set in the environment: "+envRoot, "the first go lives in "+own)
		if !f.sameDir(envRoot, own) {
			return Result{Verdict: Fail, Evidence: ev,
				Message: fmt.Sprintf("GOROOT=%s, but the go that runs (%s) belongs to %s: its compiler would meet another tree's standard library", envRoot, f.Gos[0].Path, own),
				Fix:     "unset GOROOT in your shell files (go finds its own tree); devboot env prints the right setup"}
		}
		return ok("GOROOT is set to the running go's own tree (setting it is unnecessary)", ev...)
	}
	return ok("GOROOT "+goroot+" is complete and the go's own", ev...)
}

// checkGOBIN: absolute, and not inside GOROOT (go install would write
// into the toolchain, and a toolchain upgrade would wipe the tools).
func checkGOBIN(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	gobin, goroot := f.Env["GOBIN"], f.Env["GOROOT"]
	switch {
	case gobin == "":
		return ok("GOBIN unset: go install uses the first GOPATH entry's bin")
	case !filepath.IsAbs(gobin):
		return Result{Verdict: Fail, Message: fmt.Sprintf("GOBIN %q is relative: go install refuses it", gobin),
			Fix: "go env -w GOBIN=$HOME/go/bin (an absolute path), or unset it"}
	case fsutil.Within(gobin, goroot):
		return Result{Verdict: Fail, Message: fmt.Sprintf("GOBIN %s is inside GOROOT %s: go install writes into the toolchain and can replace go itself", gobin, goroot),
			Fix: "go env -w GOBIN=$HOME/go/bin, or unset GOBIN"}
	}
	return ok("GOBIN " + gobin)
}

// checkGOPATH: every entry absolute, existing, and neither GOROOT nor
// inside it.
func checkGOPATH(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	gopath, goroot := f.Env["GOPATH"], f.Env["GOROOT"]
	r := ok("GOPATH " + gopath)
	for i, entry := range filepath.SplitList(gopath) {
		switch {
		case !filepath.IsAbs(entry):
			return Result{Verdict: Fail, Message: fmt.Sprintf("GOPATH entry %q is relative (a literal ~ is not expanded): go refuses it", entry),
				Fix: "go env -w GOPATH=$HOME/go (absolute), or unset GOPATH for the default"}
		case filepath.Clean(entry) == filepath.Clean(goroot) || f.sameDir(entry, goroot):
			return Result{Verdict: Fail, Message: fmt.Sprintf("GOPATH %s is GOROOT: modules and tools would be written into the toolchain", entry),
				Fix: "go env -w GOPATH=$HOME/go, or unset GOPATH"}
		case fsutil.Within(entry, goroot):
			return Result{Verdict: Fail, Message: fmt.Sprintf("GOPATH entry %s is inside GOROOT %s", entry, goroot),
				Fix: "go env -w GOPATH=$HOME/go, or unset GOPATH"}
		case !f.Host.Exists(entry) && i > 0:
			r.Verdict = Warn
			r.Evidence = append(r.Evidence, entry+" does not exist")
			r.Fix = "remove the missing entries from GOPATH (go env -w GOPATH=...)"
		case !f.Host.Exists(entry):
			r.Evidence = append(r.Evidence, entry+" does not exist yet: go creates it on first use")
		}
	}
	if r.Verdict == Warn {
		r.Message = "GOPATH lists directories that do not exist"
	}
	return r
}

// checkCaches: GOMODCACHE and GOCACHE writable (and GOCACHE not off,
// which go refuses since 1.12).
func checkCaches(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	r := ok("module and build caches are writable")
	for _, key := range []string{"GOMODCACHE", "GOCACHE"} {
		dir := f.Env[key]
		if key == "GOCACHE" && dir == "off" {
			return Result{Verdict: Fail, Message: "GOCACHE=off: go build refuses to run without a build cache",
				Fix: "go env -u GOCACHE (and unset GOCACHE in your shell files)"}
		}
		if dir == "" {
			continue
		}
		okW, why := writable(f.Host, f.Mounts, dir)
		r.Evidence = append(r.Evidence, fmt.Sprintf("%s %s", key, dir))
		if !okW {
			return Result{Verdict: Fail, Evidence: r.Evidence,
				Message: fmt.Sprintf("%s %s is not writable: %s", key, dir, why),
				Fix:     fmt.Sprintf("sudo chown -R %d:%d %s (devboot doctor --fix when it is devboot's user), or go env -w %s=a directory you own", f.Host.User.UID, f.Host.User.GID, dir, key)}
		}
	}
	return r
}
