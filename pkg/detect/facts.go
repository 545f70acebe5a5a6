package detect

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/devboot/devboot/pkg/container"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// Facts are everything detection reads from a machine; Decide turns them
// into a Report without touching the machine again.
type Facts struct {
	KernelRelease string // /proc/sys/kernel/osrelease ("" unknown)
	Machine       string // uname machine ("" unknown)
	OSRelease     string // os-release text; OSReleaseFile where it came from
	OSReleaseFile string

	Container container.Facts
	WSL       WSLFacts
	Mounts    []wsl.Mount // nil when the mount table is unreadable

	ShellEnv    string // $SHELL
	ShellPasswd string // the user's login shell in /etc/passwd
	Sudo        bool   // devboot runs as root for SUDO_USER

	SystemdBooted bool   // /run/systemd/system exists (sd_booted)
	PID1Comm      string // /proc/1/comm
	UserManager   bool   // /run/user/<uid>/systemd/private exists

	Paths []PathInfo // paths of interest, Name and Path only

	Warnings []string // what could not be read
}

// WSLFacts are the signals of a WSL distribution.
type WSLFacts struct {
	InteropBinfmt   bool // binfmt_misc has WSLInterop or WSLInterop-late
	BinfmtMounted   bool // /proc/sys/fs/binfmt_misc/status exists
	RunWSL          bool // /run/WSL exists
	DistroName      string
	InteropEnv      bool   // WSL_INTEROP is set
	WslpathIsInit   bool   // /bin/wslpath or /bin/wslinfo links to /init
	RootFSType      string // type of the "/" mount
	Conf            wsl.Conf
	ConfProblem     string
	MountedSymRoot  string // symlinkroot of the first NTFS mount
	DrvfsMountCount int
}

// Options tune Probe.
type Options struct {
	// SkipEngine leaves the Docker engine unasked (devboot detect --no-engine).
	SkipEngine bool
	// WorkDir is the working directory, a path of interest ("" to skip).
	WorkDir string
}

// Gather reads the facts of h's machine.
func Gather(h *host.Host, opts Options) Facts {
	var f Facts
	warn := func(format string, a ...any) { f.Warnings = append(f.Warnings, fmt.Sprintf(format, a...)) }

	mounts, err := wsl.LoadMounts(h)
	switch {
	case errors.Is(err, wsl.ErrMalformed):
		warn("%v: mount-based answers may be incomplete", err)
	case err != nil:
		warn("%v: container and NTFS answers may be incomplete", err)
	}
	f.Mounts = mounts

	f.KernelRelease, f.Machine = kernel(h, warn)
	f.OSReleaseFile = "/etc/os-release"
	b, err := h.ReadFile(f.OSReleaseFile)
	if err != nil {
		f.OSReleaseFile = "/usr/lib/os-release"
		b, err = h.ReadFile(f.OSReleaseFile)
	}
	if err != nil {
		warn("no readable /etc/os-release or /usr/lib/os-release: distro unknown")
		f.OSReleaseFile = ""
	}
	f.OSRelease = string(b)

	var cw []string
	f.Container, cw = container.Gather(h, mounts)
	f.Warnings = append(f.Warnings, cw...)
	f.WSL = gatherWSL(h, mounts, warn)

	f.ShellEnv, f.Sudo = h.Getenv("SHELL"), h.User.Sudo
	f.ShellPasswd = passwdShell(h, warn)

	f.SystemdBooted = isDir(h, "/run/systemd/system")
	if b, err := h.ReadFile("/proc/1/comm"); err == nil {
		f.PID1Comm = strings.TrimSpace(string(b))
	}
	f.UserManager = h.Exists("/run/user/" + strconv.Itoa(h.User.UID) + "/systemd/private")

	f.Paths = pathsOfInterest(h, opts.WorkDir)
	return f
}

// kernel reads the release and machine. Root "/" falls back to uname(2);
// a fixture root must provide /proc/sys/kernel/{osrelease,arch} (arch is
// in the kernel since Linux 6.1; uname's machine is the same string).
func kernel(h *host.Host, warn func(string, ...any)) (release, machine string) {
	release = readLine(h, "/proc/sys/kernel/osrelease")
	machine = readLine(h, "/proc/sys/kernel/arch")
	if (release == "" || machine == "") && (h.Root == "/" || h.Root == "") {
		if m, r, err := uname(); err == nil {
			release = cmp.Or(release, r)
			machine = cmp.Or(machine, m)
		}
	}
	if release == "" {
		warn("cannot read the kernel release (/proc/sys/kernel/osrelease): kernel unknown")
	}
	if machine == "" {
		warn("cannot read the kernel's machine (/proc/sys/kernel/arch, uname): arch unknown")
	}
	return release, machine
}

// readLine returns a /proc value's first line, "" when unreadable or when
// it is not printable text (a corrupt or binary file).
func readLine(h *host.Host, p string) string {
	b, err := h.ReadFile(p)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSpace(line)
	for _, c := range line {
		if c < 0x20 || c > 0x7e {
			return ""
		}
	}
	return line
}

func isDir(h *host.Host, p string) bool {
	st, err := h.Stat(p)
	return err == nil && st.IsDir()
}

func gatherWSL(h *host.Host, mounts []wsl.Mount, warn func(string, ...any)) WSLFacts {
	w := WSLFacts{
		InteropBinfmt: h.Exists("/proc/sys/fs/binfmt_misc/WSLInterop") || h.Exists("/proc/sys/fs/binfmt_misc/WSLInterop-late"),
		BinfmtMounted: h.Exists("/proc/sys/fs/binfmt_misc/status"),
		RunWSL:        isDir(h, "/run/WSL"),
		DistroName:    h.Getenv("WSL_DISTRO_NAME"),
	}
	_, w.InteropEnv = h.LookupEnv("WSL_INTEROP")
	for _, p := range []string{"/bin/wslpath", "/bin/wslinfo", "/usr/bin/wslpath"} {
		if t, err := h.Readlink(p); err == nil && t == "/init" {
			w.WslpathIsInit = true
		}
	}
	if root := wsl.MountFor(mounts, "/"); root != nil {
		w.RootFSType = root.FSType
	}
	for i := range mounts {
		if mounts[i].NTFS {
			w.DrvfsMountCount++
			if w.MountedSymRoot == "" {
				w.MountedSymRoot = mounts[i].SymlinkRoot
			}
		}
	}
	conf, err := wsl.ReadConf(h)
	w.Conf = conf
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.ConfProblem = err.Error()
	}
	return w
}
