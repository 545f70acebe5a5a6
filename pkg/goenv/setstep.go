package goenv

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

// KindSetting is the journal kind of FileStep.
const KindSetting = "goenv.setting"

func init() { plan.Register(KindSetting, func() plan.Step { return &FileStep{} }) }

// FileStep sets (or, with Unset, removes) one key in go's own env file, the
// file `go env -w` writes. It edits the file directly, so it works before any
// Go is installed and for the sudo user; go reads it with no shell involved
// (IDEs, services, cron). Undo puts back the previous value or removes the
// key, unless the user changed the key since.
type FileStep struct {
	Key   string
	Value string
	Unset bool

	// Captured by Prepare and Apply, for Undo.
	File         string
	Had          bool   // the key was set before
	Prev         string // its previous value
	CreatedFile  bool
	CreatedDirs  []string
	AddedNewline bool // a newline was added to a last line that lacked one
}

// SetStep returns the step that makes key=value effective in go's env file.
func SetStep(key, value string) plan.Step { return &FileStep{Key: key, Value: value} }

// UnsetStep returns the step that removes key from go's env file (go env -u).
func UnsetStep(key string) plan.Step { return &FileStep{Key: key, Unset: true} }

func (s *FileStep) Kind() string { return KindSetting }

func (s *FileStep) Describe() string {
	file := s.File
	if file == "" {
		file = "go env file"
	}
	if s.Unset {
		return fmt.Sprintf("unset %s in %s", s.Key, file)
	}
	return fmt.Sprintf("set %s=%s in %s", s.Key, s.Value, file)
}

// Scope lets a command undo only its settings: "goenv:KEY".
func (s *FileStep) Scope() string { return "goenv:" + s.Key }

func (s *FileStep) Prepare(_ context.Context, h *host.Host) (bool, error) {
	if err := CheckSetting(s.Key, s.Value); err != nil && !s.Unset {
		return false, err
	}
	file, err := EnvFilePath(h)
	if err != nil {
		return false, err
	}
	s.File = file
	data, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("read go env file: %w", err)
	}
	s.Prev, s.Had = ParseEnvFile(data)[s.Key]
	if s.Unset {
		return s.Had, nil
	}
	return !s.Had || s.Prev != s.Value, nil
}

func (s *FileStep) Apply(_ context.Context, h *host.Host) error {
	data, err := os.ReadFile(s.File)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.CreatedFile = true
	case err != nil:
		return err
	}
	var out []byte
	if s.Unset {
		out = unsetKey(data, s.Key)
	} else {
		out, s.AddedNewline = setKey(data, s.Key, s.Value)
	}
	if s.CreatedDirs, err = MkdirAllFor(h, filepath.Dir(s.File)); err != nil {
		return err
	}
	if err := fsutil.WriteFile(s.File, out, 0o644); err != nil {
		return fmt.Errorf("write go env file: %w", err)
	}
	if s.CreatedFile {
		return h.Chown(s.File)
	}
	return nil
}

func (s *FileStep) Undo(_ context.Context, h *host.Host) error {
	data, err := os.ReadFile(s.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // removed since: nothing of ours is left
	}
	if err != nil {
		return err
	}
	cur, has := ParseEnvFile(data)[s.Key]
	// Leave a key the user changed after devboot set it.
	if s.Unset && has || !s.Unset && (!has || cur != s.Value) {
		return nil
	}
	var out []byte
	if s.Had {
		out, _ = setKey(data, s.Key, s.Prev)
	} else {
		out = unsetKey(data, s.Key)
		if s.AddedNewline && bytes.HasSuffix(out, []byte("\n")) {
			out = out[:len(out)-1]
		}
	}
	if s.CreatedFile && len(out) == 0 {
		if err := os.Remove(s.File); err != nil {
			return err
		}
		RemoveEmptyDirs(s.CreatedDirs)
		return nil
	}
	return fsutil.WriteFile(s.File, out, 0o644)
}

// MkdirAllFor creates dir and its missing parents, gives each new one to
// the user devboot works for (sudo), and returns them, outermost first, so
// an undo can remove exactly those.
func MkdirAllFor(h *host.Host, dir string) ([]string, error) {
	return fsutil.MkdirAll(dir, 0o755, h.Chown)
}

// RemoveEmptyDirs removes dirs (as MkdirAllFor returned them) innermost
// first, stopping at the first one something else now lives in.
func RemoveEmptyDirs(dirs []string) {
	for i := len(dirs) - 1; i >= 0; i-- {
		if os.Remove(dirs[i]) != nil {
			return
		}
	}
}
