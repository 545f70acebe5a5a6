package mounts

import (
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
)

// Actions a scan decides for a link.
const (
	ActionRewrite      = "rewrite"      // its target becomes New
	ActionKeep         = "keep"         // it works as stored, or is not ours to touch
	ActionUnresolvable = "unresolvable" // it cannot work here, and no rewrite would fix it
)

// Finding is the verdict on one link.
type Finding struct {
	Path   string `json:"path"` // relative to the scanned directory
	Target string `json:"target"`
	Form   Form   `json:"form"`
	Action string `json:"action"`
	New    string `json:"new,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// resolver decides what each link under dir should point to.
type resolver struct {
	dir string
	// symlinkRoot is where drive paths appear (/mnt/); "" when no drive
	// mounts exist, so /mnt/c/... is an ordinary absolute path.
	symlinkRoot string
	// origin is the Windows path whose contents dir shows (its NTFS source,
	// or what it was copied from); "" when unknown. Targets under it map
	// into dir itself, whatever the mount table says.
	origin string
	// toLinux translates a Windows path as wslpath -u does.
	toLinux func(win string) (string, error)
}

func (r *resolver) decide(l Link) Finding {
	f := Finding{Path: l.Path, Target: l.Target, Form: ClassifyTarget(l.Target, r.symlinkRoot)}
	var win string
	switch f.Form {
	case FormRelative:
		f.Action = ActionKeep
		if !fsutil.Within(filepath.Join(r.dir, filepath.Dir(l.Path), l.Target), r.dir) {
			f.Reason = "relative target leads outside " + r.dir
		}
		return f
	case FormAbsolute:
		f.Action, f.Reason = ActionKeep, "absolute Linux path outside the drive mounts"
		return f
	case FormDrive:
		win, _ = DriveToWindows(l.Target, r.symlinkRoot)
	case FormWindows:
		win = l.Target
	}
	linux, err := r.translate(win)
	if err != nil {
		f.Action, f.Reason = ActionUnresolvable, err.Error()
		return f
	}
	if fsutil.Within(linux, r.dir) {
		// Relative, so the link works at every path the tree is seen
		// at: the NTFS path, a bind target, a container volume.
		rel, err := filepath.Rel(filepath.Join(r.dir, filepath.Dir(l.Path)), linux)
		if err == nil {
			linux = rel
		}
	}
	if linux == l.Target {
		f.Action, f.Reason = ActionKeep, "resolves as stored"
		return f
	}
	f.Action, f.New = ActionRewrite, linux
	return f
}

// translate maps a Windows path into dir when it lies under dir's origin,
// else through the mount table.
func (r *resolver) translate(win string) (string, error) {
	if rest, ok := cutWindowsPrefix(win, r.origin); ok {
		return filepath.Join(r.dir, rest), nil
	}
	return r.toLinux(win)
}

// cutWindowsPrefix returns p below prefix as a slash path ("" for prefix
// itself). Windows paths compare without case and with either separator.
func cutWindowsPrefix(p, prefix string) (string, bool) {
	if prefix == "" {
		return "", false
	}
	norm := func(s string) string {
		s = strings.TrimPrefix(s, `\\?\`)
		return strings.TrimRight(strings.ReplaceAll(s, `\`, "/"), "/")
	}
	p, prefix = norm(p), norm(prefix)
	if len(p) < len(prefix) || !strings.EqualFold(p[:len(prefix)], prefix) {
		return "", false
	}
	rest := p[len(prefix):]
	if rest != "" && rest[0] != '/' {
		return "", false
	}
	return strings.TrimLeft(rest, "/"), true
}
