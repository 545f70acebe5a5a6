package up

import (
	"context"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// toolchainSteps provides the chosen toolchain (adopt it, or download it)
// and makes it current. Keeping or re-using one only (re)points current,
// whose Prepare finds nothing to do when it already points there.
func toolchainSteps(ctx context.Context, h *host.Host, f Facts, d Decision) ([]plan.Step, error) {
	c := d.Toolchain
	var steps []plan.Step
	switch c.Action {
	case ActionAdopt:
		steps = toolchain.PlanAdopt(h, toolchain.Adoptable{Version: c.Version, GOROOT: c.GOROOT})
	case ActionInstall:
		src, err := toolchain.NewSource(h, toolchain.SourceOptions{DLURL: f.DlURL, Fetch: f.Fetch})
		if err != nil {
			return nil, err
		}
		if steps, err = toolchain.PlanInstall(ctx, h, src, c.Version, toolchain.HostPlatform(), f.Fetch); err != nil {
			return nil, err
		}
	}
	return append(steps, toolchain.PlanUse(h, c.Version)...), nil
}

// DownloadedToolchain reports journal entries of toolchains up downloaded:
// down keeps those unless --purge. Adopted ones are never deleted anyway:
// undoing an adoption only unregisters it.
func DownloadedToolchain(e plan.Entry) bool {
	return e.Kind == toolchain.KindInstall
}
