package mounts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/wsl"
)

// RewriteOptions tune PlanRewrite.
type RewriteOptions struct {
	// Origin is the Windows path whose contents DIR holds, when DIR is a
	// copy (gopath fix --mode migrate): links into Origin are made relative
	// inside DIR. Default: DIR's own NTFS source, from the mount table.
	Origin string
	// Distro is this distribution's name for \\wsl$\<distro> targets.
	// Default: WSL_DISTRO_NAME.
	Distro string
	// Workers is the scan's concurrency; 0 picks one.
	Workers int
}

// RewriteReport is what a scan found and decided, link by link.
type RewriteReport struct {
	Dir     string `json:"dir"`
	NTFS    bool   `json:"ntfs"`             // DIR sits on a drive mount
	Origin  string `json:"origin,omitempty"` // the Windows path DIR shows
	Entries int    `json:"entries"`
	Links   int    `json:"links"`
	// Relative counts relative links that stay inside DIR: always fine.
	Relative     int       `json:"relative"`
	Rewrite      []Finding `json:"rewrite"`
	Keep         []Finding `json:"keep"` // everything else left alone, with why
	Unresolvable []Finding `json:"unresolvable"`
	Skipped      []string  `json:"skipped,omitempty"`
	Warnings     []string  `json:"warnings,omitempty"`
}

// PlanRewrite scans DIR and returns the step that rewrites its links whose
// targets are Windows paths or drive paths (/mnt/c/...) into DIR's own
// source: relative when the target stays inside DIR, else the translated
// Linux path. Relative, other absolute and unresolvable targets are left
// alone and reported. No step is returned when nothing needs rewriting.
//
// On a machine without drive mounts the scan still runs: Windows-form
// targets are found and reported unresolvable (nothing maps C:), drive
// paths are ordinary absolute paths, and nothing is rewritten.
func PlanRewrite(ctx context.Context, h *host.Host, dir string, opts RewriteOptions) ([]plan.Step, *RewriteReport, error) {
	dir, err := ResolveDir(dir)
	if err != nil {
		return nil, nil, err
	}
	rt, err := NewRetargeter(h, dir, opts)
	if err != nil {
		return nil, nil, err
	}
	rep := &RewriteReport{Dir: dir, NTFS: rt.NTFS, Origin: rt.Origin, Warnings: rt.Warnings}
	scan, err := ScanLinks(ctx, dir, opts.Workers)
	if err != nil {
		return nil, nil, err
	}
	rep.Entries, rep.Links, rep.Skipped = scan.Entries, len(scan.Links), scan.Skipped
	step := &RelinkStep{Dir: dir}
	for _, l := range scan.Links {
		f := rt.Decide(l)
		switch {
		case f.Action == ActionRewrite:
			rep.Rewrite = append(rep.Rewrite, f)
			step.Links = append(step.Links, LinkChange{Path: l.Path, Old: l.Target, New: f.New})
		case f.Action == ActionUnresolvable:
			rep.Unresolvable = append(rep.Unresolvable, f)
		case f.Form == FormRelative && f.Reason == "":
			rep.Relative++
		default:
			rep.Keep = append(rep.Keep, f)
		}
	}
	if len(step.Links) == 0 {
		return nil, rep, nil
	}
	return []plan.Step{step}, rep, nil
}

// Retargeter decides, link by link, what the links of one tree should
// point to. Build it with NewRetargeter.
type Retargeter struct {
	r        resolver
	NTFS     bool     // the tree sits on a drive mount
	Origin   string   // the Windows path the tree shows ("" unknown)
	Warnings []string // mount table or wsl.conf problems (answers may be partial)
}

// NewRetargeter reads the mount table and wsl.conf through h to decide for
// links under dir (absolute and clean; it need not exist yet, which is how
// a migration retargets links while it copies them).
func NewRetargeter(h *host.Host, dir string, opts RewriteOptions) (*Retargeter, error) {
	rt := &Retargeter{}
	mounts, err := wsl.LoadMounts(h)
	if err != nil {
		if !errors.Is(err, wsl.ErrMalformed) {
			return nil, err
		}
		rt.Warnings = append(rt.Warnings, err.Error())
	}
	conf, err := wsl.ReadConf(h)
	if err != nil {
		rt.Warnings = append(rt.Warnings, err.Error())
	}
	distro := opts.Distro
	if distro == "" {
		distro = h.Getenv("WSL_DISTRO_NAME")
	}
	rt.r = resolver{dir: filepath.Clean(dir), origin: opts.Origin, toLinux: func(win string) (string, error) {
		return wsl.ToLinux(mounts, conf, distro, win)
	}}
	if m := wsl.NTFSMountFor(mounts, rt.r.dir); m != nil {
		rt.NTFS = true
		rt.r.symlinkRoot = m.SymlinkRoot
		if rt.r.origin == "" {
			if win, err := wsl.ToWindows(mounts, distro, rt.r.dir, false); err == nil {
				rt.r.origin = win
			}
		}
	}
	if rt.r.symlinkRoot == "" {
		rt.r.symlinkRoot = driveSymlinkRoot(mounts, conf, opts.Origin != "")
	}
	rt.Origin = rt.r.origin
	return rt, nil
}

// Decide returns the verdict on one link (Path relative to the tree).
func (rt *Retargeter) Decide(l Link) Finding { return rt.r.decide(l) }

// driveSymlinkRoot is where drive paths appear for a DIR that is not on a
// drive mount: the drive mounts' symlinkroot, or for a copy of an NTFS tree
// the automount root. Without either, /mnt/c/... is just a Linux path.
func driveSymlinkRoot(mounts []wsl.Mount, conf wsl.Conf, isCopy bool) string {
	for _, m := range mounts {
		if m.NTFS && m.SymlinkRoot != "" {
			return m.SymlinkRoot
		}
	}
	if isCopy {
		return conf.AutomountRoot
	}
	return ""
}

// ResolveDir makes DIR absolute with its symlinks resolved, so a rewrite
// and its restore name the same directory however the user spelled it.
func ResolveDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("cannot use %s: %w", dir, err)
	}
	return real, nil
}
