package up

import (
	"context"

	"github.com/devboot/devboot/pkg/doctor"
	"github.com/devboot/devboot/pkg/host"
)

// doctorChecks are the doctor checks that judge what up sets up: which go
// runs, the go env it reports, permissions and filesystems. Network checks
// are left to `devboot doctor`; the shell blocks were just verified by the
// shell steps themselves (their Prepare finds nothing left to do).
var doctorChecks = []string{"go.path", "env.goroot", "env.gobin", "env.gopath", "env.caches", "perms.goroot", "perms.owner", "fs.ntfs"}

// verifyDoctor runs doctor's checks as the user's next login shell would
// see things (env, which already carries verifyAfter's scratch config dir),
// and adds a check per doctor verdict: a failure fails the verification, a
// warning is reported but passes.
func verifyDoctor(ctx context.Context, h *host.Host, env []string, workDir string, v *Verification) {
	// Up wrote real paths (--root only steers probes), and the go on PATH
	// is one it just linked there: judge them on the real machine, where a
	// fixture root's links (a toolchain adopted through the fixture) resolve.
	hv := host.New("/", env)
	hv.User = h.User
	rep, err := doctor.Run(ctx, hv, doctor.Options{WorkDir: workDir, Only: doctorChecks})
	if err != nil {
		v.add("doctor", false, "doctor: "+err.Error())
		return
	}
	for _, c := range rep.Checks {
		msg := "doctor " + c.ID + ": " + c.Verdict + ": " + c.Message
		if c.Verdict != doctor.OK && c.Fix != "" {
			msg += " (fix: " + c.Fix + ")"
		}
		v.add("doctor."+c.ID, c.Verdict != doctor.Fail, msg)
	}
}
