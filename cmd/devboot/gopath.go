package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/devboot/devboot/pkg/gopath"
	"github.com/devboot/devboot/pkg/mounts"
	"github.com/devboot/devboot/pkg/plan"
)

// GopathCmd inspects and fixes where GOPATH and the Go caches live.
type GopathCmd struct {
	Status  GopathStatusCmd  `cmd:"" help:"Where GOPATH, GOMODCACHE, GOCACHE, GOBIN and the module live, on which filesystem, and what is wrong with that."`
	Fix     GopathFixCmd     `cmd:"" help:"On WSL2: bind-mount (or copy) an NTFS-backed GOPATH onto a Linux path, rewrite its symlinks, move the caches to the Linux filesystem."`
	Restore GopathRestoreCmd `cmd:"" help:"Undo 'gopath fix'."`
}

// GopathStatusCmd is `devboot gopath status`.
type GopathStatusCmd struct{}

func (c *GopathStatusCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	wd, _ := os.Getwd() // no working directory: no module to report
	rep, err := gopath.Status(h, wd)
	if err != nil {
		return err
	}
	if g.JSON {
		return g.PrintJSON(rep)
	}
	fmt.Fprintf(g.stdout, "platform: %s\n", rep.Platform)
	for _, p := range rep.Paths {
		where := p.FSType
		if p.NTFS {
			where += " (NTFS, from " + p.WindowsPath + ")"
		}
		fmt.Fprintf(g.stdout, "%-4s %-10s %s [%s] on %s\n", p.Verdict, p.Name, p.Path, p.Source, where)
		if p.Real != p.Path {
			fmt.Fprintf(g.stdout, "     %-10s resolves to %s\n", "", p.Real)
		}
		if p.Problem != "" {
			fmt.Fprintf(g.stdout, "     problem: %s\n     fix: %s\n", p.Problem, p.Fix)
		}
	}
	for _, m := range rep.Migrations {
		fmt.Fprintf(g.stdout, "migrated %s -> %s: ", m.From, m.To)
		printMigration(g.stdout, m)
	}
	return nil
}

// GopathFixCmd is `devboot gopath fix`.
type GopathFixCmd struct {
	From    string `type:"path" placeholder:"DIR" help:"The NTFS-backed GOPATH (default: the first GOPATH entry on a Windows drive)."`
	To      string `type:"path" placeholder:"DIR" help:"The Linux path to bind or copy it to (default: ~/go)."`
	Mode    string `enum:"bind,migrate" default:"bind" help:"bind: mount the NTFS tree at a Linux path (stable paths, NTFS speed); migrate: copy it to ext4 (fast; the original stays)."`
	Persist bool   `help:"Mount the bind again at every WSL start (/etc/fstab, or a systemd mount unit when systemd runs)."`
	Force   bool   `help:"Act outside WSL2, on a --from that is not NTFS, or over a non-empty --to."`
	Distro  string `placeholder:"NAME" help:"This distribution's name (default: $WSL_DISTRO_NAME, which sudo drops)."`
}

type fixResult struct {
	Fix       *gopath.Fix       `json:"fix"`
	Result    *plan.Result      `json:"result"`
	Migration *gopath.Migration `json:"migration,omitempty"`
}

func (c *GopathFixCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	ctx := context.Background()
	fx, err := gopath.PlanFix(ctx, h, gopath.FixOptions{From: c.From, To: c.To, Mode: c.Mode, Persist: c.Persist, Force: c.Force, Distro: c.Distro})
	if err != nil {
		return err
	}
	r, err := g.Runner(gopath.Command, gopath.JournalFile)
	if err != nil {
		return err
	}
	needed, prepared, err := r.Needed(ctx, fx.Steps)
	if err != nil {
		return err
	}
	if !g.DryRun && os.Geteuid() != 0 && slices.ContainsFunc(needed, func(s plan.Step) bool { return slices.Contains(rootKinds, s.Kind()) }) {
		return fmt.Errorf("gopath fix --mode %s mounts and may write under /etc, which needs root: run sudo devboot gopath fix (devboot still configures %s, and files it creates in their home stay theirs)", fx.Mode, h.User.Name)
	}
	res, err := r.RunNeeded(ctx, needed, prepared)
	out := fixResult{Fix: fx, Result: res, Migration: gopath.MigrationOf(fx.Steps)}
	if g.JSON {
		return g.PrintJSONAnd(out, err)
	}
	printFix(g, out)
	return err
}

func printFix(g *Globals, out fixResult) {
	w, fx := g.stdout, out.Fix
	if fx.From != "" {
		fmt.Fprintf(w, "%s %s (%s) -> %s\n", fx.Mode, fx.From, fx.FromWindows, fx.To)
	}
	if out.Result != nil && !out.Result.DryRun {
		for _, s := range out.Result.Steps {
			fmt.Fprintf(w, "%s: %s\n", s.Status, s.Summary)
		}
	}
	if fx.Links != nil {
		printScan(g, fx.Links, out.Result)
	}
	if m := out.Migration; m != nil {
		fmt.Fprintf(w, "copied %d entries (%d bytes, %d links retargeted)\n", m.Entries, m.Bytes, m.Relinked)
		printMigration(w, *m)
	}
	for _, n := range fx.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

func printMigration(w io.Writer, m gopath.Migration) {
	fmt.Fprintf(w, "stat walk of all %d entries: NTFS %s %.2f ms, Linux copy %s %.2f ms (%.1fx faster)\n",
		m.Entries, m.From, m.NTFSStatMS, m.To, m.LinuxStatMS, m.Speedup())
}

// rootKinds are the steps that mount or write under /etc.
var rootKinds = []string{mounts.KindBind, gopath.KindFstab, gopath.KindUnit}

// GopathRestoreCmd is `devboot gopath restore`.
type GopathRestoreCmd struct{}

func (c *GopathRestoreCmd) Run(g *Globals) error {
	r, err := g.Runner(gopath.Command, gopath.JournalFile)
	if err != nil {
		return err
	}
	entries, err := plan.LoadJournal(r.Journal)
	if err != nil {
		return err
	}
	if !g.DryRun && os.Geteuid() != 0 && slices.ContainsFunc(entries, func(e plan.Entry) bool {
		return gopath.IsFixEntry(e) && slices.Contains(rootKinds, e.Kind)
	}) {
		return errors.New("gopath restore unmounts and edits files under /etc, which needs root: run sudo devboot gopath restore")
	}
	res, err := gopath.Restore(context.Background(), r)
	nothing := "no gopath fix is recorded: nothing to restore"
	if slices.ContainsFunc(entries, func(e plan.Entry) bool { return e.Command == "up" }) {
		nothing += " (what devboot up changed is undone by devboot down)"
	}
	return printUndo(g, res, err, nothing)
}
