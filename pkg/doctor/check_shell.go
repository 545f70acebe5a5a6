package doctor

import (
	"fmt"
	"strings"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/shellrc"
)

// shellSyntaxes are the startup-file syntaxes each login shell reads.
var shellSyntaxes = map[string][]string{
	"bash": {"sh", "bash"}, "sh": {"sh"}, "dash": {"sh"}, "ksh": {"sh"},
	"zsh": {"zsh"}, "fish": {"fish"},
}

type shellFacts struct {
	files []shellrc.FileStatus
	env   goenv.Env
	err   error
}

// shellStatus is shellrc's view of the startup files for the environment
// devboot would write (goenv decides it), computed once for both checks.
func (f *Facts) shellStatus() ([]shellrc.FileStatus, goenv.Env, error) {
	f.shellOnce.Do(func() {
		s := &f.shell
		if s.env, s.err = goenv.Resolve(f.Host, nil); s.err == nil {
			s.files = shellrc.Status(f.Host, s.env)
		}
	})
	return f.shell.files, f.shell.env, f.shell.err
}

// checkShellBlocks: devboot's block is present and current in the files
// the user's login shell reads.
func checkShellBlocks(f *Facts) Result {
	shell := f.Detect.Shell
	syntaxes, known := shellSyntaxes[shell]
	if !known {
		return ok(fmt.Sprintf("login shell %q: devboot writes no startup file for it", shell))
	}
	files, e, err := f.shellStatus()
	if err != nil {
		return Result{Verdict: Warn, Message: "cannot tell what the environment should be: " + err.Error(), Fix: "devboot env (shows the problem)"}
	}
	r := ok("devboot's block is current in the files " + shell + " reads")
	worst := ""
	for _, st := range files {
		if !st.Wanted || !containsStr(syntaxes, st.Shell) {
			continue
		}
		r.Evidence = append(r.Evidence, fmt.Sprintf("%s (%s): %s", st.Path, st.ReadBy, st.Block))
		if st.Block != shellrc.BlockCurrent && worst == "" {
			worst = fmt.Sprintf("%s: block %s", st.Path, st.Block)
		}
		if st.Block == shellrc.BlockBroken {
			r.Verdict = Fail
		}
	}
	if worst == "" {
		return r
	}
	if r.Verdict != Fail {
		r.Verdict = Warn
	}
	r.Message = "devboot's shell setup is not in place: " + worst
	r.Fix = "devboot shell install"
	if r.Verdict == Fail {
		r.Fix = "fix or delete the unpaired devboot markers by hand, then devboot shell install"
	}
	if steps, err := shellrc.InstallSteps(f.Host, e); err == nil && r.Verdict == Warn {
		r.Steps = steps
	}
	return r
}

// checkEnvironmentD: with a systemd user session, graphical apps and
// services get their environment from environment.d, not shell files.
func checkEnvironmentD(f *Facts) Result {
	if !f.Detect.SystemdUser {
		return ok("no systemd user session: environment.d not needed")
	}
	files, e, err := f.shellStatus()
	if err != nil {
		return Result{Verdict: Warn, Message: "cannot tell what the environment should be: " + err.Error()}
	}
	for _, st := range files {
		if st.Shell != "environment.d" || !st.Wanted {
			continue
		}
		if st.Block == shellrc.BlockCurrent {
			return ok(st.Path + " is current")
		}
		r := Result{Verdict: Warn, Evidence: []string{fmt.Sprintf("%s: %s", st.Path, st.Block)},
			Message: "systemd user session without devboot's environment.d file: editors and services started by systemd miss the Go environment",
			Fix:     "devboot shell install (then log out and in, or systemctl --user daemon-reexec)"}
		if steps, err := shellrc.InstallSteps(f.Host, e); err == nil {
			r.Steps = steps
		}
		return r
	}
	return Result{Verdict: Warn, Message: "systemd user session, but devboot plans no environment.d file here",
		Fix: "devboot shell install"}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
