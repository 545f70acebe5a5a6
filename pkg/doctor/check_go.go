package doctor

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/toolchain"
)

// checkGoPath lists every go on PATH and warns when an earlier one
// shadows a different later one: the classic "I installed 1.22 but go
// version says 1.19".
func checkGoPath(f *Facts) Result {
	if len(f.Gos) == 0 {
		return Result{Verdict: Fail, Message: "no go command on PATH",
			Fix: "devboot up (installs a toolchain and puts it on PATH), or add your Go's bin directory to PATH"}
	}
	var ev []string
	versions := map[string]bool{}
	for i, g := range f.Gos {
		line := fmt.Sprintf("%d. %s", i+1, g.Path)
		if g.Real != g.Path {
			line += " -> " + g.Real
		}
		if g.Err != "" {
			line += ": " + g.Err
		} else {
			line += fmt.Sprintf(": %s, GOROOT %s", g.Version, g.GOROOT)
			versions[g.Version+" "+g.GOROOT] = true
		}
		ev = append(ev, line)
	}
	first := f.Gos[0]
	if first.Err != "" {
		return Result{Verdict: Fail, Message: "the go that runs first is broken: " + first.Err, Evidence: ev,
			Fix: "devboot doctor --bin go (explains why it does not run), or devboot up to install a working toolchain"}
	}
	r := ok(fmt.Sprintf("command -v go: %s (%s)", first.Path, first.Version), ev...)
	if a := f.Active; a != nil && !f.isActiveGo(first) {
		r.Verdict = Warn
		r.Message += fmt.Sprintf(", not devboot's active toolchain %s (%s)", a.Version, a.Path)
		r.Fix = "devboot shell install (puts devboot's current/bin first on PATH), then start a new shell or run hash -r"
		return r
	}
	if len(versions) > 1 {
		r.Verdict = Warn
		r.Message += fmt.Sprintf("; it shadows %d other go installations later on PATH", len(versions)-1)
		r.Fix = "remove the go installations you do not use, or put the one you want first on PATH (devboot shell install manages PATH order); then run hash -r"
	}
	return r
}

// checkProject compares the first go with what go.work or go.mod (go and
// toolchain lines) or .go-version asks for, under the user's GOTOOLCHAIN.
func checkProject(f *Facts) Result {
	if f.Project == nil {
		return ok("no go.mod or .go-version here")
	}
	p := f.Project
	ev := []string{fmt.Sprintf("%s asks for %s (%s)", p.File, p.Spec, p.Source), "GOTOOLCHAIN=" + f.GOTOOLCHAIN}
	if len(f.Gos) == 0 || f.Env == nil {
		return Result{Verdict: Fail, Message: "the project needs Go, and no working go is on PATH", Evidence: ev,
			Fix: "devboot up (installs what the project asks for)"}
	}
	have := f.Env["GOVERSION"]
	ev = append(ev, "first go on PATH is "+have)
	gt := toolchain.ParseGOTOOLCHAIN(f.GOTOOLCHAIN)
	if gt.Mode == "pinned" {
		return ok(fmt.Sprintf("GOTOOLCHAIN pins %s; go %s runs that toolchain for every project", gt.Version, have), ev...)
	}
	if p.GoLine != "" && !toolchain.Satisfies(have, p.GoLine) {
		r := Result{Verdict: Fail, Evidence: ev,
			Message: fmt.Sprintf("%s is older than the go line of %s (%s)", have, p.File, p.GoLine),
			Fix:     fmt.Sprintf("devboot toolchain install %s && devboot toolchain use %s", p.Spec, p.Spec)}
		if gt.Mode == "auto" {
			r.Verdict = Warn
			r.Message += "; with GOTOOLCHAIN=auto go downloads " + p.Spec + " on every fresh machine"
		}
		return r
	}
	if p.Spec != "" && (p.Source == toolchain.SourceGoModToolchain || p.Source == toolchain.SourceGoWorkToolchain) && toolchain.Compare(have, p.Spec) < 0 {
		r := ok(fmt.Sprintf("%s can build it; the toolchain line prefers %s", have, p.Spec), ev...)
		if gt.Mode == "auto" {
			r.Verdict = Warn
			r.Message += ", which go will download and run (GOTOOLCHAIN=auto)"
			r.Fix = fmt.Sprintf("devboot toolchain install %s && devboot toolchain use %s", p.Spec, p.Spec)
		}
		return r
	}
	if p.Source == toolchain.SourceGoVersion && !toolchain.Satisfies(have, p.Spec) {
		return Result{Verdict: Warn, Evidence: ev,
			Message: fmt.Sprintf("%s asks for %s, the first go on PATH is %s", p.File, p.Spec, have),
			Fix:     fmt.Sprintf("devboot toolchain install %s && devboot toolchain use %s", p.Spec, p.Spec)}
	}
	return ok(fmt.Sprintf("%s suits %s", have, p.File), ev...)
}

// isActiveGo reports whether g is the go of devboot's active toolchain
// (the data directory is a real path: it is where devboot writes).
func (f *Facts) isActiveGo(g GoBinary) bool {
	want, err1 := os.Stat(filepath.Join(f.Active.GOROOT, "bin", "go"))
	have, err2 := f.Host.Stat(g.Real)
	return err1 == nil && err2 == nil && os.SameFile(want, have)
}
