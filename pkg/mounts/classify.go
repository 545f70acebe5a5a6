package mounts

import (
	"strings"
)

// Form is the shape of a symlink target, which decides what a rewrite can
// do with it.
type Form string

const (
	// FormWindows is a Windows path: C:\x, c:/x, \\wsl$\..., \\wsl.localhost\...,
	// \\?\C:\x or another UNC share. Linux cannot follow it as stored.
	FormWindows Form = "windows"
	// FormDrive is an absolute path under the drive mounts' symlinkroot
	// (/mnt/c/x): what Windows links and junctions read back as on WSL2.
	// It breaks once the tree is seen at another path.
	FormDrive Form = "drive"
	// FormRelative resolves wherever the tree is mounted: left alone.
	FormRelative Form = "relative"
	// FormAbsolute is any other absolute Linux path: left alone.
	FormAbsolute Form = "absolute"
)

// ClassifyTarget tells the form of a link target. symlinkRoot is the drive
// mounts' symlinkroot ("/mnt/" by default, "/" with automount root=/); an
// empty one means no drive mounts, so no target has the drive form.
func ClassifyTarget(target, symlinkRoot string) Form {
	switch {
	case target == "":
		return FormRelative // the kernel refuses to follow it either way
	case isWindowsPath(target):
		return FormWindows
	case !strings.HasPrefix(target, "/"):
		return FormRelative
	}
	if _, _, ok := splitDrive(target, symlinkRoot); ok {
		return FormDrive
	}
	return FormAbsolute
}

// isWindowsPath reports a drive-letter path (C:\, c:/, bare C:) or a UNC
// path (\\server\share, \\?\, \\wsl$\distro).
func isWindowsPath(p string) bool {
	if strings.HasPrefix(p, `\\`) {
		return true
	}
	if len(p) >= 2 && isLetter(p[0]) && p[1] == ':' {
		return len(p) == 2 || p[2] == '\\' || p[2] == '/'
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// splitDrive splits /mnt/c/x/y into drive "c" and rest "x/y" when target
// lies under symlinkRoot at a one-letter drive directory.
func splitDrive(target, symlinkRoot string) (drive byte, rest string, ok bool) {
	if !strings.HasPrefix(symlinkRoot, "/") {
		return 0, "", false
	}
	if !strings.HasSuffix(symlinkRoot, "/") {
		symlinkRoot += "/"
	}
	tail, found := strings.CutPrefix(target, symlinkRoot)
	if !found || len(tail) == 0 || !isLetter(tail[0]) {
		return 0, "", false
	}
	if len(tail) > 1 && tail[1] != '/' {
		return 0, "", false
	}
	rest = strings.TrimLeft(tail[1:], "/")
	return tail[0], rest, true
}

// DriveToWindows turns a drive-form target (/mnt/c/x/y) into the Windows
// path it stands for (C:\x\y), which pkg/wsl can then translate through
// the mount table to wherever that file is visible now.
func DriveToWindows(target, symlinkRoot string) (string, bool) {
	drive, rest, ok := splitDrive(target, symlinkRoot)
	if !ok {
		return "", false
	}
	return strings.ToUpper(string(drive)) + `:\` + strings.ReplaceAll(rest, "/", `\`), true
}
