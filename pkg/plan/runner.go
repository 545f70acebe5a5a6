package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
)

// Runner applies and undoes steps through a journal.
type Runner struct {
	Host    *host.Host
	Journal string // path of the journal file
	Command string // recorded with each entry, e.g. "up" or "shell install"
	DryRun  bool
	Out     io.Writer // where --dry-run prints the plan; nil for silence
	Log     *slog.Logger
}

// Outcome of one step in a run.
const (
	StatusPlanned = "planned" // dry run: would be applied
	StatusApplied = "applied"
	StatusSkipped = "skipped" // nothing to do
	StatusUndone  = "undone"
	StatusFailed  = "failed"
)

// StepResult reports what happened to one step.
type StepResult struct {
	Kind    string `json:"kind"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	Preview string `json:"preview,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Result reports a whole run.
type Result struct {
	DryRun bool         `json:"dry_run"`
	Steps  []StepResult `json:"steps"`
}

// Changed reports whether the run applied (or, dry, would apply) anything.
func (r *Result) Changed() bool {
	for _, s := range r.Steps {
		if s.Status == StatusApplied || s.Status == StatusPlanned || s.Status == StatusUndone {
			return true
		}
	}
	return false
}

func (r *Runner) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.New(slog.DiscardHandler)
}

// lock serialises devboot runs that share a journal. It locks a separate
// file because the journal itself is replaced by rename.
func (r *Runner) lock(ctx context.Context) (func(), error) {
	if _, err := fsutil.MkdirAll(filepath.Dir(r.Journal), 0o755, r.chown); err != nil {
		return nil, err
	}
	l := flock.New(r.Journal + ".lock")
	ok, err := l.TryLockContext(ctx, 50*time.Millisecond)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("another devboot holds %s.lock", r.Journal)
	}
	if err := r.chown(l.Path()); err != nil {
		_ = l.Unlock()
		return nil, err
	}
	return func() { _ = l.Unlock() }, nil
}

// chown gives a file the runner created in the user's data directory to
// the user under sudo, so `sudo devboot` leaves nothing of root's there.
func (r *Runner) chown(path string) error {
	if r.Host == nil {
		return nil
	}
	return r.Host.Chown(path)
}

// save writes the journal, owned by the user under sudo.
func (r *Runner) save(entries []Entry) error {
	if err := saveJournal(r.Journal, entries); err != nil {
		return err
	}
	return r.chown(r.Journal)
}

// Run prepares every step, then (unless DryRun) applies the needed ones in
// order, journaling each before it runs. It stops at the first failure; the
// steps applied so far stay journaled, so a re-run completes the rest and
// an undo reverses what was done.
func (r *Runner) Run(ctx context.Context, steps []Step) (*Result, error) {
	needed, res, err := r.Needed(ctx, steps)
	if err != nil {
		return res, err
	}
	return r.RunNeeded(ctx, needed, res)
}

// RunNeeded is Run for steps Needed has just prepared (res is its result):
// a command that looks at the needed steps before running them, without
// asking anyone in between, need not prepare them twice.
func (r *Runner) RunNeeded(ctx context.Context, needed []Step, res *Result) (*Result, error) {
	if r.DryRun {
		for _, s := range needed {
			sr := StepResult{Kind: s.Kind(), Summary: s.Describe(), Status: StatusPlanned}
			if p, ok := s.(Previewer); ok {
				sr.Preview = p.Preview()
			}
			res.Steps = append(res.Steps, sr)
			if r.Out != nil {
				fmt.Fprintf(r.Out, "would: %s\n", sr.Summary)
				if sr.Preview != "" {
					fmt.Fprint(r.Out, indent(sr.Preview))
				}
			}
		}
		return res, nil
	}
	if len(needed) == 0 {
		return res, nil
	}
	unlock, err := r.lock(ctx)
	if err != nil {
		return res, err
	}
	defer unlock()
	entries, err := LoadJournal(r.Journal)
	if err != nil {
		return res, err
	}
	for _, s := range needed {
		data, err := json.Marshal(s)
		if err != nil {
			return res, fmt.Errorf("journal %s: %w", s.Kind(), err)
		}
		e := Entry{Command: r.Command, Kind: s.Kind(), Summary: s.Describe(), State: StateStarted, Time: time.Now().UTC(), Data: data}
		if sc, ok := s.(Scoped); ok {
			e.Scope = sc.Scope()
		}
		entries = append(entries, e)
		if err := r.save(entries); err != nil {
			return res, fmt.Errorf("cannot record %q in the journal, so it was not done: %w", e.Summary, err)
		}
		r.log().Debug("apply", "step", e.Summary)
		applyErr := s.Apply(ctx, r.Host)
		last := &entries[len(entries)-1]
		// Re-marshal: Apply may have learned more that Undo needs.
		if data, err := json.Marshal(s); err == nil {
			last.Data = data
		}
		last.State = StateApplied
		if applyErr != nil {
			last.State, last.Error = StateFailed, applyErr.Error()
		}
		if err := r.save(entries); err != nil && applyErr == nil {
			applyErr = err
		}
		if applyErr != nil {
			res.Steps = append(res.Steps, StepResult{Kind: e.Kind, Summary: e.Summary, Status: StatusFailed, Error: applyErr.Error()})
			return res, fmt.Errorf("%s: %w", e.Summary, applyErr)
		}
		res.Steps = append(res.Steps, StepResult{Kind: e.Kind, Summary: e.Summary, Status: StatusApplied})
	}
	return res, nil
}

