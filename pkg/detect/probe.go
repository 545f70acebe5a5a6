package detect

import (
	"context"

	"github.com/devboot/devboot/pkg/engine"
	"github.com/devboot/devboot/pkg/host"
)

// Probe detects where devboot runs. The engine is asked in parallel with
// the file probes, within engine.DefaultTimeout; its absence is a fact in
// the report, never an error. The error is reserved for a cancelled ctx.
func Probe(ctx context.Context, h *host.Host, opts Options) (*Report, error) {
	var engineInfo chan engine.Info
	if !opts.SkipEngine {
		engineInfo = make(chan engine.Info, 1)
		go func() { engineInfo <- engine.Probe(ctx, h, 0) }()
	}
	r := Decide(Gather(h, opts))
	if engineInfo != nil {
		r.DockerEngine = <-engineInfo
	}
	return r, ctx.Err()
}
