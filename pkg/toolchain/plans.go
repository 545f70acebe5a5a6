package toolchain

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// The Plan* functions build the steps each toolchain change is made of, for
// `devboot toolchain ...` and for `devboot up`, which composes them.

// PlanInstall installs release v for p from src, and (for the host's own
// platform) links bin/goX.Y.Z to it. An installed or adopted version costs
// no network: the source is not asked and the steps' Prepare says "not needed".
func PlanInstall(ctx context.Context, h *host.Host, src Source, v string, p Platform, fo FetchOptions) ([]plan.Step, error) {
	l := LayoutOf(h)
	name := Name(v, p)
	var steps []plan.Step
	if t, ok := Find(h, v, p); !ok || !complete(t.Path) {
		art, err := src.Artifact(ctx, v, p)
		if err != nil {
			return nil, err
		}
		steps = append(steps, &InstallStep{Version: v, Platform: p, Name: name, Dir: l.Dir(name), Artifact: art, layout: l, fetch: fo})
	}
	if p == HostPlatform() {
		steps = append(steps, binLink(l, v, name))
	}
	return steps, nil
}

func binLink(l Layout, v, name string) *LinkStep {
	return &LinkStep{Link: l.BinLink(v), Target: filepath.Join(l.Dir(name), "bin", "go")}
}

// PlanAdopt registers a toolchain already on the machine and links
// bin/goX.Y.Z to it.
func PlanAdopt(h *host.Host, a Adoptable) []plan.Step {
	l := LayoutOf(h)
	return []plan.Step{
		&AdoptStep{Version: a.Version, GOROOT: a.GOROOT, Link: l.Dir(a.Version)},
		binLink(l, a.Version, a.Version),
	}
}

// PlanUse makes installed (or just-adopted/installed, in the same plan)
// version v for the host's platform the active toolchain. It checks nothing
// about installation so that up can compose install+use; UseStep.Apply does.
func PlanUse(h *host.Host, v string) []plan.Step {
	l := LayoutOf(h)
	return []plan.Step{&UseStep{LinkStep: LinkStep{Link: l.Current(), Target: l.Dir(v)}, Version: v}}
}

// PlanRemove removes version v for p (refused for the active one unless
// force; with force, `current` is removed too) and its bin/goX.Y.Z link.
func PlanRemove(h *host.Host, v string, p Platform, force bool) ([]plan.Step, error) {
	ts, installed, err := installedFor(h, p)
	if err != nil {
		return nil, err
	}
	i := slices.Index(installed, v)
	if i < 0 {
		miss := &NotInstalledError{Spec: Spec{Kind: SpecExact, Version: v}, Platform: p, Installed: installed}
		return nil, exitcode.BadInput(fmt.Errorf("%w; nothing to remove", miss))
	}
	t := ts[i]
	l := LayoutOf(h)
	var steps []plan.Step
	if t.Active {
		if !force {
			return nil, exitcode.BadInput(fmt.Errorf("%s is the active toolchain: use another first, or pass --force", v))
		}
		steps = append(steps, &UseStep{LinkStep: LinkStep{Link: l.Current(), Target: ""}, Version: "none"})
	}
	if p == HostPlatform() {
		steps = append(steps, &LinkStep{Link: l.BinLink(v), Target: ""})
	}
	return append(steps, &RemoveStep{Version: v, Platform: p, Name: t.Name, Dir: t.Path, Force: force}), nil
}

// PlanPrune removes all but the keep newest patches of each minor, never the
// active toolchain nor adopted ones (they are not devboot's to delete).
func PlanPrune(h *host.Host, keep int) ([]plan.Step, error) {
	if keep < 1 {
		return nil, exitcode.BadInput(fmt.Errorf("--keep %d: keep at least 1 per minor", keep))
	}
	ts, err := Installed(h)
	if err != nil {
		return nil, err
	}
	kept := map[string]int{} // minor/platform → kept so far (ts is newest first)
	var steps []plan.Step
	for _, t := range ts {
		k := Minor(t.Version) + "/" + t.Platform.String()
		if t.Active || t.Adopted {
			continue
		}
		if kept[k] < keep {
			kept[k]++
			continue
		}
		s, err := PlanRemove(h, t.Version, t.Platform, false)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s...)
	}
	return steps, nil
}