// Needed prepares every step and returns the ones with work left, in
// order, changing nothing; res lists the others as skipped. A command that
// must show the plan and ask before applying calls Needed, then Run with
// the needed steps.
func (r *Runner) Needed(ctx context.Context, steps []Step) (needed []Step, res *Result, err error) {
	res = &Result{DryRun: r.DryRun}
	for _, s := range steps {
		ok, err := s.Prepare(ctx, r.Host)
		if err != nil {
			res.Steps = append(res.Steps, StepResult{Kind: s.Kind(), Summary: s.Describe(), Status: StatusFailed, Error: err.Error()})
			return nil, res, fmt.Errorf("%s: %w", s.Describe(), err)
		}
		if !ok {
			res.Steps = append(res.Steps, StepResult{Kind: s.Kind(), Summary: s.Describe(), Status: StatusSkipped})
			continue
		}
		needed = append(needed, s)
	}
	return needed, res, nil
}

// Undo reverses the journaled steps that match (all when match is nil),
// newest first, and drops them from the journal as each succeeds. Under
// DryRun it only lists them.
func (r *Runner) Undo(ctx context.Context, match func(Entry) bool) (*Result, error) {
	res := &Result{DryRun: r.DryRun}
	if !r.DryRun {
		unlock, err := r.lock(ctx)
		if err != nil {
			return res, err
		}
		defer unlock()
	}
	entries, err := LoadJournal(r.Journal)
	if err != nil {
		return res, err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if match != nil && !match(e) {
			continue
		}
		s, err := decode(e.Kind, e.Data)
		if err != nil {
			return res, err
		}
		if r.DryRun {
			res.Steps = append(res.Steps, StepResult{Kind: e.Kind, Summary: e.Summary, Status: StatusPlanned})
			if r.Out != nil {
				fmt.Fprintf(r.Out, "would undo: %s\n", e.Summary)
			}
			continue
		}
		r.log().Debug("undo", "step", e.Summary)
		if err := s.Undo(ctx, r.Host); err != nil {
			res.Steps = append(res.Steps, StepResult{Kind: e.Kind, Summary: e.Summary, Status: StatusFailed, Error: err.Error()})
			return res, fmt.Errorf("undo %s: %w (the journal still holds it and the older steps; fix and run again)", e.Summary, err)
		}
		entries = append(entries[:i], entries[i+1:]...)
		if err := r.save(entries); err != nil {
			return res, err
		}
		res.Steps = append(res.Steps, StepResult{Kind: e.Kind, Summary: e.Summary, Status: StatusUndone})
	}
	return res, nil
}

func indent(s string) string {
	out := make([]byte, 0, len(s)+16)
	start := true
	for i := 0; i < len(s); i++ {
		if start {
			out = append(out, "    "...)
		}
		out = append(out, s[i])
		start = s[i] == '\n'
	}
	if !start {
		out = append(out, '\n')
	}
	return string(out)
}
