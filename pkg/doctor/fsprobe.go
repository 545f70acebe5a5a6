package doctor

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// writable reports whether the user could create files in dir (or, when
// dir does not exist yet, in its nearest existing parent, where go would
// create it): mode bits for the user's uid/gid, and no read-only mount.
func writable(h *host.Host, mounts []wsl.Mount, dir string) (bool, string) {
	for p := filepath.Clean(dir); ; p = filepath.Dir(p) {
		fi, err := h.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				return false, p + " is not a directory"
			}
			if m := wsl.MountFor(mounts, p); m != nil && m.HasOption("ro") {
				return false, p + " is on a read-only mount (" + m.MountPoint + ")"
			}
			if !writableBy(fi, h.User.UID, h.User.GID) {
				return false, p + " is not writable by you (" + ownerOf(fi) + ", " + fi.Mode().Perm().String() + ")"
			}
			return true, ""
		}
		if !errors.Is(err, fs.ErrNotExist) || p == "/" || p == "." {
			return false, err.Error()
		}
	}
}

// writableBy applies the kernel's write-permission rule for uid/gid.
func writableBy(fi fs.FileInfo, uid, gid int) bool {
	if uid == 0 {
		return true
	}
	m := fi.Mode().Perm()
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		switch {
		case int(st.Uid) == uid:
			return m&0o200 != 0
		case int(st.Gid) == gid:
			return m&0o020 != 0
		}
	}
	return m&0o002 != 0
}

func ownerOf(fi fs.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return "owner uid " + strconv.Itoa(int(st.Uid))
	}
	return "owner unknown"
}
