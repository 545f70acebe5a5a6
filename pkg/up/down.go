package up

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/plan"
)

// DownOptions tunes Down.
type DownOptions struct {
	// Purge also removes the toolchains up downloaded; without it they stay
	// installed (and journaled, so a later `down --purge` removes them).
	Purge bool
	// Kept reports journal entries that down keeps unless Purge: downloads.
	Kept func(plan.Entry) bool
}

// Down undoes what up journaled, newest first. When the journal ends up
// empty it removes the journal itself and the directories up created for
// it, leaving the home as it was before the first up.
func Down(ctx context.Context, r *plan.Runner, opts DownOptions) (*plan.Result, error) {
	entries, err := plan.LoadJournal(r.Journal)
	if err != nil {
		return nil, err
	}
	kept := func(e plan.Entry) bool { return !opts.Purge && opts.Kept != nil && opts.Kept(e) }
	keeping := slices.ContainsFunc(entries, kept)
	// While something stays journaled, so do the directories holding the
	// journal: a later `down --purge` removes them.
	res, err := r.Undo(ctx, func(e plan.Entry) bool { return !kept(e) && !(keeping && e.Kind == KindDirs) })
	if err != nil || r.DryRun || keeping {
		return res, err
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
		goenv.RemoveEmptyDirs(d.Created)
	}
	return nil
}
