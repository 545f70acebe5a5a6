package main

import (
	"context"
	"os"

	"github.com/devboot/devboot/pkg/detect"
)

// DetectCmd reports where devboot runs.
type DetectCmd struct {
	NoEngine bool `name:"no-engine" help:"Do not ask the Docker engine (faster; docker_engine.skipped is true)."`
}

func (c *DetectCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	wd, _ := os.Getwd()
	r, err := detect.Probe(context.Background(), h, detect.Options{SkipEngine: c.NoEngine, WorkDir: wd})
	if err != nil {
		return err
	}
	for _, w := range r.Warnings {
		g.log.Debug("detect", "warning", w)
	}
	if g.JSON {
		return g.PrintJSON(r)
	}
	return r.WriteText(g.stdout)
}
