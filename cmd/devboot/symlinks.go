package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/mounts"
	"github.com/devboot/devboot/pkg/plan"
)

// SymlinksCmd rewrites links whose targets only work on Windows or at the
// tree's drive path, and puts them back.
type SymlinksCmd struct {
	Rewrite SymlinksRewriteCmd `cmd:"" help:"Rewrite symlinks under DIR whose targets are Windows paths or drive paths (/mnt/c/...) into DIR's own source; --dry-run lists them."`
	Restore SymlinksRestoreCmd `cmd:"" help:"Put back every link target that 'symlinks rewrite' changed under DIR."`
}

// SymlinksRewriteCmd is `devboot symlinks rewrite DIR`.
type SymlinksRewriteCmd struct {
	Distro string `placeholder:"NAME" help:"This distribution's name, for \\\\wsl$\\NAME targets (default: $WSL_DISTRO_NAME, which sudo drops)."`
	Dir    string `arg:"" type:"path" help:"The tree to scan."`
}

type symlinksResult struct {
	Scan   *mounts.RewriteReport `json:"scan"`
	Result *plan.Result          `json:"result"`
}

func (c *SymlinksRewriteCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	if err := checkDir(c.Dir); err != nil {
		return err
	}
	ctx := context.Background()
	steps, rep, err := mounts.PlanRewrite(ctx, h, c.Dir, mounts.RewriteOptions{Distro: c.Distro})
	if err != nil {
		return err
	}
	r, err := g.Runner("symlinks rewrite", "journal.json")
	if err != nil {
		return err
	}
	res, err := r.Run(ctx, steps)
	if g.JSON {
		return g.PrintJSONAnd(symlinksResult{Scan: rep, Result: res}, err)
	}
	printScan(g, rep, res)
	return err
}

// checkDir turns a missing or non-directory DIR into a usage error.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return exitcode.BadInput(fmt.Errorf("%w: give an existing directory", err))
	}
	if !fi.IsDir() {
		return exitcode.BadInput(fmt.Errorf("%s is not a directory: give the directory to scan", dir))
	}
	return nil
}

// printScan summarises a scan; the runner already listed the rewrites.
func printScan(g *Globals, rep *mounts.RewriteReport, res *plan.Result) {
	w := g.stdout
	fmt.Fprintf(w, "%s: %d entries, %d symlinks: %d to rewrite, %d relative (fine), %d left alone, %d unresolvable\n",
		rep.Dir, rep.Entries, rep.Links, len(rep.Rewrite), rep.Relative, len(rep.Keep), len(rep.Unresolvable))
	if !res.DryRun && res.Changed() {
		fmt.Fprintf(w, "rewrote %d link(s); undo with: devboot symlinks restore %s\n", len(rep.Rewrite), rep.Dir)
	}
	listFindings(w, "left", rep.Keep)
	listFindings(w, "unresolvable", rep.Unresolvable)
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "  not scanned: %s\n", s)
	}
	for _, s := range rep.Warnings {
		fmt.Fprintf(g.stderr, "warning: %s\n", s)
	}
}

// listFindings prints the first few findings of a kind; --json has all.
func listFindings(w io.Writer, label string, fs []mounts.Finding) {
	const most = 20
	for i, f := range fs {
		if i == most {
			fmt.Fprintf(w, "  ... and %d more %s (--json lists every one)\n", len(fs)-most, label)
			return
		}
		fmt.Fprintf(w, "  %s: %s -> %s (%s)\n", label, f.Path, f.Target, f.Reason)
	}
}

// SymlinksRestoreCmd is `devboot symlinks restore DIR`.
type SymlinksRestoreCmd struct {
	Dir string `arg:"" type:"path" help:"The tree whose rewrites to undo."`
}

func (c *SymlinksRestoreCmd) Run(g *Globals) error {
	if err := checkDir(c.Dir); err != nil {
		return err
	}
	dir, err := mounts.ResolveDir(c.Dir)
	if err != nil {
		return err
	}
	r, err := g.Runner("symlinks restore", "journal.json")
	if err != nil {
		return err
	}
	res, err := r.Undo(context.Background(), func(e plan.Entry) bool {
		return e.Kind == mounts.KindRelink && e.Scope == dir
	})
	return printUndo(g, res, err, "no symlink rewrite of "+dir+" is recorded: nothing to restore")
}

// printUndo reports an undo run: JSON, or a line per undone step.
func printUndo(g *Globals, res *plan.Result, err error, nothing string) error {
	if g.JSON {
		return g.PrintJSONAnd(res, err)
	}
	if res != nil && !res.DryRun {
		for _, s := range res.Steps {
			fmt.Fprintf(g.stdout, "%s: %s\n", s.Status, s.Summary)
		}
	}
	if err == nil && (res == nil || len(res.Steps) == 0) {
		fmt.Fprintln(g.stdout, nothing)
	}
	return err
}
