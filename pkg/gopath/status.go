package gopath

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/devboot/devboot/pkg/detect"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// Verdicts, as doctor spells them.
const (
	OK   = "ok"
	Warn = "warn"
	Fail = "fail"
)

// PathStatus is one Go path, where it lives and what to do about it.
type PathStatus struct {
	Name   string `json:"name"` // GOPATH, GOPATH[1], GOMODCACHE, GOCACHE, GOBIN, module
	Path   string `json:"path"`
	Source string `json:"source"`   // environment, go env file, default, working directory
	Real   string `json:"resolved"` // Path with symlinks resolved
	FSType string `json:"fstype"`
	NTFS   bool   `json:"ntfs"`
	// MountPoint is the mount the path lives on; WindowsPath its Windows
	// path when NTFS-backed (where it is mounted from).
	MountPoint  string `json:"mount_point,omitempty"`
	WindowsPath string `json:"windows_path,omitempty"`
	// Bind is true for an NTFS path seen through a mount of a directory
	// of a drive rather than the drive itself: what `gopath fix` makes (or
	// a drvfs mount of C:\Users\me\Box).
	Bind    bool   `json:"bind,omitempty"`
	Verdict string `json:"verdict"`
	Problem string `json:"problem,omitempty"`
	Fix     string `json:"fix,omitempty"`
	// Speed is the stat walk measured on an NTFS path and on the Linux
	// filesystem (Status only; see Report.MeasureSpeed).
	Speed *SpeedCheck `json:"speed,omitempty"`
}

// Report is `devboot gopath status`.
type Report struct {
	Platform string       `json:"platform"`
	Paths    []PathStatus `json:"paths"`
	// Migrations are the copies gopath fix --mode migrate made (from the
	// journal), with the speed difference each measured.
	Migrations []Migration `json:"migrations,omitempty"`
	Warnings   []string    `json:"warnings,omitempty"`
}

// Worst is the worst verdict of all paths.
func (r *Report) Worst() string {
	worst := OK
	for _, p := range r.Paths {
		if p.Verdict == Fail || p.Verdict == Warn && worst == OK {
			worst = p.Verdict
		}
	}
	return worst
}

// Status places each of the user's Go paths on its filesystem (read through
// h's mount table), judges it and measures how slow the NTFS ones are.
// workDir finds the module being worked on ("" to leave it out).
func Status(h *host.Host, workDir string) (*Report, error) {
	return status(h, workDir, SampleBudget)
}

// status is Status with each stat walk's time budget: tests give one that
// a loaded machine cannot use up.
func status(h *host.Host, workDir string, budget time.Duration) (*Report, error) {
	facts := detect.Gather(h, detect.Options{})
	r, err := StatusFrom(h, workDir, detect.Decide(facts).Platform, facts.Mounts)
	if err != nil {
		return nil, err
	}
	r.MeasureSpeed(h, facts.Mounts, budget)
	return r, nil
}

// StatusFrom is Status for a caller that has already detected the platform
// and read the mount table (doctor, up): it does not probe the machine again
// nor measure speed (Report.MeasureSpeed does, at up to a time budget a drive).
// A nil mounts is read from h.
func StatusFrom(h *host.Host, workDir, platform string, mounts []wsl.Mount) (*Report, error) {
	r := &Report{Platform: platform, Migrations: journaledMigrations(h)}
	if mounts == nil {
		var err error
		if mounts, err = wsl.LoadMounts(h); err != nil && !errors.Is(err, wsl.ErrMalformed) {
			return nil, err
		}
	}
	distro := h.Getenv("WSL_DISTRO_NAME")
	for _, gp := range goPaths(h, workDir) {
		ps := PathStatus{Name: gp.Name, Path: gp.Path, Source: gp.Source, Real: h.Resolved(gp.Path)}
		if m := wsl.MountFor(mounts, ps.Real); m != nil {
			ps.FSType, ps.NTFS, ps.MountPoint = m.FSType, m.NTFS, m.MountPoint
			if m.NTFS {
				ps.WindowsPath, _ = wsl.ToWindows(mounts, distro, ps.Real, false)
				ps.Bind = !isDriveOrShareRoot(m.WindowsPath)
			}
		}
		judge(&ps, h)
		r.Paths = append(r.Paths, ps)
	}
	return r, nil
}

// isDriveOrShareRoot reports a Windows path that is a whole drive (C:\)
// or share (\\server\share): what WSL's automount and UNC mounts show.
func isDriveOrShareRoot(win string) bool {
	win = strings.TrimSuffix(win, `\`)
	if len(win) == 2 && win[1] == ':' {
		return true
	}
	rest, ok := strings.CutPrefix(win, `\\`)
	return ok && strings.Count(rest, `\`) == 1
}

// judge gives a path its verdict and fix.
func judge(ps *PathStatus, h *host.Host) {
	ps.Verdict = OK
	if !ps.NTFS {
		return
	}
	from := ps.WindowsPath
	if from == "" {
		from = "a Windows drive"
	}
	switch {
	case strings.HasPrefix(ps.Name, "GOPATH") && ps.Bind:
		ps.Verdict = Warn
		ps.Problem = fmt.Sprintf("a bind mount of %s: paths are Linux-form, but speed, chmod, locking and inotify are still NTFS's", from)
		ps.Fix = "for speed, copy it to ext4: sudo devboot gopath restore && devboot gopath fix --mode migrate"
	case strings.HasPrefix(ps.Name, "GOPATH"):
		ps.Verdict = Fail
		ps.Problem = fmt.Sprintf("on NTFS (%s over %s): go.mod locks fail, module-cache renames get EPERM, chmod is ignored without metadata, Windows edits raise no inotify events, and every file operation goes through Windows", ps.FSType, from)
		ps.Fix = fmt.Sprintf("sudo devboot gopath fix --from %s (bind onto %s/go), or devboot gopath fix --mode migrate to copy it to ext4, which also fixes speed", ps.Real, h.User.Home)
	case ps.Name == "GOMODCACHE" || ps.Name == "GOCACHE":
		ps.Verdict = Fail
		ps.Problem = fmt.Sprintf("cache on NTFS (%s): renames fail with EPERM and every build is slow", from)
		ps.Fix = "sudo devboot gopath fix (or devboot gopath fix --mode migrate) moves it to the Linux filesystem (caches are regenerable; nothing is copied)"
	case ps.Name == "GOBIN":
		ps.Verdict = Warn
		ps.Problem = fmt.Sprintf("installed binaries land on NTFS (%s): they run, but slowly and without their mode bits unless drvfs has metadata", from)
		ps.Fix = "sudo devboot gopath fix (GOBIN follows GOPATH), or set GOBIN to a Linux path"
	default: // the module being worked on
		ps.Verdict = Warn
		ps.Problem = fmt.Sprintf("the module is on NTFS (%s): builds are slow and go.mod locking fails", from)
		ps.Fix = "clone it into the Linux filesystem (e.g. ~/src) and open it from there (VS Code: WSL remote)"
	}
}
