package toolchain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/goexec"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// Step kinds, as recorded in the journal.
const (
	KindInstall = "toolchain.install"
	KindAdopt   = "toolchain.adopt"
	KindUse     = "toolchain.use"
	KindLink    = "toolchain.link"
	KindRemove  = "toolchain.remove"
)

func init() {
	plan.Register(KindInstall, func() plan.Step { return &InstallStep{} })
	plan.Register(KindAdopt, func() plan.Step { return &AdoptStep{} })
	plan.Register(KindUse, func() plan.Step { return &UseStep{} })
	plan.Register(KindLink, func() plan.Step { return &LinkStep{} })
	plan.Register(KindRemove, func() plan.Step { return &RemoveStep{} })
}

// InstallStep downloads, verifies and unpacks one toolchain into
// toolchains/<Name>. Undo removes it (unless it was already there, put by a
// concurrent install).
type InstallStep struct {
	Version  string
	Platform Platform
	Name     string
	Dir      string
	Artifact Artifact
	// Report is filled by Apply (timings, files); nil before.
	Report *InstallReport `json:",omitempty"`

	layout Layout
	fetch  FetchOptions
}

func (s *InstallStep) Kind() string  { return KindInstall }
func (s *InstallStep) Scope() string { return s.Name }
func (s *InstallStep) Describe() string {
	return fmt.Sprintf("install %s (%s) from %s into %s", s.Version, s.Platform, s.Artifact.URL, s.Dir)
}

// Prepare: an installed version is a no-op, found by one stat.
func (s *InstallStep) Prepare(context.Context, *host.Host) (bool, error) {
	return !complete(s.Dir), nil
}

func (s *InstallStep) Apply(ctx context.Context, h *host.Host) error {
	l := s.layout
	if l.Data == "" {
		l = LayoutOf(h)
	}
	rep, err := install(ctx, l, s.Name, s.Version, s.Artifact, s.fetch)
	if err != nil {
		return err
	}
	s.Report = rep
	return chownTree(h, s.Dir)
}

// chownTree gives a new toolchain to the sudo user devboot works for, so
// they can remove it later without root. Nothing happens without sudo.
func chownTree(h *host.Host, dir string) error {
	if !h.User.Sudo {
		return nil
	}
	for _, p := range []string{filepath.Dir(filepath.Dir(dir)), filepath.Dir(dir)} {
		if err := h.Chown(p); err != nil {
			return err
		}
	}
	return filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return h.Chown(p)
	})
}

func (s *InstallStep) Undo(context.Context, *host.Host) error {
	if s.Report != nil && s.Report.NotNeeded {
		return nil // another run installed it; not ours to remove
	}
	return removeTree(s.Dir)
}

// removeTree unregisters a downloaded toolchain at once (rename into a
// trash dir on the same filesystem), then deletes it. A crash mid-delete
// leaves only trash, which CleanStale removes. It never follows a link.
func removeTree(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory devboot installed; left alone", dir)
	}
	trash, err := os.MkdirTemp(filepath.Dir(dir), ".trash-"+filepath.Base(dir)+"-")
	if err != nil {
		return err
	}
	// Moving a directory to another parent rewrites its "..", which needs
	// write permission on it: give back the bit makeReadOnly took.
	if err := os.Chmod(dir, fi.Mode().Perm()|0o200); err != nil {
		os.Remove(trash)
		return err
	}
	if err := os.Rename(dir, filepath.Join(trash, "t")); err != nil {
		os.Chmod(dir, fi.Mode().Perm())
		os.Remove(trash)
		return err
	}
	_ = os.Remove(filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".json"))
	return removeAll(trash)
}

// AdoptStep registers a toolchain already on the machine as
// toolchains/<Name>, a symlink to its GOROOT. The original is never moved
// or edited; undo only unregisters it.
type AdoptStep struct {
	Version string
	GOROOT  string
	Link    string
}

func (s *AdoptStep) Kind() string  { return KindAdopt }
func (s *AdoptStep) Scope() string { return s.Version }
func (s *AdoptStep) Describe() string {
	return fmt.Sprintf("adopt %s at %s as %s", s.Version, s.GOROOT, s.Link)
}

func (s *AdoptStep) Prepare(context.Context, *host.Host) (bool, error) {
	if t, err := os.Readlink(s.Link); err == nil && t == s.GOROOT {
		return false, nil
	}
	if _, err := os.Lstat(s.Link); err == nil {
		return false, nil // devboot has this version already (installed): nothing to adopt
	}
	return true, nil
}

func (s *AdoptStep) Apply(_ context.Context, h *host.Host) error {
	if _, err := fsutil.MkdirAll(filepath.Dir(s.Link), 0o755, h.Chown); err != nil {
		return err
	}
	if err := replaceLink(s.Link, s.GOROOT); err != nil {
		return err
	}
	return h.Chown(s.Link)
}

func (s *AdoptStep) Undo(context.Context, *host.Host) error {
	if t, err := os.Readlink(s.Link); err == nil && t == s.GOROOT {
		return os.Remove(s.Link)
	}
	return nil
}

// LinkStep points a symlink at a target atomically (a temporary link
// renamed over the old one), or removes it when Target is "". Undo puts the
// previous target back.
type LinkStep struct {
	Link     string
	Target   string
	Previous string // "" when the link did not exist
}

func (s *LinkStep) Kind() string  { return KindLink }
func (s *LinkStep) Scope() string { return filepath.Base(s.Link) }
func (s *LinkStep) Describe() string {
	if s.Target == "" {
		return "remove link " + s.Link
	}
	return fmt.Sprintf("link %s -> %s", s.Link, s.Target)
}

