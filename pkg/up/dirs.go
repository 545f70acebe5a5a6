package up

import (
	"context"
	"os"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindDirs is the journal kind of DirsStep.
const KindDirs = "up.dirs"

// DirsStep creates devboot's directories (the data directory, where the
// journal lives, and the toolchains and bin directories in it) and records
// which it created, so that down can leave the home exactly as it was: the
// steps that fill them remove their own files, not the directories. It is
// the first step of every up, so its undo runs last.
type DirsStep struct {
	Dirs    []string `json:"dirs"`
	Created []string `json:"created"` // outermost first, as goenv.MkdirAllFor
}

func init() { plan.Register(KindDirs, func() plan.Step { return &DirsStep{} }) }

func (s *DirsStep) Kind() string     { return KindDirs }
func (s *DirsStep) Describe() string { return "create " + strings.Join(s.Dirs, ", ") }

// Prepare records the missing directories before Apply, so that even an up
// killed during Apply leaves a journal that removes them.
func (s *DirsStep) Prepare(_ context.Context, _ *host.Host) (bool, error) {
	s.Created = nil
	for _, dir := range s.Dirs {
		missing, err := fsutil.MissingDirs(dir)
		if err != nil {
			return false, err
		}
		for _, d := range missing {
			if !slices.Contains(s.Created, d) {
				s.Created = append(s.Created, d)
			}
		}
	}
	return len(s.Created) > 0, nil
}

func (s *DirsStep) Apply(_ context.Context, h *host.Host) error {
	for _, d := range s.Dirs {
		if _, err := goenv.MkdirAllFor(h, d); err != nil {
			return err
		}
	}
	return nil
}

// Undo removes the directories it created while they are empty: what
// someone else put there since is kept. While the journal still lives in
// the data directory that one stays; Down removes it with the journal.
func (s *DirsStep) Undo(context.Context, *host.Host) error {
	removeEmptyCreated(s.Created)
	return nil
}

// removeEmptyCreated removes the created directories that are still there
// and empty, innermost first.
func removeEmptyCreated(created []string) {
	for i := len(created) - 1; i >= 0; i-- {
		// A missing or non-empty directory fails to go, and is kept.
		_ = os.Remove(created[i])
	}
}
