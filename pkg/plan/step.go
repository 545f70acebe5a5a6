// Package plan is the one way devboot changes a machine.
//
// A command builds a list of typed Steps; the Runner prepares them (finding
// which still have work to do and capturing what undo will need), prints them
// under --dry-run, and otherwise records each one in a journal before applying
// it. Undo replays the journal backwards. Because every writing command goes
// through here, `up`, `down` and `--dry-run` need no code of their own.
package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/devboot/devboot/pkg/host"
)

// Step is one change to the machine. Its exported fields are its journal
// record, so a step read back from journal.json can still be undone after
// devboot (or the machine) restarted.
type Step interface {
	// Kind names the step type in the journal; see Register.
	Kind() string
	// Describe says in one line what Apply will do, for plans and --dry-run.
	Describe() string
	// Prepare inspects the machine without changing it, stores in the step
	// what Undo will need (an old file's content, a link's old target), and
	// reports whether anything is left to do. A step that is not needed is
	// neither applied nor journaled: that is what makes re-runs no-ops.
	Prepare(ctx context.Context, h *host.Host) (needed bool, err error)
	// Apply makes the change.
	Apply(ctx context.Context, h *host.Host) error
	// Undo reverses Apply. The step is journaled before Apply starts, so Undo
	// must also cope with an Apply that was cut short (or never began).
	Undo(ctx context.Context, h *host.Host) error
}

// Previewer is a step that can show its change in detail (a diff) under
// --dry-run, beyond its one-line description.
type Previewer interface {
	Preview() string
}

// Scoped is a step that belongs to a scope (a directory, a toolchain), so
// that a command can undo only its own part of the journal.
type Scoped interface {
	Scope() string
}

var (
	registryMu sync.RWMutex
	registry   = map[string]func() Step{}
)

// Register makes a step kind decodable from the journal. Packages call it
// from init for every step type they define.
func Register(kind string, factory func() Step) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[kind]; dup {
		panic("plan: step kind registered twice: " + kind)
	}
	registry[kind] = factory
}

// Kinds lists the registered step kinds, sorted.
func Kinds() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	kinds := make([]string, 0, len(registry))
	for k := range registry {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

func decode(kind string, data json.RawMessage) (Step, error) {
	registryMu.RLock()
	factory, ok := registry[kind]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("journal names step kind %q, which this devboot does not know (was it written by a newer version?)", kind)
	}
	s := factory()
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("journal entry of kind %q is damaged: %w", kind, err)
	}
	return s, nil
}
