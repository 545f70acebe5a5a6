package shellrc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindBlock is the journal kind of BlockStep.
const KindBlock = "shellrc.block"

func init() { plan.Register(KindBlock, func() plan.Step { return &BlockStep{} }) }

// BlockStep puts devboot's block (Block, as Wrap makes it) into File, or
// removes it when Block is "". File may be a symlink (a dotfiles repo): the
// write goes to its target, which keeps its mode and owner.
type BlockStep struct {
	File  string
	Block string
	Owned bool // the whole file is devboot's: removing the block deletes it

	// Captured for Undo.
	Created     bool // the file did not exist
	CreatedDirs []string
	Before      string // the whole file before Apply
	AfterSum    string // sha256 of what Apply wrote
	Duplicates  int    // extra pasted blocks that were collapsed

	old, new string
}

func (s *BlockStep) Kind() string { return KindBlock }

// Scope is the file, so one file's changes can be undone alone.
func (s *BlockStep) Scope() string { return s.File }

func (s *BlockStep) Describe() string {
	verb := "write devboot block in "
	if s.Block == "" {
		verb = "remove devboot block from "
	}
	d := verb + s.File
	if s.Duplicates > 0 {
		d += fmt.Sprintf(" (warning: the block was pasted %d times; keeping one)", s.Duplicates+1)
	}
	return d
}

// Preview is the unified diff Apply would make.
func (s *BlockStep) Preview() string { return unifiedDiff(s.File, s.old, s.new) }

func (s *BlockStep) Prepare(_ context.Context, _ *host.Host) (bool, error) {
	if err := s.compute(); err != nil {
		return false, err
	}
	return s.new != s.old, nil
}

// compute reads the file as it is now and works out the new content.
func (s *BlockStep) compute() error {
	target, err := fsutil.ResolveLinks(s.File)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.Created, s.old = true, ""
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file: devboot only edits plain startup files", s.File)
	case fi.Mode().Perm()&0o200 == 0:
		return fmt.Errorf("%s is read-only (mode %04o), so devboot leaves it alone: make it writable (chmod u+w %q) or add the block yourself, then run again", s.File, fi.Mode().Perm(), target)
	default:
		data, err := os.ReadFile(target)
		if err != nil {
			return err
		}
		s.Created, s.old = false, string(data)
	}
	s.new, s.Duplicates, err = ReplaceBlock(s.old, s.Block)
	if err != nil {
		return fmt.Errorf("%s: %w", s.File, err)
	}
	s.Before = s.old
	return nil
}

func (s *BlockStep) Apply(_ context.Context, h *host.Host) error {
	// Again, under the runner's lock: another devboot (or the user) may
	// have changed the file since Prepare.
	if err := s.compute(); err != nil {
		return err
	}
	target, err := fsutil.ResolveLinks(s.File)
	if err != nil {
		return err
	}
	s.AfterSum = sum(s.new)
	if s.Owned && s.new == "" {
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if s.new == s.old {
		return nil
	}
	if s.CreatedDirs, err = goenv.MkdirAllFor(h, filepath.Dir(target)); err != nil {
		return err
	}
	if err := fsutil.WriteFile(target, []byte(s.new), 0o644); err != nil {
		return fmt.Errorf("write %s: %w (the file is unchanged)", s.File, err)
	}
	if s.Created {
		return h.Chown(target)
	}
	return nil
}

// Undo puts the file back exactly as it was when it still holds what Apply
// wrote; otherwise (edited since) it only restores devboot's block.
func (s *BlockStep) Undo(_ context.Context, h *host.Host) error {
	target, err := fsutil.ResolveLinks(s.File)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(target)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return err
	}
	cur := string(data)
	want := s.Before
	if missing && s.AfterSum != sum("") {
		return nil // deleted since: nothing of devboot's is left
	}
	if sum(cur) != s.AfterSum {
		prev, _, err := ExtractBlock(s.Before)
		if err != nil {
			return err
		}
		if want, _, err = ReplaceBlock(cur, prev); err != nil {
			return fmt.Errorf("%s: %w", s.File, err)
		}
	}
	if s.Created && want == "" {
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		goenv.RemoveEmptyDirs(s.CreatedDirs)
		return nil
	}
	if want == cur && !missing {
		return nil
	}
	if err := fsutil.WriteFile(target, []byte(want), 0o644); err != nil {
		return err
	}
	if missing {
		return h.Chown(target)
	}
	return nil
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
