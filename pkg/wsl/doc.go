// Package wsl knows what WSL's mount table, /etc/wsl.conf and path
// translation mean, the way WSL's own init and wslpath read them.
//
// API (other packages build on it; keep it stable):
//
//	type Mount struct{ ID, Parent, Major, Minor int; MountPoint, Root, FSType, Source,
//	                   Options, SuperOptions string; NTFS bool; WindowsPath, SymlinkRoot string }
//	ParseMountInfo(r io.Reader) ([]Mount, error)   // tolerant; see ErrMalformed
//	LoadMounts(h *host.Host) ([]Mount, error)      // /proc/self/mountinfo + /run/wsl/virtiofs + wsl.conf, through h
//	MountFor(mounts, path) *Mount                  // the mount a path lives on (last listed prefix wins)
//	NTFSMountFor(mounts, path) *Mount              // MountFor, only when NTFS-backed
//	ReadConf(h *host.Host) (Conf, error)           // /etc/wsl.conf with WSL's defaults
//	ToLinux(mounts, conf, distro, winPath) (string, error)                 // wslpath -u
//	ToWindows(mounts, distro, linuxPath, forwardSlashes bool) (string, error) // wslpath -w / -m
//	Translate(mounts, conf, Request{Mode, Path, Distro, Cwd, Absolute}) (string, error) // wslpath, relative paths too
//	Realpath(h, path) string                       // symlinks resolved as wslpath -w does (real root only)
//	DistroName(h) (name, from string)              // WSL_DISTRO_NAME, else from the ancestors' environments (sudo)
//	DefaultConf(), ParseConf(data)                 // WSL's defaults; wsl.conf text
//
// Errors: ErrMalformed (a mountinfo line was skipped; the other mounts are
// still returned), ErrBadPath (input is not a path of the expected kind:
// a usage error, exit 2), ErrNoTranslation (a valid path with no
// translation here: exit 1, as wslpath), ErrNoDistro (a \\wsl.localhost path
// or a Linux-only path needs WSL_DISTRO_NAME, which sudo drops).
//
// NTFS-backed mounts are drvfs (WSL1), 9p whose aname is drvfs (WSL2 over fd
// or virtio) and virtiofs drive shares. WSL's own 9p shares (aname=drivers,
// aname=tools) are not. A mount's WindowsPath is the Windows side of its
// root: the 9p path= option, the drvfs source or the virtiofs tag link,
// plus the mountinfo root for bind mounts.
package wsl
