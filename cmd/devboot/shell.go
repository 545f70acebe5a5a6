package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/perms"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/shellrc"
)

// ShellCmd manages devboot's block in the user's startup files.
type ShellCmd struct {
	Install   ShellInstallCmd   `cmd:"" help:"Write devboot's managed block into every startup file each shell reads (and environment.d)."`
	Uninstall ShellUninstallCmd `cmd:"" help:"Remove devboot's managed block; files devboot created are deleted, everything else is kept byte for byte."`
	Status    ShellStatusCmd    `cmd:"" help:"Show which startup files hold devboot's block, whether it is current, and which shells read them."`
}

// ShellInstallCmd writes the blocks.
type ShellInstallCmd struct {
	FixPerms bool `name:"fix-perms" help:"Also give root-owned files in GOPATH, the Go caches and devboot's directories back to the user, and make GOROOT unwritable for the user (undoable; owner changes need sudo)."`
}

func (c *ShellInstallCmd) Run(g *Globals) error {
	h, e, err := resolveEnv(g)
	if err != nil {
		return err
	}
	steps, err := shellrc.InstallSteps(h, e)
	if err != nil {
		return exitcode.BadInput(err)
	}
	if c.FixPerms {
		steps = append(steps, perms.FixSteps(perms.Check(h, perms.DefaultPaths(h, e)))...)
	}
	r, err := g.Runner("shell install", "journal.json")
	if err != nil {
		return err
	}
	res, err := r.Run(context.Background(), steps)
	return shellReport(g, res, err)
}

// ShellUninstallCmd removes the blocks: first by undoing what the journal
// recorded (which also deletes rc files devboot created and restores a
// block it replaced), then any block left without a journal entry.
type ShellUninstallCmd struct{}

func (c *ShellUninstallCmd) Run(g *Globals) error {
	r, err := g.Runner("shell uninstall", "journal.json")
	if err != nil {
		return err
	}
	ctx := context.Background()
	isBlock := func(e plan.Entry) bool { return e.Kind == shellrc.KindBlock }
	journaled := map[string]bool{} // read for a dry run only (see below)
	if g.DryRun {
		entries, _ := plan.LoadJournal(r.Journal)
		for _, e := range entries {
			if isBlock(e) {
				journaled[e.Scope] = true
			}
		}
	}
	res, err := r.Undo(ctx, isBlock)
	if err != nil {
		return shellReport(g, res, err)
	}
	var steps []plan.Step
	for _, s := range shellrc.UninstallSteps(r.Host) {
		// A dry run has not undone anything: do not list those files twice.
		if !journaled[s.(plan.Scoped).Scope()] {
			steps = append(steps, s)
		}
	}
	// The leftovers go to a journal of their own: `devboot down` must not
	// put blocks back that the user asked to remove.
	rest, err := g.Runner("shell uninstall", "shell-uninstall.json")
	if err != nil {
		return err
	}
	more, err := rest.Run(ctx, steps)
	if more != nil {
		res.Steps = append(res.Steps, more.Steps...)
	}
	return shellReport(g, res, err)
}

// shellReport prints a plan result (JSON or one line per step) and passes err on.
func shellReport(g *Globals, res *plan.Result, err error) error {
	if res == nil {
		return err
	}
	if g.JSON {
		return g.PrintJSONAnd(res, err)
	}
	if !g.DryRun {
		for _, s := range res.Steps {
			if s.Status != plan.StatusSkipped {
				fmt.Fprintf(g.stdout, "%s: %s\n", s.Status, s.Summary)
			}
		}
		if !res.Changed() && err == nil {
			fmt.Fprintln(g.stdout, "nothing to do: already in place")
		}
	}
	return err
}

// ShellStatusCmd reports the startup files and, with --trace, what each
// shell in each mode really reads.
type ShellStatusCmd struct {
	// Opt-in: it starts about twenty shells (and runs the user's startup
	// files), and it changes the --json document from a list to an object.
	Trace bool `name:"trace" help:"Also start bash, zsh, fish, sh (each login, interactive, non-interactive, ssh command) and the systemd/GUI session, traced, and show which files each reads in which order, where devboot's block runs, and the PATH each ends up with."`
}

// shellTraceReport is the --json form of shell status --trace.
type shellTraceReport struct {
	Files []shellrc.FileStatus `json:"files"`
	Modes []shellrc.ModeReport `json:"modes"`
}

func (c *ShellStatusCmd) Run(g *Globals) error {
	h, e, err := resolveEnv(g)
	if err != nil {
		return err
	}
	st := shellrc.Status(h, e)
	var modes []shellrc.ModeReport
	if c.Trace {
		if modes, err = shellrc.Explain(context.Background(), h, e); err != nil {
			return exitcode.BadInput(err)
		}
	}
	if g.JSON {
		if c.Trace {
			return g.PrintJSON(shellTraceReport{Files: st, Modes: modes})
		}
		return g.PrintJSON(st)
	}
	if err := printFileStatus(g, st); err != nil {
		return err
	}
	if c.Trace {
		printModes(g, h.User.Home, modes)
	}
	return nil
}

func printFileStatus(g *Globals, st []shellrc.FileStatus) error {
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "FILE\tBLOCK\tREAD BY")
	for _, s := range st {
		block := s.Block
		if s.Error != "" {
			block += " (" + s.Error + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", s.Path, block, s.ReadBy)
	}
	return w.Flush()
}

// printModes prints, per shell and mode, the files read in order (devboot's
// block marked), the resulting PATH, and the documented rule.
func printModes(g *Globals, home string, modes []shellrc.ModeReport) {
	short := func(p string) string {
		if rest, ok := strings.CutPrefix(p, home+"/"); ok {
			return "~/" + rest
		}
		return p
	}
	for _, m := range modes {
		fmt.Fprintf(g.stdout, "\n%s %s (%s)\n", m.Shell, m.Mode, strings.Join(m.Command, " "))
		fmt.Fprintf(g.stdout, "  rule: %s\n", m.Rule)
		if m.Error != "" {
			fmt.Fprintf(g.stdout, "  error: %s\n", m.Error)
			continue
		}
		if len(m.Files) == 0 {
			fmt.Fprintln(g.stdout, "  reads no startup file")
		}
		for i, f := range m.Files {
			mark := ""
			switch {
			case f.BlockLine > 0 && f.BlockRan:
				mark = fmt.Sprintf("   <- devboot block (line %d) runs", f.BlockLine)
			case f.BlockLine > 0:
				mark = fmt.Sprintf("   <- devboot block (line %d) NOT reached", f.BlockLine)
			}
			by := ""
			if f.By == "rule" {
				by = " [by rule]"
			}
			fmt.Fprintf(g.stdout, "  %2d. %s%s%s\n", i+1, short(f.Path), by, mark)
		}
		first := "devboot's Go first"
		if !m.DevbootFirst {
			first = "devboot's Go NOT first"
		}
		fmt.Fprintf(g.stdout, "  PATH (%s): %s\n", first, m.PATH)
		for _, n := range m.Notes {
			fmt.Fprintf(g.stdout, "  note: %s\n", n)
		}
	}
}
