package mounts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/moby/sys/mount"
	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindBind is the journal kind of BindStep.
const KindBind = "mounts.bind"

func init() { plan.Register(KindBind, func() plan.Step { return &BindStep{} }) }

// BindStep bind-mounts Source onto Target. It works on real paths and the
// real mount table (mounts are actions, not probes).
type BindStep struct {
	Source string
	Target string
	// Force allows a non-empty Target, which the mount would hide.
	Force bool
	// CreatedTarget records that Apply made Target, so Undo removes it.
	CreatedTarget bool
}

// BindSteps returns the step that binds source onto target.
func BindSteps(source, target string, force bool) []plan.Step {
	return []plan.Step{&BindStep{Source: source, Target: target, Force: force}}
}

func (s *BindStep) Kind() string { return KindBind }

func (s *BindStep) Describe() string {
	return fmt.Sprintf("bind-mount %s onto %s", s.Source, s.Target)
}

func (s *BindStep) Scope() string { return s.Target }

// Prepare finds the bind already in place (a no-op re-run), and refuses a
// target that is another mount or a directory whose contents it would hide.
func (s *BindStep) Prepare(context.Context, *host.Host) (bool, error) {
	src, err := os.Stat(s.Source)
	if err != nil {
		return false, fmt.Errorf("bind source: %w", err)
	}
	if !src.IsDir() {
		return false, fmt.Errorf("bind source %s is not a directory", s.Source)
	}
	dst, err := os.Stat(s.Target)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("bind target: %w", err)
	}
	if !dst.IsDir() {
		return false, fmt.Errorf("bind target %s exists and is not a directory: move it aside or pick another target", s.Target)
	}
	mounted, err := mountinfo.Mounted(s.Target)
	if err != nil {
		return false, err
	}
	if mounted {
		if os.SameFile(src, dst) {
			return false, nil // already bound here
		}
		return false, fmt.Errorf("%s is already a mount point of something else: unmount it or pick another target", s.Target)
	}
	if os.SameFile(src, dst) {
		return false, nil // the same directory (a symlink, or a bind above it)
	}
	if !s.Force {
		empty, err := EmptyOrMissing(s.Target)
		if err != nil {
			return false, err
		}
		if !empty {
			return false, fmt.Errorf("%s is not empty and a bind mount would hide its contents: empty it, pick another target, or pass --force", s.Target)
		}
	}
	return true, nil
}

func (s *BindStep) Apply(_ context.Context, h *host.Host) error {
	if _, err := os.Stat(s.Target); errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(s.Target, 0o755); err != nil {
			return err
		}
		s.CreatedTarget = true
		// Under sudo the directory (in the user's home) is the user's.
		if err := h.Chown(s.Target); err != nil {
			return err
		}
	}
	if err := mount.Mount(s.Source, s.Target, "none", "bind"); err != nil {
		if errors.Is(err, syscall.EPERM) {
			return fmt.Errorf("%w: mounting needs root; run it with sudo", err)
		}
		return err
	}
	return nil
}

// Undo unmounts (moby's Unmount detaches lazily, so a shell sitting in the
// tree does not block it) and removes the target directory if Apply made it.
func (s *BindStep) Undo(context.Context, *host.Host) error {
	src, srcErr := os.Stat(s.Source)
	dst, dstErr := os.Stat(s.Target)
	if srcErr == nil && dstErr == nil && os.SameFile(src, dst) {
		if mounted, _ := mountinfo.Mounted(s.Target); mounted {
			if err := mount.Unmount(s.Target); err != nil {
				return err
			}
		}
	}
	if s.CreatedTarget {
		if err := os.Remove(s.Target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("unmounted, but %s (created by devboot) is not empty now, so it was kept: %w", s.Target, err)
		}
	}
	return nil
}

// EmptyOrMissing reports whether dir has no entries or does not exist:
// whether something may be mounted or copied there without hiding anything.
func EmptyOrMissing(dir string) (bool, error) {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}
