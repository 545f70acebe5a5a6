package modproxy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Report says what a fill found, for --json and the summary line.
type Report struct {
	Mirror   string   `json:"mirror"`
	Module   string   `json:"module"`
	Modules  int      `json:"modules"`  // modules with a zip (what builds read)
	Files    int      `json:"files"`    // proxy files the module needs
	New      int      `json:"new"`      // of those, not yet in the mirror
	Verified int      `json:"verified"` // zips and go.mod files checked against go.sum (or cmd/go's own sums)
	Warnings []string `json:"warnings,omitempty"`
}

// Plan downloads o.Module's dependency graph through the go command into a
// fresh module cache under h.CacheDir(), verifies it, and returns the step
// that copies what the mirror dir lacks. The caller runs the step, then
// calls cleanup (always) to remove the download.
func Plan(ctx context.Context, h *host.Host, dir string, o Options) (steps []plan.Step, rep *Report, cleanup func(), err error) {
	cleanup = func() {}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, nil, cleanup, err
	}
	if o.Module, err = filepath.Abs(o.Module); err != nil {
		return nil, nil, cleanup, err
	}
	gosum, err := os.ReadFile(filepath.Join(o.Module, "go.sum"))
	if _, serr := os.Stat(filepath.Join(o.Module, "go.mod")); serr != nil {
		return nil, nil, cleanup, exitcode.BadInput(fmt.Errorf("%s has no go.mod: run devboot proxy fill in a module, or pass --module DIR", o.Module))
	}
	want := Sums{}
	if err == nil {
		if want, err = ParseGoSum(gosum); err != nil {
			return nil, nil, cleanup, exitcode.BadInput(fmt.Errorf("%s/go.sum: %w", o.Module, err))
		}
	}
	// Under sudo the cache directory is the user's, as toolchain install
	// leaves it; the scratch module cache in it is removed by cleanup.
	if _, err := fsutil.MkdirAll(h.CacheDir(), 0o755, h.Chown); err != nil {
		return nil, nil, cleanup, err
	}
	modcache, err := os.MkdirTemp(h.CacheDir(), "modproxy-")
	if err != nil {
		return nil, nil, cleanup, err
	}
	cleanup = func() { removeModCache(modcache) }
	mods, err := collect(ctx, o, modcache)
	if err != nil {
		return nil, nil, cleanup, err
	}
	rep = &Report{Mirror: dir, Module: o.Module}
	goSums := Sums{} // what cmd/go itself reported (verified against GOSUMDB unless the user turned it off)
	for _, m := range mods {
		if m.Zip != "" {
			rep.Modules++
		}
		if m.Sum != "" {
			goSums[m.Path+" "+m.Version] = m.Sum
		}
		if m.GoModSum != "" {
			goSums[m.Path+" "+m.Version+"/go.mod"] = m.GoModSum
		}
	}
	rels, err := proxyFiles(modcache)
	if err != nil {
		return nil, nil, cleanup, err
	}
	step := &FillStep{Mirror: dir, Module: o.Module, from: filepath.Join(modcache, "cache", "download"), sums: Sums{}}
	for _, rel := range rels {
		src := filepath.Join(step.from, filepath.FromSlash(rel))
		key, err := sumKey(rel)
		if err != nil {
			return nil, nil, cleanup, err
		}
		if key != "" {
			got, err := hashProxyFile(src)
			if err != nil {
				return nil, nil, cleanup, fmt.Errorf("%s: %w", rel, err)
			}
			exp, ok := want[key]
			if !ok {
				exp, ok = goSums[key]
			}
			switch {
			case ok && exp != got:
				return nil, nil, cleanup, fmt.Errorf("%s: checksum %s does not match %s from go.sum: refusing to mirror it (SECURITY: the download is not what go.sum recorded)", key, got, exp)
			case ok:
				rep.Verified++
			case strings.HasSuffix(rel, ".zip"):
				return nil, nil, cleanup, fmt.Errorf("%s: no checksum in go.sum nor from the go command: run go mod tidy (or go mod download) so go.sum lists it", key)
			default:
				rep.Warnings = append(rep.Warnings, key+": not in go.sum; mirrored with the hash computed here")
			}
			step.sums[key] = got
		}
		sum, err := toolchain.FileSHA256(src)
		if err != nil {
			return nil, nil, cleanup, err
		}
		rep.Files++
		step.Files = append(step.Files, File{Rel: rel, SHA256: sum})
	}
	return []plan.Step{step}, rep, cleanup, nil
}

// missing returns the files of want that dir lacks (or holds with other
// content: a proxy file is immutable, so a difference is an error unless
// it is a version list, which grows).
func missing(dir string, want []File) ([]File, error) {
	var out []File
	for _, f := range want {
		sum, err := toolchain.FileSHA256(filepath.Join(dir, filepath.FromSlash(f.Rel)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, f)
		case err != nil:
			return nil, err
		case sum != f.SHA256 && filepath.Base(f.Rel) == "list":
			out = append(out, f)
		case sum != f.SHA256:
			return nil, fmt.Errorf("%s already exists in %s with different content: module versions never change, so the mirror or the download is damaged; remove that file and fill again", f.Rel, dir)
		}
	}
	return out, nil
}

// mergeLists joins two version lists (one version a line), without duplicates.
func mergeLists(a, b []byte) []byte {
	var vs []string
	for _, l := range strings.Split(string(a)+"\n"+string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(vs, l) {
			vs = append(vs, l)
		}
	}
	return []byte(strings.Join(vs, "\n") + "\n")
}
