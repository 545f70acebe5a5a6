package wsl

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
)

var (
	// ErrBadPath: the input is not a path of the kind asked for (usage error).
	ErrBadPath = errors.New("not a valid path")
	// ErrNoTranslation: a valid path that has no translation on this machine.
	ErrNoTranslation = errors.New("no translation")
	// ErrNoDistro: the translation needs the distribution's name.
	ErrNoDistro = errors.New("this distribution's name is unknown")
)

const (
	uncLocalhost = `\\wsl.localhost\`
	uncCompat    = `\\wsl$\`
)

// ToLinux translates an absolute Windows path as `wslpath -u` does: through
// the drive and share mounts of the table (longest Windows prefix wins, a
// later mount over a mount point hides it), or \\wsl.localhost\<distro>\x and
// \\wsl$\<distro>\x to /x when distro (WSL_DISTRO_NAME) is this one. Forward
// slashes are accepted, \\?\ is stripped, "." and ".." are collapsed. conf
// only improves the message when a drive is not mounted.
func ToLinux(mounts []Mount, conf Conf, distro, winPath string) (string, error) {
	p, err := canonicalWindows(winPath)
	if err != nil {
		return "", err
	}
	if m, n := windowsMount(mounts, p); m != nil {
		suffix := canonicalSeparators(p[n:], '/')
		if point := path.Clean(m.MountPoint); point != "/" {
			return point + suffix, nil
		}
		return "/" + strings.TrimPrefix(suffix, "/"), nil
	}
	if hasPrefixFold(p, uncLocalhost) || hasPrefixFold(p, uncCompat) {
		return fromDistroShare(p, distro)
	}
	return "", noLinuxPath(p, conf, hasDriveMounts(mounts))
}

func hasDriveMounts(mounts []Mount) bool {
	for _, m := range mounts {
		if m.NTFS {
			return true
		}
	}
	return false
}

// canonicalWindows is WSL's DosToCanonicalPath for absolute paths.
func canonicalWindows(winPath string) (string, error) {
	p := canonicalSeparators(winPath, '\\')
	if !isAbsWindows(p) {
		return "", fmt.Errorf("%w: '%s' is not an absolute Windows path (give C:\\... , C:/... or \\\\server\\share\\...)", ErrBadPath, winPath)
	}
	start := 0
	switch {
	case len(p) > 2 && p[1] == ':' && p[2] == '\\':
	case strings.HasPrefix(p, `\\?\`):
		p = p[4:]
		// \\?\UNC\server\share is \\server\share (wslpath itself gives up here).
		if rest, ok := cutPrefixFold(p, `UNC\`); ok {
			p, start = `\\`+rest, 2
		} else if len(p) < 3 || !isDrivePath(p) || p[2] != '\\' {
			return "", fmt.Errorf("%w: '%s': \\\\?\\ must be followed by a drive path (C:\\...) or UNC\\server\\share", ErrBadPath, winPath)
		}
	case strings.HasPrefix(p, `\\`):
		start = 2
	default:
		return "", fmt.Errorf("%w: '%s' has a drive but no root (write %c:\\...)", ErrBadPath, winPath, p[0])
	}
	c, ok := collapse(p[start:], '\\')
	if !ok {
		return "", fmt.Errorf("%w: '%s' climbs above its root with ..", ErrBadPath, winPath)
	}
	return p[:start] + c, nil
}

// windowsMount finds the mount whose Windows path is the longest prefix of
// p, skipping mounts hidden by later ones and WSL's internal virtiofs binds.
// It returns the mount and the length of p it covers.
func windowsMount(mounts []Mount, p string) (*Mount, int) {
	var found *Mount
	foundLen := 0
	for i := range mounts {
		m := &mounts[i]
		if found != nil && fsutil.Within(found.MountPoint, m.MountPoint) {
			found, foundLen = nil, 0
		}
		if !m.NTFS || m.WindowsPath == "" || fsutil.Within(m.MountPoint, virtiofsMountDir) {
			continue
		}
		n := winPrefixLen(p, strings.TrimSuffix(m.WindowsPath, `\`))
		if n == 0 || n < foundLen {
			continue
		}
		found, foundLen = m, n
	}
	return found, foundLen
}

// fromDistroShare maps \\wsl.localhost\<distro>\x (or \\wsl$\...) to /x.
func fromDistroShare(p, distro string) (string, error) {
	if distro == "" {
		return "", fmt.Errorf("'%s' is a distribution share, and %w: WSL_DISTRO_NAME is not set (sudo drops it): pass --distro NAME, or sudo --preserve-env=WSL_DISTRO_NAME", p, ErrNoDistro)
	}
	for _, prefix := range []string{uncLocalhost + distro, uncCompat + distro} {
		rest, ok := cutPrefixFold(p, prefix)
		if !ok || rest != "" && rest[0] != '\\' {
			continue
		}
		if rest == "" {
			return "/", nil
		}
		return unescapeFromNT(canonicalSeparators(rest, '/')), nil
	}
	return "", fmt.Errorf("%w: '%s' is not in this distribution (%s)", ErrNoTranslation, p, distro)
}

// noLinuxPath explains why a Windows path has no Linux form here.
func noLinuxPath(p string, conf Conf, drives bool) error {
	if !isDrivePath(p) {
		return fmt.Errorf("%w: '%s' is on no mounted drive or share", ErrNoTranslation, p)
	}
	d := strings.ToUpper(p[:1])
	at := conf.AutomountRoot + strings.ToLower(d)
	switch {
	case !conf.AutomountEnabled:
		return fmt.Errorf("%w: drive %s: is not mounted, and automount is off in %s (mount it: sudo mount -t drvfs %s: %s)", ErrNoTranslation, d, ConfPath, d, at)
	case !drives:
		return fmt.Errorf("%w: drive %s: is not mounted, nor is any Windows drive (is this WSL?)", ErrNoTranslation, d)
	}
	return fmt.Errorf("%w: drive %s: is not mounted (WSL would mount it at %s; mount it: sudo mount -t drvfs %s: %s)", ErrNoTranslation, d, at, d, at)
}

// ToWindows translates an absolute Linux path as `wslpath -w` does (with
// forwardSlashes, as `wslpath -m`): a path on a drive or share mount becomes
// its Windows path; any other path becomes \\wsl.localhost\<distro>\..., which
// needs distro. Characters NTFS cannot hold are mapped as WSL does. Symlinks
// are not resolved here (wslpath resolves them first: callers may).
func ToWindows(mounts []Mount, distro, linuxPath string, forwardSlashes bool) (string, error) {
	if !strings.HasPrefix(linuxPath, "/") {
		return "", fmt.Errorf("%w: %q is not an absolute Linux path", ErrBadPath, linuxPath)
	}
	p, ok := collapse(linuxPath, '/')
	if !ok {
		return "", fmt.Errorf("%w: %q climbs above / with ..", ErrBadPath, linuxPath)
	}
	out, err := toWindows(mounts, distro, p)
	if err != nil {
		return "", err
	}
	if forwardSlashes {
		out = canonicalSeparators(out, '/')
	}
	return out, nil
}

func toWindows(mounts []Mount, distro, p string) (string, error) {
	if m := MountFor(mounts, p); m != nil && m.NTFS && m.WindowsPath != "" {
		suffix := p
		if point := path.Clean(m.MountPoint); point != "/" {
			suffix = p[len(point):]
		}
		prefix := strings.TrimSuffix(m.WindowsPath, `\`)
		if suffix == "" && len(prefix) == 2 && prefix[1] == ':' {
			return prefix + `\`, nil
		}
		return prefix + escapeForNT(suffix), nil
	}
	if distro == "" {
		return "", fmt.Errorf("%s is on the Linux filesystem (\\\\wsl.localhost\\<distro>%s), and %w: WSL_DISTRO_NAME is not set (sudo drops it): pass --distro NAME, or sudo --preserve-env=WSL_DISTRO_NAME", p, strings.ReplaceAll(p, "/", `\`), ErrNoDistro)
	}
	return uncLocalhost + distro + escapeForNT(p), nil
}

func hasPrefixFold(s, prefix string) bool {
	_, ok := cutPrefixFold(s, prefix)
	return ok
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
