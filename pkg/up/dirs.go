package up

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindDirs is the journal kind of DirsStep.
const KindDirs = "up.dirs"

// DirsStep creates devboot's data directory (where the journal lives) and
// records which of its ancestors it created, so that down can leave the
// home exactly as it was. It is the first step of every up.
type DirsStep struct {
	Dir     string   `json:"dir"`
	Created []string `json:"created"` // outermost first, as goenv.MkdirAllFor
}

func init() { plan.Register(KindDirs, func() plan.Step { return &DirsStep{} }) }

func (s *DirsStep) Kind() string     { return KindDirs }
func (s *DirsStep) Describe() string { return "create " + s.Dir }

// Prepare records the missing directories before Apply, so that even an up
// killed during Apply leaves a journal that removes them.
func (s *DirsStep) Prepare(_ context.Context, _ *host.Host) (bool, error) {
	s.Created = nil
	for d := filepath.Clean(s.Dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		s.Created = append([]string{d}, s.Created...)
		if d == filepath.Dir(d) {
			break
		}
	}
	return len(s.Created) > 0, nil
}

func (s *DirsStep) Apply(_ context.Context, h *host.Host) error {
	_, err := goenv.MkdirAllFor(h, s.Dir)
	return err
}

// Undo removes the directories it created while they are empty: what
// someone else put there since is kept. While the journal still lives in
// Dir this removes nothing; Down finishes the job once the journal is gone.
func (s *DirsStep) Undo(context.Context, *host.Host) error {
	goenv.RemoveEmptyDirs(s.Created)
	return nil
}
