package main

import (
	"context"
	"fmt"

	"github.com/devboot/devboot/pkg/modproxy"
	"github.com/devboot/devboot/pkg/plan"
)

// ProxyCmd manages module proxies devboot makes.
type ProxyCmd struct {
	Fill ProxyFillCmd `cmd:"" help:"Download the module's whole dependency graph (through the go command) into DIR, a GOPROXY-layout offline mirror with checksums."`
}

// ProxyFillCmd fills an offline module mirror.
type ProxyFillCmd struct {
	Dir    string `arg:"" type:"path" help:"The mirror directory (created if missing). Build offline with GOPROXY=file://DIR GOSUMDB=off, or GOFLAGS=-mod=mod and go.sum's sums."`
	Module string `name:"module" type:"path" default:"." placeholder:"DIR" help:"The module whose dependencies to mirror (the directory holding go.mod)."`
}

func (c *ProxyFillCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	ctx := context.Background()
	env := h.Environ()
	steps, rep, cleanup, err := modproxy.Plan(ctx, h, c.Dir, modproxy.Options{Module: c.Module, Env: env,
		UserModCache: modproxy.UserModCache(ctx, "", env)})
	defer cleanup()
	if err != nil {
		return err
	}
	r, err := g.Runner("proxy fill", "journal.json")
	if err != nil {
		return err
	}
	res, runErr := r.Run(ctx, steps)
	rep.New = len(steps[0].(*modproxy.FillStep).Files) // Prepare kept only what the mirror lacks
	if g.JSON {
		return g.PrintJSONAnd(struct {
			*modproxy.Report
			Plan *plan.Result `json:"plan"`
		}{rep, res}, runErr)
	}
	if runErr != nil {
		return runErr
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(g.stderr, "warning:", w)
	}
	if g.DryRun {
		return nil
	}
	fmt.Fprintf(g.stdout, "%s: %d modules, %d files (%d new, %d verified against go.sum)\n", rep.Mirror, rep.Modules, rep.Files, rep.New, rep.Verified)
	fmt.Fprintf(g.stdout, "offline: GOPROXY=file://%s GOSUMDB=off GOFLAGS=-mod=mod go build ./...\n", rep.Mirror)
	return nil
}
