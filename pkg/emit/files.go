// Package emit writes the files devboot generates for other tools
// (Dockerfiles, Dev Container Features, .devcontainer/). The generators live
// in sub-packages; this package turns their output into plan steps, so every
// emit honours --dry-run and can be undone like any other change.
package emit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

func init() {
	plan.Register("emit.file", func() plan.Step { return &FileStep{} })
	plan.Register("emit.remove", func() plan.Step { return &RemoveStep{} })
}

// File is one generated file.
type File struct {
	Path string // where it goes
	Data []byte
	Mode fs.FileMode // for a new file; an existing file keeps its mode
}

// FileStep writes one generated file. The journal keeps the old content
// (not the new one), which is all Undo needs.
type FileStep struct {
	Path    string      `json:"path"`
	Mode    fs.FileMode `json:"mode"`
	Existed bool        `json:"existed"`
	Old     []byte      `json:"old,omitempty"`
	OldMode fs.FileMode `json:"old_mode,omitempty"`

	data []byte
}

// FileSteps turns generated files into steps, in order.
func FileSteps(files []File) []plan.Step {
	steps := make([]plan.Step, 0, len(files))
	for _, f := range files {
		steps = append(steps, &FileStep{Path: f.Path, Mode: f.Mode, data: f.Data})
	}
	return steps
}

func (s *FileStep) Kind() string     { return "emit.file" }
func (s *FileStep) Describe() string { return "write " + s.Path }
func (s *FileStep) Scope() string    { return filepath.Dir(s.Path) }

func (s *FileStep) Prepare(context.Context, *host.Host) (bool, error) {
	old, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	fi, err := os.Stat(s.Path)
	if err != nil {
		return false, err
	}
	s.Existed, s.Old, s.OldMode = true, old, fi.Mode().Perm()
	// An executable script that lost its x bit still needs the write.
	return !bytes.Equal(old, s.data) || fi.Mode().Perm()&s.Mode != s.Mode, nil
}

func (s *FileStep) Apply(context.Context, *host.Host) error {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return err
	}
	if err := fsutil.WriteFile(s.Path, s.data, s.Mode); err != nil {
		return err
	}
	if s.Existed && s.OldMode&s.Mode != s.Mode {
		return os.Chmod(s.Path, s.OldMode|s.Mode)
	}
	return nil
}

func (s *FileStep) Undo(context.Context, *host.Host) error {
	if !s.Existed {
		err := os.Remove(s.Path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := fsutil.WriteFile(s.Path, s.Old, s.OldMode); err != nil {
		return fmt.Errorf("restore %s: %w", s.Path, err)
	}
	return os.Chmod(s.Path, s.OldMode)
}

// Preview shows the new content under --dry-run.
func (s *FileStep) Preview() string {
	if len(s.data) > 4096 || bytes.IndexByte(s.data, 0) >= 0 {
		return fmt.Sprintf("(%d bytes)\n", len(s.data))
	}
	return string(s.data)
}

// RemoveStep deletes a regular file that an earlier emit wrote and this one
// no longer does (a feature's binary for an arch it stopped bundling). The
// journal keeps the file, which is all Undo needs.
type RemoveStep struct {
	Path    string      `json:"path"`
	Old     []byte      `json:"old,omitempty"`
	OldMode fs.FileMode `json:"old_mode"`
}

// RemoveSteps turns paths into removal steps, in order.
func RemoveSteps(paths []string) []plan.Step {
	steps := make([]plan.Step, 0, len(paths))
	for _, p := range paths {
		steps = append(steps, &RemoveStep{Path: p})
	}
	return steps
}

func (s *RemoveStep) Kind() string     { return "emit.remove" }
func (s *RemoveStep) Describe() string { return "remove " + s.Path }
func (s *RemoveStep) Scope() string    { return filepath.Dir(s.Path) }

// Prepare leaves anything but a regular file alone: emit writes only those.
func (s *RemoveStep) Prepare(context.Context, *host.Host) (bool, error) {
	fi, err := os.Lstat(s.Path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.Mode().IsRegular() {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	old, err := os.ReadFile(s.Path)
	if err != nil {
		return false, err
	}
	s.Old, s.OldMode = old, fi.Mode().Perm()
	return true, nil
}

func (s *RemoveStep) Apply(context.Context, *host.Host) error {
	err := os.Remove(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (s *RemoveStep) Undo(context.Context, *host.Host) error {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return err
	}
	if err := fsutil.WriteFile(s.Path, s.Old, s.OldMode); err != nil {
		return fmt.Errorf("restore %s: %w", s.Path, err)
	}
	return os.Chmod(s.Path, s.OldMode)
}
