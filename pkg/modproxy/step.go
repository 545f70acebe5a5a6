package modproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KindFill is the fill step's journal kind.
const KindFill = "modproxy.fill"

func init() { plan.Register(KindFill, func() plan.Step { return &FillStep{} }) }

// File is one GOPROXY-layout file, relative to the mirror, with its sha256.
type File struct {
	Rel    string `json:"rel"`
	SHA256 string `json:"sha256"`
}

// FillStep copies a module's proxy files into the mirror directory and
// merges their sums into the mirror's go.sum. Undo removes the files it
// added and puts back the version lists and go.sum it changed.
type FillStep struct {
	Mirror string
	Module string
	Files  []File // after Prepare: only those the mirror lacks
	// Recorded while applying, for undo.
	Added       []string          `json:",omitempty"`
	ListsBefore map[string]string `json:",omitempty"` // rel → previous content of a version list
	GoSumBefore *string           `json:",omitempty"` // nil: the mirror had no go.sum
	CreatedDirs []string          `json:",omitempty"` // the mirror dir and parents, when the fill made them

	from string // the download's cache/download dir
	sums Sums   // verified sums of the module's zips and go.mod files
}

func (s *FillStep) Kind() string  { return KindFill }
func (s *FillStep) Scope() string { return s.Mirror }
func (s *FillStep) Describe() string {
	return fmt.Sprintf("add %d files of %s's dependency graph to the module mirror %s (and its go.sum)", len(s.Files), s.Module, s.Mirror)
}

// Preview lists the files, for --dry-run.
func (s *FillStep) Preview() string {
	var b strings.Builder
	for _, f := range s.Files {
		fmt.Fprintf(&b, "+ %s\n", f.Rel)
	}
	return b.String()
}

func (s *FillStep) Prepare(context.Context, *host.Host) (bool, error) {
	if fi, err := os.Stat(s.Mirror); err == nil && !fi.IsDir() {
		return false, fmt.Errorf("%s is a file, not a directory: name a directory for the mirror", s.Mirror)
	}
	need, err := missing(s.Mirror, s.Files)
	if err != nil {
		return false, err
	}
	s.Files = need
	have, _ := s.mirrorSums()
	for k, v := range s.sums {
		if have[k] != v {
			return true, nil
		}
	}
	return len(need) > 0, nil
}

func (s *FillStep) mirrorSums() (Sums, []byte) {
	data, err := os.ReadFile(filepath.Join(s.Mirror, "go.sum"))
	if err != nil {
		return Sums{}, nil
	}
	sums, err := ParseGoSum(data)
	if err != nil {
		return Sums{}, data
	}
	return sums, data
}

func (s *FillStep) Apply(_ context.Context, h *host.Host) error {
	if s.from == "" {
		return errors.New("fill step has no download to copy from (it can only be undone from the journal)")
	}
	created, err := fsutil.MkdirAll(s.Mirror, 0o755, h.Chown)
	if err != nil {
		return err
	}
	s.CreatedDirs = created
	for _, f := range s.Files {
		if err := s.copyOne(h, f); err != nil {
			return fmt.Errorf("%s: %w", f.Rel, err)
		}
	}
	have, before := s.mirrorSums()
	if before != nil {
		b := string(before)
		s.GoSumBefore = &b
	}
	for k, v := range s.sums {
		have[k] = v
	}
	p := filepath.Join(s.Mirror, "go.sum")
	if err := fsutil.WriteFile(p, have.Format(), 0o644); err != nil {
		return err
	}
	return h.Chown(p)
}

func (s *FillStep) copyOne(h *host.Host, f File) error {
	dst := filepath.Join(s.Mirror, filepath.FromSlash(f.Rel))
	if _, err := fsutil.MkdirAll(filepath.Dir(dst), 0o755, h.Chown); err != nil {
		return err
	}
	src := filepath.Join(s.from, filepath.FromSlash(f.Rel))
	if old, err := os.ReadFile(dst); err == nil && filepath.Base(dst) == "list" {
		if s.ListsBefore == nil {
			s.ListsBefore = map[string]string{}
		}
		s.ListsBefore[f.Rel] = string(old)
		cur, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return fsutil.WriteFile(dst, mergeLists(old, cur), 0o644)
	}
	s.Added = append(s.Added, f.Rel) // before writing: undo copes with a cut-short copy
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return err
	}
	return h.Chown(dst)
}

func (s *FillStep) Undo(context.Context, *host.Host) error {
	var errs []error
	dirs := map[string]bool{}
	for _, rel := range s.Added {
		p := filepath.Join(s.Mirror, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
		dirs[filepath.Dir(p)] = true
	}
	for rel, old := range s.ListsBefore {
		errs = append(errs, fsutil.WriteFile(filepath.Join(s.Mirror, filepath.FromSlash(rel)), []byte(old), 0o644))
	}
	p := filepath.Join(s.Mirror, "go.sum")
	if s.GoSumBefore != nil {
		errs = append(errs, fsutil.WriteFile(p, []byte(*s.GoSumBefore), 0o644))
	} else if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	pruneEmpty(s.Mirror, dirs)
	for i := len(s.CreatedDirs) - 1; i >= 0; i-- {
		os.Remove(s.CreatedDirs[i]) // only when empty: the user may have added files since
	}
	return errors.Join(errs...)
}

// pruneEmpty removes the now-empty directories the fill created below
// mirror (deepest first), never mirror itself: it is the user's.
func pruneEmpty(mirror string, dirs map[string]bool) {
	var all []string
	for d := range dirs {
		for ; strings.HasPrefix(d, mirror+string(filepath.Separator)); d = filepath.Dir(d) {
			all = append(all, d)
		}
	}
	sort.Slice(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	for _, d := range all {
		os.Remove(d) // fails, harmlessly, when not empty
	}
}
