package mounts

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindRelink is the journal kind of RelinkStep.
const KindRelink = "mounts.relink"

func init() { plan.Register(KindRelink, func() plan.Step { return &RelinkStep{} }) }

// LinkChange is one link's old and new target.
type LinkChange struct {
	Path string `json:"path"` // relative to the step's Dir
	Old  string `json:"old"`
	New  string `json:"new"`
}

// RelinkStep rewrites the targets of links under Dir. One step holds every
// link of a directory tree: one journal entry, paths relative to Dir, and an
// undo that puts each original target back byte for byte.
type RelinkStep struct {
	Dir   string
	Links []LinkChange
}

func (s *RelinkStep) Kind() string { return KindRelink }

func (s *RelinkStep) Describe() string {
	return fmt.Sprintf("rewrite %d symlink(s) under %s to targets that resolve on Linux", len(s.Links), s.Dir)
}

// Scope is Dir, so `symlinks restore DIR` undoes only DIR's rewrites.
func (s *RelinkStep) Scope() string { return s.Dir }

func (s *RelinkStep) Preview() string {
	var b strings.Builder
	for _, l := range s.Links {
		fmt.Fprintf(&b, "%s: %s -> %s\n", l.Path, l.Old, l.New)
	}
	return b.String()
}

// Prepare keeps the links that still hold their old target; a link changed
// since the scan is no longer ours to rewrite.
func (s *RelinkStep) Prepare(context.Context, *host.Host) (bool, error) {
	keep := s.Links[:0]
	for _, l := range s.Links {
		if cur, err := os.Readlink(filepath.Join(s.Dir, l.Path)); err == nil && cur == l.Old {
			keep = append(keep, l)
		}
	}
	s.Links = keep
	return len(s.Links) > 0, nil
}

func (s *RelinkStep) Apply(context.Context, *host.Host) error {
	for _, l := range s.Links {
		if err := relink(filepath.Join(s.Dir, l.Path), l.Old, l.New); err != nil {
			return err
		}
	}
	return nil
}

// Undo restores every link that holds its new target (an Apply cut short
// leaves some at the old one, which is fine). A link the user deleted stays
// deleted; one they re-pointed is left alone and named in the error.
func (s *RelinkStep) Undo(context.Context, *host.Host) error {
	var changed []string
	for _, l := range s.Links {
		p := filepath.Join(s.Dir, l.Path)
		err := relink(p, l.New, l.Old)
		if errors.Is(err, fs.ErrNotExist) {
			continue // the user deleted it: not ours to bring back
		}
		if errors.Is(err, errChanged) {
			if cur, _ := os.Readlink(p); cur != l.Old {
				changed = append(changed, p)
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	if len(changed) > 0 {
		return fmt.Errorf("%d link(s) changed since devboot rewrote them, left as they are: %s (point them back by hand or delete them, then run restore again)", len(changed), strings.Join(changed, ", "))
	}
	return nil
}

var errChanged = errors.New("link target changed since it was planned")

// relink atomically replaces the link at p, whose target must be from, by a
// link to to: a new link beside it renamed over it, so p never disappears.
// The owner is kept (devboot often runs under sudo).
func relink(p, from, to string) error {
	cur, err := os.Readlink(p)
	if err != nil {
		return err
	}
	if cur != from {
		return fmt.Errorf("%s: %w", p, errChanged)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	// A short name: the link's own may already be NAME_MAX long.
	tmp := filepath.Join(filepath.Dir(p), ".devboot-relink-"+strconv.Itoa(os.Getpid()))
	_ = os.Remove(tmp) // left by a crash
	if err := os.Symlink(to, tmp); err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		// drvfs without metadata fixes owners by mount option and
		// refuses chown; the link then has that owner anyway.
		if err := os.Lchown(tmp, int(st.Uid), int(st.Gid)); err != nil && !errors.Is(err, syscall.EPERM) && !errors.Is(err, syscall.ENOTSUP) {
			_ = os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, p); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}
