package perms

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindFix is the journal kind of FixStep.
const KindFix = "perms.fix"

func init() { plan.Register(KindFix, func() plan.Step { return &FixStep{} }) }

// FixStep applies one Finding's fix to its tree, recording every entry's
// previous owner and mode so Undo can put them back.
type FixStep struct {
	Finding Finding
	Changed []Change // filled by Apply, entry by entry, before each change
}

// Change is one entry's state before the fix.
type Change struct {
	Path string      `json:"path"`
	UID  int         `json:"uid"`
	GID  int         `json:"gid"`
	Mode fs.FileMode `json:"mode"`
}

// FixSteps returns a step per finding devboot may fix (not Manual ones).
func FixSteps(findings []Finding) []plan.Step {
	steps := make([]plan.Step, 0, len(findings))
	for _, f := range findings {
		if !f.Manual {
			steps = append(steps, &FixStep{Finding: f})
		}
	}
	return steps
}

func (s *FixStep) Kind() string     { return KindFix }
func (s *FixStep) Scope() string    { return s.Finding.Path }
func (s *FixStep) Describe() string { return s.Finding.Fix + ": " + s.Finding.Path }

func (s *FixStep) Prepare(context.Context, *host.Host) (bool, error) {
	if !filepath.IsAbs(s.Finding.Path) {
		return false, fmt.Errorf("permission fix for %q: not an absolute path", s.Finding.Path)
	}
	if err := scan(&s.Finding); err != nil {
		return false, err
	}
	if s.Finding.Count > 0 && s.Finding.UID >= 0 && os.Geteuid() != 0 {
		return false, fmt.Errorf("changing owners under %s needs root: run the same devboot command with sudo", s.Finding.Path)
	}
	return s.Finding.Count > 0, nil
}

func (s *FixStep) Apply(_ context.Context, h *host.Host) error {
	f := s.Finding
	return filepath.WalkDir(f.Path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		uid, gid, mode, err := lstat(p)
		if err != nil || !offender(f, uid, mode) {
			return err
		}
		s.Changed = append(s.Changed, Change{Path: p, UID: uid, GID: gid, Mode: mode})
		if f.UID >= 0 {
			// Lchown: a link is given away itself, never what it points to.
			if err := os.Lchown(p, f.UID, f.GID); err != nil {
				return err
			}
		}
		if mode&fs.ModeSymlink == 0 && mode.Perm()&f.ClearWrite != 0 {
			return os.Chmod(p, mode.Perm()&^f.ClearWrite|mode&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
		}
		// chown cleared setuid/setgid bits: restore the mode as it was.
		if f.UID >= 0 && mode&fs.ModeSymlink == 0 && mode&(fs.ModeSetuid|fs.ModeSetgid) != 0 {
			return os.Chmod(p, mode.Perm()|mode&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
		}
		return nil
	})
}

// Undo restores owners and modes, newest change first.
func (s *FixStep) Undo(context.Context, *host.Host) error {
	for i := len(s.Changed) - 1; i >= 0; i-- {
		c := s.Changed[i]
		if err := os.Lchown(c.Path, c.UID, c.GID); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return err
		}
		if c.Mode&fs.ModeSymlink == 0 {
			if err := os.Chmod(c.Path, c.Mode.Perm()|c.Mode&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
				return err
			}
		}
	}
	return nil
}
