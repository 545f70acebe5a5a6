package wsl

import (
	"fmt"
	"strings"
)

// Mode is a wslpath translation direction.
type Mode byte

const (
	ToUnix  Mode = 'u' // Windows → Linux (wslpath -u, the default)
	ToWin   Mode = 'w' // Linux → Windows (wslpath -w)
	ToMixed Mode = 'm' // Linux → Windows with forward slashes (wslpath -m)
)

// Request is one wslpath invocation.
type Request struct {
	Mode   Mode
	Path   string
	Distro string // WSL_DISTRO_NAME
	Cwd    string // the Linux working directory, for relative paths
	// Absolute prints absolute paths for relative input too (wslpath -a).
	Absolute bool
}

// Translate is wslpath: it also takes relative paths, resolved against the
// Linux working directory, and (unless Absolute) answers relative to it when
// the result lies below it, as wslpath does. Absolute paths give the same
// answer as ToLinux / ToWindows.
func Translate(mounts []Mount, conf Conf, r Request) (string, error) {
	var (
		out string
		err error
	)
	switch r.Mode {
	case ToUnix:
		out, err = translateToUnix(mounts, conf, r)
	case ToWin, ToMixed:
		out, err = translateToWindows(mounts, r)
	default:
		return "", fmt.Errorf("%w: unknown mode %q", ErrBadPath, r.Mode)
	}
	if err == nil && r.Mode == ToMixed {
		out = canonicalSeparators(out, '/')
	}
	return out, err
}

func translateToUnix(mounts []Mount, conf Conf, r Request) (string, error) {
	if r.Path == "" {
		return "", fmt.Errorf("%w: empty path", ErrBadPath)
	}
	p := canonicalSeparators(r.Path, '\\')
	if isAbsWindows(p) {
		return ToLinux(mounts, conf, r.Distro, p)
	}
	winCwd, err := ToWindows(mounts, r.Distro, r.Cwd, false)
	if err != nil {
		return "", fmt.Errorf("'%s' is relative, and the working directory has no Windows path: %w", r.Path, err)
	}
	var abs string
	if p[0] == '\\' { // relative to the root of the working directory's drive
		if !isDrivePath(winCwd) {
			return "", fmt.Errorf("%w: '%s' is relative to a drive root, and the working directory %s is on no drive", ErrNoTranslation, r.Path, winCwd)
		}
		abs = winCwd[:2] + p
	} else {
		abs = strings.TrimSuffix(winCwd, `\`) + `\` + p
	}
	out, err := ToLinux(mounts, conf, r.Distro, abs)
	if err != nil || r.Absolute {
		return out, err
	}
	return relativeTo(out, r.Cwd), nil
}

func translateToWindows(mounts []Mount, r Request) (string, error) {
	if r.Path == "" {
		return "", fmt.Errorf("%w: empty path", ErrBadPath)
	}
	if strings.HasPrefix(r.Path, "/") {
		return ToWindows(mounts, r.Distro, r.Path, false)
	}
	out, err := ToWindows(mounts, r.Distro, strings.TrimSuffix(r.Cwd, "/")+"/"+r.Path, false)
	if err != nil || r.Absolute {
		return out, err
	}
	if winCwd, err := ToWindows(mounts, r.Distro, r.Cwd, false); err == nil {
		out = relativeTo(out, winCwd)
	}
	return out, nil
}

// relativeTo strips dir from p when p lies below it, as wslpath does for
// relative input ("." for dir itself).
func relativeTo(p, dir string) string {
	rest, ok := strings.CutPrefix(p, dir)
	if !ok {
		return p
	}
	switch {
	case rest == "":
		return "."
	case rest[0] == '/' || rest[0] == '\\':
		if len(rest) == 1 {
			return "."
		}
		return rest[1:]
	}
	return p
}
