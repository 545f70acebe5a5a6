package gopath

import (
	"context"

	"github.com/devboot/devboot/pkg/plan"
)

// IsFixEntry selects the journal entries `gopath restore` undoes: those
// `gopath fix` recorded (what `devboot up` did is `devboot down`'s).
func IsFixEntry(e plan.Entry) bool { return e.Command == Command }

// Restore undoes every `gopath fix` step in r's journal, newest first.
func Restore(ctx context.Context, r *plan.Runner) (*plan.Result, error) {
	return r.Undo(ctx, IsFixEntry)
}
