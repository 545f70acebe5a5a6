package shellrc

import (
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// InstallSteps writes devboot's block, rendered from e, into every file of
// Targets(h). The content is static (no call to devboot at shell start):
// shells start as fast as before and work without devboot on PATH.
func InstallSteps(h *host.Host, e goenv.Env) ([]plan.Step, error) {
	var steps []plan.Step
	for _, t := range Targets(h) {
		body, err := Render(e, t.Shell)
		if err != nil {
			return nil, err
		}
		steps = append(steps, &BlockStep{File: t.Path, Block: Wrap(body), Owned: t.Owned})
	}
	return steps, nil
}

// UninstallSteps removes devboot's block from every file that may hold
// one; files devboot owns are deleted. (Undoing the journal instead also
// deletes the rc files devboot created and restores replaced blocks.)
func UninstallSteps(h *host.Host) []plan.Step {
	var steps []plan.Step
	for _, t := range allTargets(h) {
		steps = append(steps, &BlockStep{File: t.Path, Owned: t.Owned})
	}
	return steps
}
