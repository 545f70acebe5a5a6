package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// goFlags are the flags some go command accepts (build and test flags);
// go refuses GOFLAGS naming any other ("unknown flag").
var goFlags = map[string]bool{
	"a": true, "n": true, "p": true, "race": true, "msan": true, "asan": true, "cover": true,
	"covermode": true, "coverpkg": true, "v": true, "work": true, "x": true, "asmflags": true,
	"buildmode": true, "buildvcs": true, "compiler": true, "gccgoflags": true, "gcflags": true,
	"installsuffix": true, "ldflags": true, "linkshared": true, "mod": true, "modcacherw": true,
	"modfile": true, "overlay": true, "pgo": true, "pkgdir": true, "tags": true, "trimpath": true,
	"toolexec": true, "json": true, "count": true, "failfast": true, "timeout": true, "short": true,
	"run": true, "skip": true, "bench": true, "benchmem": true, "benchtime": true, "cpu": true,
	"parallel": true, "shuffle": true, "vet": true, "fullpath": true, "exec": true, "o": true,
	"insecure": true, "t": true, "u": true, "d": true, "fix": true, "C": true,
}

// checkGOFLAGS finds GOFLAGS entries that make every go build fail.
func checkGOFLAGS(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	flags := f.Env["GOFLAGS"]
	if strings.TrimSpace(flags) == "" {
		return ok("GOFLAGS empty")
	}
	ev := []string{"GOFLAGS=" + flags}
	fix := "go env -w GOFLAGS=... without it (or go env -u GOFLAGS), and check your shell files"
	for _, field := range strings.Fields(flags) {
		name, value, hasValue := strings.Cut(strings.TrimLeft(field, "-"), "=")
		switch {
		case !strings.HasPrefix(field, "-"):
			return Result{Verdict: Fail, Evidence: ev, Fix: fix,
				Message: fmt.Sprintf("GOFLAGS holds %q, not a flag: every go build fails with \"parsing $GOFLAGS: non-flag\"", field)}
		case !goFlags[name]:
			return Result{Verdict: Fail, Evidence: ev, Fix: fix,
				Message: fmt.Sprintf("GOFLAGS holds %s, a flag no go command knows: every go build fails with \"unknown flag\"", field)}
		case name == "mod" && hasValue && value != "mod" && value != "readonly" && value != "vendor":
			return Result{Verdict: Fail, Evidence: ev, Fix: fix,
				Message: fmt.Sprintf("GOFLAGS has -mod=%s; go accepts only mod, readonly or vendor", value)}
		case name == "mod" && value == "vendor" && f.Project != nil && strings.HasSuffix(f.Project.File, "go.mod") &&
			!exists(filepath.Join(filepath.Dir(f.Project.File), "vendor")):
			return Result{Verdict: Warn, Evidence: ev, Fix: fix,
				Message: "GOFLAGS has -mod=vendor, but this module has no vendor directory: builds fail with \"inconsistent vendoring\""}
		}
	}
	return ok("GOFLAGS are all valid flags", ev...)
}

// exists checks a project path: the project is where devboot runs, not
// under --root.
func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
