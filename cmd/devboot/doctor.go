package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/devboot/devboot/pkg/binwhy"
	"github.com/devboot/devboot/pkg/doctor"
	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/plan"
)

// DoctorCmd checks the Go environment, or explains why one command does
// not run (--bin).
type DoctorCmd struct {
	Bin     string   `name:"bin" placeholder:"NAME" help:"Explain why NAME is 'command not found' or fails to execute: PATH, builtins, permissions, ELF arch, interpreter, shared libraries, #!."`
	Fix     bool     `name:"fix" help:"Apply the fixes devboot owns (as journaled plan steps; --dry-run shows them) and print the commands for the rest."`
	Network bool     `name:"network" help:"Also contact each GOPROXY entry and GOSUMDB (bounded timeout). Off by default: doctor stays offline."`
	Only    []string `name:"only" placeholder:"ID" help:"Run only these checks (ids as printed, e.g. go.path,env.goroot)."`
	Shell   string   `name:"shell" placeholder:"SHELL" help:"For --bin: the shell whose builtins matter (default: $SHELL)."`
	Dir     string   `name:"dir" type:"path" placeholder:"DIR" help:"The project whose go.mod is checked (default: the working directory)."`
}

func (c *DoctorCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	if c.Bin != "" {
		return c.runBin(g)
	}
	ids := map[string]bool{}
	for _, ch := range doctor.Checks() {
		ids[ch.ID] = true
	}
	for _, id := range c.Only {
		if !ids[id] {
			return exitcode.BadInput(fmt.Errorf("--only %q: no such check (devboot doctor --json lists the ids)", id))
		}
	}
	wd := c.Dir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	opts := doctor.Options{WorkDir: wd, Network: c.Network, Only: c.Only}
	ctx := context.Background()
	rep, err := doctor.Run(ctx, h, opts)
	if err != nil {
		return err
	}
	var applied *plan.Result
	if c.Fix {
		applied, err = c.applyFixes(ctx, g, rep)
		// What was applied before a failure is said too (--dry-run already
		// printed its "would:" lines).
		if applied != nil && !g.JSON && !g.DryRun {
			for _, s := range applied.Steps {
				if s.Status != plan.StatusSkipped {
					fmt.Fprintf(g.stdout, "%s: %s\n", s.Status, s.Summary)
				}
			}
		}
		if err != nil {
			return err
		}
		if applied.Changed() && !g.DryRun {
			if rep, err = doctor.Run(ctx, h, opts); err != nil {
				return err
			}
		}
	}
	if g.JSON {
		if err := g.PrintJSON(struct {
			*doctor.Report
			Fixes *plan.Result `json:"fixes,omitempty"`
		}{rep, applied}); err != nil {
			return err
		}
	} else if err := rep.WriteText(g.stdout, g.Verbose); err != nil {
		return err
	}
	if rep.Failed() {
		return &exitcode.Error{Code: exitcode.Problems, Err: errors.New("doctor found problems (see the fixes above)")}
	}
	return nil
}

// applyFixes runs the steps of devboot-owned fixes through one journaled
// plan, each distinct step once.
func (c *DoctorCmd) applyFixes(ctx context.Context, g *Globals, rep *doctor.Report) (*plan.Result, error) {
	var steps []plan.Step
	seen := map[string]bool{}
	for _, s := range rep.FixSteps() {
		if key := s.Kind() + "\x00" + s.Describe(); !seen[key] {
			seen[key] = true
			steps = append(steps, s)
		}
	}
	r, err := g.Runner("doctor --fix", "journal.json")
	if err != nil {
		return nil, err
	}
	return r.Run(ctx, steps)
}

func (c *DoctorCmd) runBin(g *Globals) error {
	h, _ := g.Host()
	rep := binwhy.Diagnose(h, c.Bin, c.Shell)
	if g.JSON {
		if err := g.PrintJSON(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(g.stdout, rep.Text())
	}
	if rep.Verdict == binwhy.Fail {
		return &exitcode.Error{Code: exitcode.Problems, Err: fmt.Errorf("%s does not run: the %s layer is broken", c.Bin, rep.Broken)}
	}
	return nil
}
