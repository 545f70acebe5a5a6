package up

import (
	"context"
	"fmt"

	"github.com/devboot/devboot/pkg/gopath"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// gopathSteps fixes an NTFS-backed GOPATH or Go cache on WSL2 with
// gopath's own plan (bind mount, link rewrites, caches moved to ext4):
// only where mounting is possible; elsewhere it says what to run instead.
func gopathSteps(ctx context.Context, h *host.Host, f Facts, d Decision) ([]plan.Step, []string, error) {
	if !d.Policy.GopathFix || !f.GopathNTFS {
		return nil, nil, nil
	}
	if !d.Policy.Mounts {
		return nil, []string{"GOPATH or a Go cache is on a Windows drive (slow, and go's file locking breaks there); bind-mounting it needs root: run 'sudo devboot up', or 'devboot gopath fix --mode migrate' to copy it to Linux"}, nil
	}
	fx, err := gopath.PlanFix(ctx, h, gopath.FixOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("GOPATH fix: %w", err)
	}
	return fx.Steps, fx.Notes, nil
}
