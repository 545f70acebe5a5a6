package up

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// DownOptions tune Down.
type DownOptions struct {
	// Purge also removes the toolchains up downloaded; without it they stay
	// installed (and journaled, so a later `down --purge` removes them).
	Purge bool
	// Kept reports journal entries that down keeps unless Purge: downloads.
	Kept   func(plan.Entry) bool
	Yes    bool      // undo without asking
	Prompt bool      // may ask (a terminal, not a container)
	In     io.Reader // answers
	Out    io.Writer // human text; nil for none
}

// Down undoes what up journaled, newest first. When the journal ends up
// empty it removes the journal itself and the directories up created for
// it, leaving the home as it was before the first up.
func Down(ctx context.Context, r *plan.Runner, opts DownOptions) (*plan.Result, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	entries, err := plan.LoadJournal(r.Journal)
	if err != nil {
		return nil, err
	}
	kept := func(e plan.Entry) bool { return !opts.Purge && opts.Kept != nil && opts.Kept(e) }
	keeping := slices.ContainsFunc(entries, kept)
	// While something stays journaled, so do the directories holding the
	// journal: a later `down --purge` removes them.
	match := func(e plan.Entry) bool { return !kept(e) && !(keeping && e.Kind == KindDirs) }

	dry := *r
	dry.DryRun, dry.Out = true, nil
	list, err := dry.Undo(ctx, match)
	if err != nil {
		return list, err
	}
	if len(list.Steps) == 0 {
		fmt.Fprintln(out, "Nothing to undo: the journal of 'devboot up' is empty.")
		return list, nil
	}
	fmt.Fprintln(out, "Undo, newest first:")
	for _, s := range list.Steps {
		fmt.Fprintf(out, "  - %s\n", s.Summary)
	}
	for _, e := range entries {
		if kept(e) {
			fmt.Fprintf(out, "keep: %s (pass --purge to remove it)\n", e.Summary)
		}
	}
	if r.DryRun {
		return list, nil
	}
	if err := Confirm(opts.In, out, len(list.Steps), opts.Yes, opts.Prompt, "devboot down"); err != nil {
		return list, err
	}
	res, err := r.Undo(ctx, match)
	if err != nil || keeping {
		return res, err
	}
	if opts.Purge {
		purgeDownloads(r.Host, entries)
	}
	return res, removeJournal(r.Journal, entries)
}

// removeJournal deletes an emptied journal, its lock, and the directories
// up's DirsStep created to hold them.
func removeJournal(journal string, undone []plan.Entry) error {
	left, err := plan.LoadJournal(journal)
	if err != nil || len(left) > 0 {
		return err
	}
	for _, p := range []string{journal, journal + ".lock"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for _, e := range undone {
		if e.Kind != KindDirs {
			continue
		}
		var d DirsStep
		if err := json.Unmarshal(e.Data, &d); err != nil {
			return err
		}
		removeEmptyCreated(d.Created)
	}
	return nil
}

// purgeDownloads removes what installing the purged toolchains left beside
// them: the cached archive and the install lock. Undoing an install removes
// the toolchain itself, not these.
func purgeDownloads(h *host.Host, entries []plan.Entry) {
	l := toolchain.LayoutOf(h)
	for _, e := range entries {
		var s toolchain.InstallStep
		if e.Kind != toolchain.KindInstall || json.Unmarshal(e.Data, &s) != nil {
			continue
		}
		if s.Artifact.Filename != "" {
			os.Remove(filepath.Join(l.Cache, filepath.Base(s.Artifact.Filename)))
		}
		os.Remove(l.LockPath(s.Name))
	}
}
