package up

import (
	"context"
	"slices"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/perms"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/shellrc"
	"github.com/devboot/devboot/pkg/toolchain"
)

// up applies its steps in two phases, because the shell files describe the
// environment as it is once the toolchain is current and GOPATH fixed, and
// goenv can only resolve that environment from the machine itself:
//
//  1. Base: devboot's data directory, the toolchain (install or adopt, then
//     use), go's env file settings, the GOPATH fix on WSL2.
//  2. Shell: the managed blocks in the shell startup files (environment.d
//     only where a systemd user session exists) and permission fixes,
//     composed from goenv's environment after phase 1 has been applied.

// ComposeBase returns phase 1's steps, built with each capability
// package's own constructors. Notes are what the user should know.
func ComposeBase(ctx context.Context, h *host.Host, f Facts, d Decision) (steps []plan.Step, notes []string, err error) {
	l := toolchain.LayoutOf(h)
	dirs := []string{l.Data, l.Toolchains(), l.Bin()}
	if d.Toolchain.Action == ActionInstall {
		dirs = append(dirs, l.Cache) // where the download is kept
	}
	steps = []plan.Step{&DirsStep{Dirs: dirs}}
	tc, err := toolchainSteps(ctx, h, f, d)
	if err != nil {
		return nil, nil, err
	}
	steps = append(steps, tc...)
	steps = append(steps, goenv.Env{Settings: f.Settings}.SettingSteps()...)
	gp, notes, err := gopathSteps(ctx, h, f, d)
	if err != nil {
		return nil, nil, err
	}
	steps = append(steps, gp...)
	return steps, notes, nil
}

// ComposeShell returns phase 2's steps for environment e: shellrc's blocks,
// without the environment.d file where the policy rules it out, then, with
// checkPerms, perms' fixes for what the environment's paths hold (a
// user-writable GOROOT, root-owned files in the user's Go directories
// after sudo). Checking permissions walks those trees, so up does it only
// when it changes something or runs under sudo: a no-op up stays fast, and
// `devboot doctor` reports permission problems that arise later.
func ComposeShell(h *host.Host, e goenv.Env, p Policy, checkPerms bool) ([]plan.Step, error) {
	steps, err := shellrc.InstallSteps(h, e)
	if err != nil {
		return nil, err
	}
	steps = withoutEnvironmentD(h, steps, p)
	if checkPerms {
		steps = append(steps, perms.FixSteps(perms.Check(h, perms.DefaultPaths(h, e)))...)
	}
	return steps, nil
}

// withoutEnvironmentD drops the environment.d block unless the policy allows it.
func withoutEnvironmentD(h *host.Host, steps []plan.Step, p Policy) []plan.Step {
	if p.EnvironmentD {
		return steps
	}
	var envd []string
	for _, t := range shellrc.Targets(h) {
		if t.Shell == "environment.d" {
			envd = append(envd, t.Path)
		}
	}
	return slices.DeleteFunc(steps, func(s plan.Step) bool {
		b, ok := s.(*shellrc.BlockStep)
		return ok && slices.Contains(envd, b.File)
	})
}
