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

// Translate is wslpath: it also takes relative paths, resolved against the
// Linux working directory cwd, and answers relative to it when the result
// lies below it, as wslpath does. Absolute paths give the same answer as
// ToLinux / ToWindows.
func Translate(mounts []Mount, conf Conf, distro, cwd, path string, mode Mode) (string, error) {
	switch mode {
	case ToUnix:
		return translateToUnix(mounts, conf, distro, cwd, path)
	case ToWin, ToMixed:
		return translateToWindows(mounts, distro, cwd, path, mode == ToMixed)
	}
	return "", fmt.Errorf("%w: unknown mode %q", ErrBadPath, mode)
}

func translateToUnix(mounts []Mount, conf Conf, distro, cwd, path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: empty path", ErrBadPath)
	}
	p := canonicalSeparators(path, '\\')
	if isAbsWindows(p) {
		return ToLinux(mounts, conf, distro, p)
	}
	winCwd, err := ToWindows(mounts, distro, cwd, false)
	if err != nil {
		return "", fmt.Errorf("%q is relative, and the working directory has no Windows path: %w", path, err)
	}
	var abs string
	if p[0] == '\\' { // relative to the root of the working directory's drive
		if !isDrivePath(winCwd) {
			return "", fmt.Errorf("%w: %q is relative to a drive root, and the working directory %s is on no drive", ErrNoTranslation, path, winCwd)
		}
		abs = winCwd[:2] + p
	} else {
		abs = strings.TrimSuffix(winCwd, `\`) + `\` + p
	}
	out, err := ToLinux(mounts, conf, distro, abs)
	if err != nil {
		return "", err
	}
	return relativeTo(out, cwd), nil
}

func translateToWindows(mounts []Mount, distro, cwd, path string, forwardSlashes bool) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: empty path", ErrBadPath)
	}
	if strings.HasPrefix(path, "/") {
		return ToWindows(mounts, distro, path, forwardSlashes)
	}
	out, err := ToWindows(mounts, distro, strings.TrimSuffix(cwd, "/")+"/"+path, false)
	if err != nil {
		return "", err
	}
	if winCwd, err := ToWindows(mounts, distro, cwd, false); err == nil {
		out = relativeTo(out, winCwd)
	}
	if forwardSlashes {
		out = canonicalSeparators(out, '/')
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
