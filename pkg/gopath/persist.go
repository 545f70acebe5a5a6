package gopath

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// Journal kinds of the persistence steps.
const (
	KindFstab = "gopath.fstab"
	KindUnit  = "gopath.mount-unit"
)

func init() {
	plan.Register(KindFstab, func() plan.Step { return &FstabStep{} })
	plan.Register(KindUnit, func() plan.Step { return &UnitStep{} })
}

const managedComment = "# devboot gopath fix (remove with: devboot gopath restore)\n"

// FstabStep adds a managed bind line to an fstab file (WSL mounts it at
// start when wsl.conf's mountFsTab is on, the default).
type FstabStep struct {
	File   string // /etc/fstab
	Source string
	Target string
	// Captured for Undo.
	CreatedFile  bool
	AddedNewline bool
}

// FstabSteps returns the step that persists the bind of source onto target
// in file (/etc/fstab).
func FstabSteps(file, source, target string) []plan.Step {
	return []plan.Step{&FstabStep{File: file, Source: source, Target: target}}
}

func (s *FstabStep) Kind() string  { return KindFstab }
func (s *FstabStep) Scope() string { return s.Target }
func (s *FstabStep) Describe() string {
	return fmt.Sprintf("add a bind line for %s to %s, so it is mounted again when WSL starts", s.Target, s.File)
}
func (s *FstabStep) Preview() string {
	return "+ " + strings.ReplaceAll(strings.TrimSuffix(s.block(), "\n"), "\n", "\n+ ")
}

// block is the managed comment and line; fstab escapes blanks as octal.
func (s *FstabStep) block() string {
	esc := strings.NewReplacer(`\`, `\134`, " ", `\040`, "\t", `\011`, "\n", `\012`)
	return managedComment + esc.Replace(s.Source) + " " + esc.Replace(s.Target) + " none bind 0 0\n"
}

func (s *FstabStep) Prepare(context.Context, *host.Host) (bool, error) {
	data, err := os.ReadFile(s.File)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return !bytes.Contains(data, []byte(s.block())), nil
}

func (s *FstabStep) Apply(context.Context, *host.Host) error {
	data, err := os.ReadFile(s.File)
	if errors.Is(err, fs.ErrNotExist) {
		s.CreatedFile = true
	} else if err != nil {
		return err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
		s.AddedNewline = true
	}
	return writeFstab(s.File, append(data, s.block()...))
}

// writeFstab replaces the file atomically, or in place when it is itself a
// mount point (bind-mounted into a container), where rename cannot work.
func writeFstab(file string, data []byte) error {
	err := fsutil.WriteFile(file, data, 0o644)
	if errors.Is(err, syscall.EBUSY) {
		return os.WriteFile(file, data, 0o644)
	}
	return err
}

// Undo removes the managed block and nothing else.
func (s *FstabStep) Undo(context.Context, *host.Host) error {
	data, err := os.ReadFile(s.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	out := bytes.Replace(data, []byte(s.block()), nil, 1)
	if bytes.Equal(out, data) {
		return nil
	}
	if s.AddedNewline && bytes.HasSuffix(out, []byte("\n")) {
		out = out[:len(out)-1]
	}
	if s.CreatedFile && len(out) == 0 {
		return os.Remove(s.File)
	}
	return writeFstab(s.File, out)
}

// UnitStep writes and enables a systemd mount unit for the bind (when
// systemd runs in WSL, it mounts units of local-fs.target at boot).
type UnitStep struct {
	Dir    string // /etc/systemd/system
	Source string
	Target string
}

// UnitSteps returns the step that persists the bind as a mount unit in dir.
func UnitSteps(dir, source, target string) []plan.Step {
	return []plan.Step{&UnitStep{Dir: dir, Source: source, Target: target}}
}

func (s *UnitStep) Kind() string  { return KindUnit }
func (s *UnitStep) Scope() string { return s.Target }
func (s *UnitStep) Describe() string {
	return fmt.Sprintf("write and enable %s, so %s is mounted again at boot", filepath.Join(s.Dir, s.name()), s.Target)
}
func (s *UnitStep) Preview() string { return s.content() }

func (s *UnitStep) name() string { return UnitName(s.Target) }
func (s *UnitStep) wants() string {
	return filepath.Join(s.Dir, "local-fs.target.wants", s.name())
}

func (s *UnitStep) content() string {
	return "# Written by devboot gopath fix; devboot gopath restore removes it.\n" +
		"[Unit]\nDescription=Go workspace " + s.Target + " (NTFS GOPATH bound by devboot)\n" +
		"RequiresMountsFor=" + s.Source + "\n\n" +
		"[Mount]\nWhat=" + s.Source + "\nWhere=" + s.Target + "\nType=none\nOptions=bind\n\n" +
		"[Install]\nWantedBy=local-fs.target\n"
}

func (s *UnitStep) Prepare(context.Context, *host.Host) (bool, error) {
	data, err := os.ReadFile(filepath.Join(s.Dir, s.name()))
	if err == nil && string(data) != s.content() {
		return false, fmt.Errorf("%s exists and is not devboot's: remove it or drop --persist", filepath.Join(s.Dir, s.name()))
	}
	if _, lerr := os.Lstat(s.wants()); err == nil && lerr == nil {
		return false, nil
	}
	return true, nil
}

func (s *UnitStep) Apply(context.Context, *host.Host) error {
	if err := os.MkdirAll(filepath.Dir(s.wants()), 0o755); err != nil {
		return err
	}
	if err := fsutil.WriteFile(filepath.Join(s.Dir, s.name()), []byte(s.content()), 0o644); err != nil {
		return err
	}
	if _, err := os.Lstat(s.wants()); err == nil {
		return nil
	}
	return os.Symlink(filepath.Join("..", s.name()), s.wants())
}

// Undo removes the unit and its enabling link if they are still devboot's.
func (s *UnitStep) Undo(context.Context, *host.Host) error {
	if t, err := os.Readlink(s.wants()); err == nil && t == filepath.Join("..", s.name()) {
		if err := os.Remove(s.wants()); err != nil {
			return err
		}
	}
	unit := filepath.Join(s.Dir, s.name())
	data, err := os.ReadFile(unit)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if string(data) != s.content() {
		return fmt.Errorf("%s was edited since devboot wrote it; left in place (delete it yourself)", unit)
	}
	return os.Remove(unit)
}

// UnitName is systemd-escape --path --suffix=mount of path.
func UnitName(path string) string {
	p := strings.Trim(filepath.Clean(path), "/")
	if p == "" {
		return "-.mount"
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			b.WriteByte('-')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ':', c == '_', c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String() + ".mount"
}
