package up

import (
	"context"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// gopathSteps will compose pkg/gopath's fix once that package lands; until
// then up says what it cannot do yet.
func gopathSteps(_ context.Context, _ *host.Host, f Facts, d Decision) ([]plan.Step, []string, error) {
	if !d.Policy.GopathFix || !f.GopathNTFS {
		return nil, nil, nil
	}
	return nil, []string{"GOPATH or a Go cache is on a Windows drive: this devboot cannot fix that yet"}, nil
}
