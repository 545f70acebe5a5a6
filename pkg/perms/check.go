// Package perms checks, and on request fixes, who owns and who may write
// the Go trees devboot configures: GOROOT must not be writable by the user,
// GOPATH and the caches must be the user's own, and `sudo devboot` must
// leave nothing of root's in the user's home. It only ever looks at (and
// changes) the paths it is given: devboot's own, or ones the user named.
package perms

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// Checks a Finding can come from.
const (
	// CheckGOROOTWritable: the user (or anyone but root) can write a
	// system-wide GOROOT. Fix: owner root, no group/other write.
	CheckGOROOTWritable = "goroot-writable"
	// CheckToolchainWritable: a toolchain tree in the user's home (devboot's
	// toolchains) is writable. Fix: read-only, as cmd/go keeps the ones it
	// downloads.
	CheckToolchainWritable = "toolchain-writable"
	// CheckNotOwned: something under a path that must be the user's (GOPATH,
	// module and build caches, devboot's files) belongs to someone else,
	// typically root after `sudo devboot`. Fix: give it to the user.
	CheckNotOwned = "not-owned-by-user"
)

// Paths are what Check looks at.
type Paths struct {
	GOROOT string   `json:"goroot,omitempty"`
	Owned  []string `json:"owned"` // trees that must belong to the user entirely
}

// Finding is one problem under one checked path.
type Finding struct {
	Check   string `json:"check"`
	Path    string `json:"path"`    // the tree checked
	Example string `json:"example"` // the first offending entry
	Count   int    `json:"count"`   // offending entries
	Problem string `json:"problem"`
	Fix     string `json:"fix"` // what FixSteps does about it
	// What the fix sets: owner (-1 keeps it) and write bits to clear.
	UID        int         `json:"fix_uid"`
	GID        int         `json:"fix_gid"`
	ClearWrite fs.FileMode `json:"fix_clear_mode"`
	// Manual: devboot reports the fix but never applies it (FixSteps skips
	// the finding), because the tree is not evidently devboot's or root's.
	Manual bool `json:"manual,omitempty"`
}

// DefaultPaths are the paths devboot manages for e: the toolchain, GOPATH
// (which holds the module cache by default), GOMODCACHE and GOCACHE when
// set elsewhere in go's env file, devboot's data and cache directories, and
// the config directories devboot writes (go, fish, environment.d).
func DefaultPaths(h *host.Host, e goenv.Env) Paths {
	p := Paths{GOROOT: e.Toolchain}
	p.Owned = append(p.Owned, filepath.SplitList(e.GOPATH)...)
	file, _ := goenv.ReadFile(h)
	for _, k := range []string{"GOMODCACHE", "GOCACHE"} {
		if v := file[k]; filepath.IsAbs(v) {
			p.Owned = append(p.Owned, v)
		}
	}
	p.Owned = append(p.Owned, filepath.Join(filepath.Dir(h.CacheDir()), "go-build"), h.DataDir(), h.CacheDir())
	for _, d := range []string{"go", "fish", "environment.d"} {
		p.Owned = append(p.Owned, filepath.Join(h.ConfigHome(), d))
	}
	return p
}

// Check inspects the paths (missing ones are fine) and returns the problems.
func Check(h *host.Host, p Paths) []Finding {
	var out []Finding
	if p.GOROOT != "" {
		if f, ok := checkGOROOT(h, p.GOROOT); ok {
			out = append(out, f)
		}
	}
	if h.User.UID != 0 { // root's files are root's own
		for _, dir := range p.Owned {
			if f, ok := checkOwned(h, dir); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// offender reports whether an entry needs the fix in f.
func offender(f Finding, uid int, mode fs.FileMode) bool {
	wrongOwner := f.UID >= 0 && uid != f.UID
	if mode&fs.ModeSymlink != 0 {
		return wrongOwner // a link's mode means nothing
	}
	return wrongOwner || mode.Perm()&f.ClearWrite != 0
}

// scan walks f.Path (not following links) and counts what f would change.
func scan(f *Finding) error {
	f.Count, f.Example = 0, ""
	return filepath.WalkDir(f.Path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		uid, _, mode, err := lstat(p)
		if err == nil && offender(*f, uid, mode) {
			if f.Count == 0 {
				f.Example = p
			}
			f.Count++
		}
		return nil
	})
}

func checkGOROOT(h *host.Host, goroot string) (Finding, bool) {
	real, err := filepath.EvalSymlinks(goroot)
	if err != nil {
		return Finding{}, false
	}
	// Only a Go tree is a GOROOT worth judging: a GOROOT pointing at /tmp or
	// a half-deleted directory is env.goroot's problem, and changing owners
	// there would touch files that are nobody's toolchain.
	if !goenv.IsGOROOT(realHost, real) {
		return Finding{}, false
	}
	f := Finding{Path: real, UID: -1, GID: -1}
	// real has its links resolved, so compare it with where the home and
	// the data dir really are (a home may be reached through a link).
	userTree := false
	for _, dir := range []string{h.User.Home, h.DataDir()} {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
		}
		userTree = userTree || fsutil.Within(real, dir)
	}
	if userTree {
		f.Check, f.ClearWrite = CheckToolchainWritable, 0o222
		f.Problem = "the Go toolchain in " + real + " is writable, so a stray go install or editor save can corrupt it"
		f.Fix = "make the tree read-only (chmod -R a-w), as go keeps the toolchains it downloads"
	} else {
		f.Check, f.UID, f.GID, f.ClearWrite = CheckGOROOTWritable, 0, 0, 0o022
		f.Problem = "the system-wide GOROOT " + real + " is writable by a user, so one account can change the toolchain for all"
		f.Fix = "give the tree to root and drop group/other write (chown -R root:root, chmod -R go-w), as the official install does"
		// A tree whose top belongs to someone else is that account's own
		// install: say what to run, but do not take it from them.
		if uid, _, _, err := lstat(real); err == nil && uid != 0 {
			f.Manual = true
			f.Fix = fmt.Sprintf("it belongs to uid %d, so devboot leaves it alone: if it is meant to be system-wide, run as root: chown -R root:root %s && chmod -R go-w %s", uid, real, real)
		}
	}
	if err := scan(&f); err != nil || f.Count == 0 {
		return Finding{}, false
	}
	f.Problem += fmt.Sprintf(" (%d entries, e.g. %s)", f.Count, f.Example)
	return f, true
}

func checkOwned(h *host.Host, dir string) (Finding, bool) {
	f := Finding{Check: CheckNotOwned, Path: dir, UID: h.User.UID, GID: h.User.GID}
	if err := scan(&f); err != nil || f.Count == 0 {
		return Finding{}, false
	}
	f.Problem = fmt.Sprintf("%d entries under %s belong to another user (e.g. %s), so %s cannot change them: typical after running go or devboot with sudo", f.Count, dir, f.Example, h.User.Name)
	f.Fix = fmt.Sprintf("give them to %s (chown -R %d:%d, links not followed)", h.User.Name, h.User.UID, h.User.GID)
	return f, true
}

// realHost reads the machine's own files: perms works on real paths (its
// callers map host paths through the root before they get here).
var realHost = host.New("/", nil)

// lstat returns the owner and mode of p.
func lstat(p string) (uid, gid int, mode fs.FileMode, err error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return 0, 0, 0, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	return int(st.Uid), int(st.Gid), fi.Mode(), nil
}