func (s *LinkStep) Prepare(context.Context, *host.Host) (bool, error) {
	cur, err := os.Readlink(s.Link)
	if err != nil {
		if fi, lerr := os.Lstat(s.Link); lerr == nil && fi.Mode()&fs.ModeSymlink == 0 {
			return false, fmt.Errorf("%s exists and is not a symlink; move it aside", s.Link)
		}
		cur = ""
	}
	s.Previous = cur
	return cur != s.Target, nil
}

func (s *LinkStep) Apply(_ context.Context, h *host.Host) error {
	return s.set(h, s.Target)
}

func (s *LinkStep) Undo(_ context.Context, h *host.Host) error {
	return s.set(h, s.Previous)
}

func (s *LinkStep) set(h *host.Host, target string) error {
	if target == "" {
		err := os.Remove(s.Link)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if _, err := fsutil.MkdirAll(filepath.Dir(s.Link), 0o755, h.Chown); err != nil {
		return err
	}
	if err := replaceLink(s.Link, target); err != nil {
		return err
	}
	return h.Chown(s.Link)
}

// replaceLink makes link point at target in one rename: readers see the old
// or the new target, never no link.
func replaceLink(link, target string) error {
	tmp := fmt.Sprintf("%s.tmp-%d", link, os.Getpid())
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// UseStep makes a toolchain the active one: `current` is switched
// atomically, then the toolchain's own `go env GOROOT` must name it, or the
// switch is rolled back.
type UseStep struct {
	LinkStep
	Version string
}

func (s *UseStep) Kind() string  { return KindUse }
func (s *UseStep) Scope() string { return s.Version }
func (s *UseStep) Describe() string {
	if s.Target == "" {
		return "deactivate the current toolchain (remove " + s.Link + ")"
	}
	return fmt.Sprintf("use %s (%s -> %s)", s.Version, s.Link, s.Target)
}

func (s *UseStep) Apply(ctx context.Context, h *host.Host) error {
	if s.Target == "" {
		return s.LinkStep.Apply(ctx, h) // no toolchain active (remove --force)
	}
	if !complete(s.Target) {
		return fmt.Errorf("%s is not installed (no %s/bin/go)", s.Version, s.Target)
	}
	if err := s.LinkStep.Apply(ctx, h); err != nil {
		return err
	}
	if err := VerifyGOROOT(ctx, s.Link, s.Target); err != nil {
		if rerr := s.LinkStep.Undo(ctx, h); rerr != nil {
			return fmt.Errorf("%w; and restoring the previous toolchain failed: %v", err, rerr)
		}
		return err
	}
	return nil
}

// VerifyGOROOT runs <current>/bin/go env GOROOT through goexec (no user
// settings, nothing written to the home) and checks it names the
// toolchain's real directory.
func VerifyGOROOT(ctx context.Context, current, target string) error {
	want, err := filepath.EvalSymlinks(target)
	if err != nil {
		return err
	}
	got, err := goexec.Output(ctx, filepath.Join(current, "bin", "go"), os.Getenv("PATH"), "env", "GOROOT")
	if err != nil {
		return fmt.Errorf("%s/bin/go env GOROOT failed: %v", current, err)
	}
	if g, err := filepath.EvalSymlinks(got); err == nil {
		got = g
	}
	if got != want {
		return fmt.Errorf("after switching, go env GOROOT says %s, not %s: switched back", got, want)
	}
	return nil
}

// RemoveStep deletes one toolchain. An adopted one is only unregistered
// (undo registers it again). A downloaded one is deleted; undo installs it
// again from the same artifact — from the download cache when the archive
// is still there, otherwise by downloading it again.
type RemoveStep struct {
	Version  string
	Platform Platform
	Name     string
	Dir      string
	Adopted  bool
	GOROOT   string    // adopted: the original
	Artifact *Artifact `json:",omitempty"` // downloaded: what undo re-installs
	Force    bool
}

func (s *RemoveStep) Kind() string  { return KindRemove }
func (s *RemoveStep) Scope() string { return s.Name }
func (s *RemoveStep) Describe() string {
	if s.Adopted {
		return fmt.Sprintf("unregister adopted %s (%s stays untouched)", s.Version, s.GOROOT)
	}
	return "remove " + s.Dir
}

func (s *RemoveStep) Prepare(_ context.Context, h *host.Host) (bool, error) {
	fi, err := os.Lstat(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s.Adopted = fi.Mode()&fs.ModeSymlink != 0
	if s.Adopted {
		s.GOROOT, _ = os.Readlink(s.Dir)
	} else if data, err := os.ReadFile(LayoutOf(h).meta(s.Name)); err == nil {
		var a Artifact
		if json.Unmarshal(data, &a) == nil {
			s.Artifact = &a
		}
	}
	if cur, _ := os.Readlink(LayoutOf(h).Current()); cur == s.Dir && !s.Force {
		return false, fmt.Errorf("%s is the active toolchain: use another first, or pass --force", s.Version)
	}
	return true, nil
}

func (s *RemoveStep) Apply(context.Context, *host.Host) error {
	if s.Adopted {
		return os.Remove(s.Dir)
	}
	return removeTree(s.Dir)
}

func (s *RemoveStep) Undo(ctx context.Context, h *host.Host) error {
	if complete(s.Dir) {
		return nil
	}
	if s.Adopted {
		return (&AdoptStep{Version: s.Version, GOROOT: s.GOROOT, Link: s.Dir}).Apply(ctx, h)
	}
	if s.Artifact == nil {
		return fmt.Errorf("cannot restore %s: devboot no longer knows where it came from; run devboot toolchain install %s", s.Version, s.Version)
	}
	_, err := install(ctx, LayoutOf(h), s.Name, s.Version, *s.Artifact, FetchOptions{})
	return err
}
