package gopath

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/detect"
	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/mounts"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/wsl"
)

// Command is the journal command of `gopath fix`; restore undoes its entries.
const Command = "gopath fix"

// Modes of PlanFix.
const (
	ModeBind    = "bind"
	ModeMigrate = "migrate"
)

// ErrNotWSL2 is PlanFix's refusal to act outside WSL2 without Force.
var ErrNotWSL2 = errors.New("not WSL2")

// FixOptions are `gopath fix`'s flags.
type FixOptions struct {
	From    string // the NTFS GOPATH (default: the first NTFS-backed GOPATH entry)
	To      string // the Linux path (default: ~/go)
	Mode    string // ModeBind (default) or ModeMigrate
	Persist bool   // make the bind survive a WSL restart
	Force   bool   // act outside WSL2, on a non-NTFS --from, over a non-empty --to
	Distro  string // this distribution's name (default: WSL_DISTRO_NAME, which sudo drops)
	// Where persistence is written; real paths ("/etc/fstab",
	// "/etc/systemd/system" when empty).
	FstabFile, UnitDir string
}

// Fix is a planned `gopath fix`: the steps and what the user must know.
type Fix struct {
	Platform string `json:"platform"`
	Mode     string `json:"mode"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	// FromWindows is where From is mounted from.
	FromWindows string `json:"from_windows,omitempty"`
	// NeedsRoot is true when a step mounts or writes under /etc.
	NeedsRoot bool                  `json:"needs_root"`
	Links     *mounts.RewriteReport `json:"links,omitempty"`
	Notes     []string              `json:"notes"`
	Steps     []plan.Step           `json:"-"`
}

// PlanFix plans making the user's Go paths Linux-native: bind-mount (or,
// in migrate mode, copy) the NTFS GOPATH onto a Linux path, point GOPATH
// there, move GOMODCACHE and GOCACHE off NTFS, optionally persist the
// mount, and rewrite the tree's Windows-style links. Nothing is changed:
// run the steps with a plan.Runner whose Command is gopath.Command.
func PlanFix(ctx context.Context, h *host.Host, opts FixOptions) (*Fix, error) {
	if opts.Mode == "" {
		opts.Mode = ModeBind
	}
	if opts.Mode != ModeBind && opts.Mode != ModeMigrate {
		return nil, exitcode.BadInput(fmt.Errorf("--mode %q: use bind or migrate", opts.Mode))
	}
	facts := detect.Gather(h, detect.Options{})
	det := detect.Decide(facts)
	fx := &Fix{Platform: det.Platform, Mode: opts.Mode}
	if det.Platform != detect.WSL2 && !opts.Force {
		return nil, fmt.Errorf("%w: this is %s; gopath fix is for NTFS-backed GOPATHs on WSL2 (pass --force to act anyway)", ErrNotWSL2, det.Platform)
	}
	ms := facts.Mounts
	// Gather read wsl.conf on every platform (defaults on error, as WSL).
	conf := facts.WSL.Conf
	distro := opts.Distro
	if distro == "" {
		distro = h.Getenv("WSL_DISTRO_NAME")
	}
	s := newSettings(h)
	gopath, gopathSrc := s.get("GOPATH", filepath.Join(h.User.Home, "go"))
	entries := filepath.SplitList(gopath)

	from, err := pickFrom(h, ms, entries, opts)
	if err != nil {
		return nil, err
	}
	if from != "" {
		fx.From = from
		fx.FromWindows, _ = wsl.ToWindows(ms, distro, from, false)
		fx.To = opts.To
		if fx.To == "" {
			fx.To = filepath.Join(h.User.Home, "go")
		}
		if err := checkTo(h, ms, from, fx.To); err != nil {
			return nil, err
		}
		if err := fx.planTree(ctx, h, conf, det, opts); err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(entries, func(e string) bool { return h.Resolved(e) == from }); i >= 0 && entries[i] != fx.To {
			entries[i] = fx.To
			fx.Steps = append(fx.Steps, goenv.SetStep("GOPATH", strings.Join(entries, string(filepath.ListSeparator))))
			if gopathSrc == FromEnv {
				fx.Notes = append(fx.Notes, fmt.Sprintf("GOPATH is set in your environment (%s), which beats go's env file: change it to %s where you set it (or run devboot shell install)", gopath, strings.Join(entries, ":")))
			}
		}
	}
	if err := fx.planCaches(h, ms, s, entries); err != nil {
		return nil, err
	}
	if len(fx.Steps) == 0 {
		fx.Notes = append(fx.Notes, "no Go path is on NTFS: nothing to fix")
	}
	return fx, nil
}

// pickFrom is --from resolved, or the first GOPATH entry on NTFS ("" if none).
func pickFrom(h *host.Host, ms []wsl.Mount, entries []string, opts FixOptions) (string, error) {
	if opts.From == "" {
		for _, e := range entries {
			if r := h.Resolved(e); wsl.NTFSMountFor(ms, r) != nil {
				return r, nil
			}
		}
		return "", nil
	}
	from, err := mounts.ResolveDir(opts.From)
	if err != nil {
		return "", exitcode.BadInput(fmt.Errorf("--from: %w", err))
	}
	if wsl.NTFSMountFor(ms, from) == nil && !opts.Force {
		fs := "an unknown filesystem"
		if m := wsl.MountFor(ms, from); m != nil {
			fs = m.FSType
		}
		return "", fmt.Errorf("--from %s is on %s, not on a Windows drive: there is nothing to fix (pass --force to act anyway)", from, fs)
	}
	return from, nil
}

// checkTo refuses targets a bind or copy cannot use.
func checkTo(h *host.Host, ms []wsl.Mount, from, to string) error {
	if !filepath.IsAbs(to) {
		return exitcode.BadInput(fmt.Errorf("--to %q: give an absolute path", to))
	}
	if fi, err := os.Lstat(to); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		t, _ := os.Readlink(to)
		return fmt.Errorf("%s is a symlink (to %s): remove the link (rm %s; the files stay at %s) and run again, or pick another --to", to, t, to, t)
	}
	if fsutil.Within(to, from) || fsutil.Within(from, to) {
		return fmt.Errorf("--to %s and --from %s overlap: pick a separate Linux directory", to, from)
	}
	// On NTFS is fine only as the mount point itself (an earlier fix's
	// bind, which the bind step recognises).
	if m := wsl.NTFSMountFor(ms, h.Resolved(to)); m != nil && m.MountPoint != to {
		return fmt.Errorf("--to %s is itself on a Windows drive: pick a directory on the Linux filesystem", to)
	}
	return nil
}

// planTree adds the bind (or copy), its persistence and the link rewrite.
func (fx *Fix) planTree(ctx context.Context, h *host.Host, conf wsl.Conf, det *detect.Report, opts FixOptions) error {
	if fx.Mode == ModeMigrate {
		uid, gid := -1, -1
		if os.Geteuid() == 0 {
			uid, gid = h.User.UID, h.User.GID // the GOPATH is the user's own
		}
		fx.Steps = append(fx.Steps, CopySteps(fx.From, fx.To, fx.FromWindows, uid, gid)...)
		fx.Notes = append(fx.Notes,
			fmt.Sprintf("the NTFS original %s is left untouched; once builds work from %s, delete it yourself (rm -rf %s)", fx.From, fx.To, fx.From),
			"links into the tree are rewritten in the copy only (relative, so they work wherever it is mounted)")
		return nil
	}
	fx.NeedsRoot = true
	fx.Steps = append(fx.Steps, mounts.BindSteps(fx.From, fx.To, opts.Force)...)
	if opts.Persist {
		steps, note, err := persistSteps(conf, det, opts, fx.From, fx.To)
		if err != nil {
			return err
		}
		fx.Steps = append(fx.Steps, steps...)
		fx.Notes = append(fx.Notes, note)
	} else {
		fx.Notes = append(fx.Notes, "the bind lasts until WSL restarts (wsl --shutdown); add --persist to mount it at every start")
	}
	steps, rep, err := mounts.PlanRewrite(ctx, h, fx.From, mounts.RewriteOptions{Distro: opts.Distro})
	if err != nil {
		return err
	}
	fx.Steps, fx.Links = append(fx.Steps, steps...), rep
	fx.Notes = append(fx.Notes, "a bind fixes path identity, not NTFS itself: file operations stay as slow as on the drive (devboot gopath status measures it against ext4), chmod is ignored without drvfs metadata, edits from Windows editors raise no inotify events, and go.mod locking can still fail. For all of that, copy the tree to ext4 instead: devboot gopath restore && devboot gopath fix --mode migrate")
	return nil
}

// persistSteps picks systemd when it runs (or will, per wsl.conf), else
// /etc/fstab, which WSL only reads with mountFsTab on.
func persistSteps(conf wsl.Conf, det *detect.Report, opts FixOptions, from, to string) ([]plan.Step, string, error) {
	unitDir, fstab := opts.UnitDir, opts.FstabFile
	if unitDir == "" {
		unitDir = "/etc/systemd/system"
	}
	if fstab == "" {
		fstab = "/etc/fstab"
	}
	switch {
	case det.Systemd || conf.Systemd:
		return UnitSteps(unitDir, from, to), fmt.Sprintf("systemd mounts %s at every start (unit %s)", to, UnitName(to)), nil
	case conf.MountFsTab:
		return FstabSteps(fstab, from, to), fmt.Sprintf("WSL mounts %s at every start from %s", to, fstab), nil
	}
	return nil, "", fmt.Errorf("--persist: %s sets [automount] mountFsTab=false, so WSL ignores /etc/fstab, and systemd is off: set mountFsTab=true (or [boot] systemd=true) there, run wsl --shutdown, then run again, or drop --persist", wsl.ConfPath)
}

// planCaches moves GOMODCACHE and GOCACHE to the Linux filesystem when,
// after the fix, they would still be on NTFS. Caches are regenerable: the
// setting moves, the old contents are not copied.
func (fx *Fix) planCaches(h *host.Host, ms []wsl.Mount, s settings, gopath []string) error {
	onNTFS := func(p string) bool {
		r := h.Resolved(p)
		if fsutil.Within(r, fx.To) { // false while there is no To
			return fx.Mode == ModeBind // the bind target shows NTFS
		}
		return wsl.NTFSMountFor(ms, r) != nil
	}
	first := ""
	if len(gopath) > 0 {
		first = gopath[0]
	}
	for _, c := range []struct{ key, def, linux, clean string }{
		{"GOMODCACHE", filepath.Join(first, "pkg", "mod"), filepath.Join(linuxCacheHome(h), "go-mod"), "-modcache"},
		{"GOCACHE", defaultGOCACHE(h), defaultGOCACHE(h), "-cache"},
	} {
		cur, src := s.get(c.key, c.def)
		if cur == "off" || cur == "" || !onNTFS(cur) {
			continue
		}
		if onNTFS(c.linux) {
			return fmt.Errorf("%s would move to %s, but that is on NTFS too (is XDG_CACHE_HOME or HOME on a Windows drive?): set %s to a Linux path yourself", c.key, c.linux, c.key)
		}
		fx.Steps = append(fx.Steps, goenv.SetStep(c.key, c.linux))
		note := fmt.Sprintf("%s moves from %s to %s; the old cache is left there (%s=%s go clean %s deletes it)", c.key, cur, c.linux, c.key, cur, c.clean)
		if src == FromEnv {
			note += fmt.Sprintf("; %s is set in your environment, which beats go's env file: unset it there", c.key)
		}
		fx.Notes = append(fx.Notes, note)
	}
	return nil
}
