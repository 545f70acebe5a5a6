package wsl

import (
	"path"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/fsutil"
)

// MountFor returns the mount that path (absolute, cleaned here) lives on:
// the last listed mount whose mount point contains it. Mounts are listed in
// the order they were attached, so a later mount at the same point, or at a
// parent of an earlier one, hides it. Nil if none.
func MountFor(mounts []Mount, p string) *Mount {
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	p = path.Clean(p)
	var found *Mount
	for i := range mounts {
		if fsutil.Within(p, mounts[i].MountPoint) {
			found = &mounts[i]
		}
	}
	return found
}

// NTFSMountFor is MountFor, but only if that mount is NTFS-backed.
func NTFSMountFor(mounts []Mount, p string) *Mount {
	if m := MountFor(mounts, p); m != nil && m.NTFS {
		return m
	}
	return nil
}

// HasOption reports whether the mount's per-mount options include o
// ("ro", "noexec"), as mount(8) lists them.
func (m *Mount) HasOption(o string) bool {
	return slices.Contains(strings.Split(m.Options, ","), o)
}
