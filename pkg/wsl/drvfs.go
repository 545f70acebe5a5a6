package wsl

import (
	"strings"
)

// decode fills NTFS, WindowsPath and SymlinkRoot from the mount's type,
// source and options, as WSL's init does when it translates paths.
func decode(m *Mount) {
	switch m.FSType {
	case "drvfs": // WSL1: the source is the Windows path itself.
		m.NTFS = true
		m.WindowsPath = withRoot(m.Source, m.Root)
	case "9p":
		opts, ok := plan9DrvfsOptions(m.SuperOptions)
		if !ok {
			return // WSL's own shares (aname=drivers, aname=tools), or a foreign 9p
		}
		m.NTFS = true
		m.SymlinkRoot = opts["symlinkroot"]
		src := plan9Source(opts["path"])
		if src == "" && isDrivePath(m.Source) {
			src = m.Source // older builds also name the drive as the source (C:\)
		}
		m.WindowsPath = withRoot(src, m.Root)
	case "virtiofs":
		decodeVirtiofs(m, nil)
	}
}

// plan9DrvfsOptions returns the ';'-separated settings inside the
// aname=drvfs (or drvfsa, elevated) option, e.g. path, symlinkroot, uid.
func plan9DrvfsOptions(super string) (map[string]string, bool) {
	for _, opt := range strings.Split(super, ",") {
		aname, ok := strings.CutPrefix(opt, "aname=")
		if !ok {
			continue
		}
		parts := strings.Split(aname, ";")
		if parts[0] != "drvfs" && parts[0] != "drvfsa" {
			return nil, false
		}
		out := map[string]string{}
		for _, p := range parts[1:] {
			k, v, _ := strings.Cut(p, "=")
			out[k] = v
		}
		return out, true
	}
	return nil, false
}

// plan9Source turns a 9p path= value into a Windows path: a drive path as
// is, UNC\server\share as \\server\share; anything else is unusable, as in
// WSL's UtilParsePlan9MountSource.
func plan9Source(path string) string {
	if isDrivePath(path) {
		return path
	}
	if rest, ok := strings.CutPrefix(path, `UNC\`); ok && rest != "" {
		return `\\` + rest
	}
	return ""
}

// isDrivePath reports whether p starts with a drive letter and a colon.
func isDrivePath(p string) bool {
	return len(p) >= 2 && isLetter(p[0]) && p[1] == ':'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// withRoot is the Windows path of a mount's root: the source with
// backslashes and no trailing separator (a drive root keeps it: `C:\`),
// joined with the mountinfo root of a bind mount.
func withRoot(source, root string) string {
	if source == "" {
		return ""
	}
	p := toBackslashes(source)
	if root != "" && root != "/" {
		p = strings.TrimRight(p, `\`) + toBackslashes(root)
	}
	p = strings.TrimRight(p, `\`)
	if len(p) == 2 && p[1] == ':' {
		p += `\`
	}
	if p == "" || p == `\` {
		return ""
	}
	return p
}

// toBackslashes turns every / into \ and collapses runs of separators,
// keeping a leading \\ (UNC), as WSL's UtilCanonicalisePathSeparator.
func toBackslashes(p string) string { return canonicalSeparators(p, '\\') }

// canonicalSeparators makes every separator sep and collapses runs, except
// that the first two characters may both be separators (a UNC prefix).
func canonicalSeparators(p string, sep byte) string {
	b := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || c == '\\' {
			if len(b) > 1 && b[len(b)-1] == sep {
				continue
			}
			c = sep
		}
		b = append(b, c)
	}
	return string(b)
}
