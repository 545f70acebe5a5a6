package binwhy

import (
	"fmt"
	"io/fs"
	"syscall"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// identity is who would exec the file.
type identity struct{ uid, gid int }

// canExec applies the kernel's permission rule for execve: root needs any
// x bit; others need the owner, group or other x bit that applies to them.
// Supplementary groups are not known to the Host, so only the primary
// group counts.
func (id identity) canExec(fi fs.FileInfo) bool {
	m := fi.Mode().Perm()
	if id.uid == 0 {
		return m&0o111 != 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		switch {
		case int(st.Uid) == id.uid:
			return m&0o100 != 0
		case int(st.Gid) == id.gid:
			return m&0o010 != 0
		}
	}
	return m&0o001 != 0
}

// fileLayer checks the file exists and is a regular file.
func fileLayer(h *host.Host, file string) (Layer, string, fs.FileInfo) {
	l := Layer{ID: LayerFile}
	real, fi, err := statIn(h, file)
	switch {
	case err != nil:
		l.Verdict, l.Message = Fail, fmt.Sprintf("%s cannot be opened: %v", file, err)
		if fli, lerr := h.Lstat(file); lerr == nil && fli.Mode()&fs.ModeSymlink != 0 {
			target, _ := h.Readlink(file)
			l.Message = fmt.Sprintf("%s is a symlink to %s, which does not resolve: %v", file, target, err)
		}
		l.Fix = "reinstall the program, or fix the link so it points at an existing file"
		return l, "", nil
	case !fi.Mode().IsRegular():
		l.Verdict, l.Message = Fail, fmt.Sprintf("%s is not a regular file (%s)", file, fi.Mode().Type())
		l.Fix = "point PATH or the command at the program file itself"
		return l, "", nil
	}
	l.Verdict, l.Message = OK, fmt.Sprintf("%s exists (%d bytes)", file, fi.Size())
	if real != file {
		l.Evidence = append(l.Evidence, "resolves to "+real)
	}
	return l, real, fi
}

// execLayer checks the mode bits for the user and the mount's noexec flag.
func execLayer(h *host.Host, real string, fi fs.FileInfo, who identity) Layer {
	l := Layer{ID: LayerExec, Verdict: OK}
	l.Evidence = append(l.Evidence, fmt.Sprintf("mode %s, checked for uid %d gid %d", fi.Mode().Perm(), who.uid, who.gid))
	if !who.canExec(fi) {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("%s has no exec permission for you (mode %s): Permission denied", real, fi.Mode().Perm())
		l.Fix = "chmod +x " + real
		return l
	}
	mounts, _ := wsl.LoadMounts(h) // unreadable table: no noexec verdict
	if m := wsl.MountFor(mounts, real); m != nil {
		l.Evidence = append(l.Evidence, fmt.Sprintf("on mount %s (%s, options %s)", m.MountPoint, m.FSType, m.Options))
		if m.HasOption("noexec") {
			l.Verdict = Fail
			l.Message = fmt.Sprintf("%s is on %s, mounted noexec: the kernel refuses to run anything there (Permission denied)", real, m.MountPoint)
			l.Fix = fmt.Sprintf("copy the program to a directory on an exec mount (e.g. ~/.local/bin), or remount: mount -o remount,exec %s", m.MountPoint)
			return l
		}
	}
	l.Message = "executable by you"
	return l
}
