package roots

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// WSL fixtures: roots shaped like real WSL machines (mount tables, /proc
// files, binfmt_misc, wsl.conf), built from WSL's own source and bug
// reports (see ../shared/HOST-FACTS.md). Mount tables list mounts in the
// order WSL attaches them: / first, then WSL's own shares, then drives.
//
//	roots.WSL2()                                  // Ubuntu 22.04, 5.15 kernel, C: over 9p/fd at /mnt/c
//	roots.WSL2(roots.Transport(roots.Plan9Virtio)) // 9p over virtio (source drvfs)
//	roots.WSL2(roots.AutomountRoot("/"))          // drives at /c, symlinkroot=/
//	roots.WSL2(roots.DockerDesktop())             // /mnt/wsl/docker-desktop* and /Docker/host
//	roots.WSL1()                                  // 4.4.0-19041-Microsoft, lxfs /, drvfs C: and D:
//
// Options: AutomountRoot(root), InteropOff(), InteropLate(), Kernel(release),
// Systemd(), DockerDesktop(), Transport(Plan9Fd|Plan9FdCache5|Plan9Virtio|
// Plan9VirtioAdmin|Virtiofs), Drives("C", "D"), SubdirMount(windows, linux)
// (a directory or \\server\share), AutomountOff(), MountFsTabOff().
// WSLFixtures names one root per shape; table tests iterate WSLFixtureNames().
//
// The distribution's name is WSLDistro (WSL_DISTRO_NAME is environment, not
// a file: tests set it on the host.Host).

// WSLDistro is the distribution name the WSL fixtures stand for.
const WSLDistro = "Ubuntu"

// Kernel releases of real WSL machines.
const (
	WSL1Release = "4.4.0-19041-Microsoft"
	WSL2Release = "5.15.153.1-microsoft-standard-WSL2"
)

// WSLTransport is how a WSL2 fixture mounts Windows drives.
type WSLTransport int

const (
	Plan9Fd          WSLTransport = iota // 9p over fd, source C:\ (the classic WSL2 line)
	Plan9FdCache5                        // 9p over fd, newer builds: cache=5 instead of mmap
	Plan9Virtio                          // 9p over virtio, source drvfs
	Plan9VirtioAdmin                     // 9p over virtio, elevated session: source drvfsa
	Virtiofs                             // virtiofs: C: as tag drvfsC0, D: as a share of the aggregate device
)

// WSLSubdirMount is a drvfs mount of a Windows directory (not a drive).
type WSLSubdirMount struct {
	Windows string // C:\Users\me\Box or \\server\share
	Linux   string // where it is mounted
}

type wslSpec struct {
	release       string
	root          string // automount root, with trailing slash
	rootSet       bool
	interop       bool
	systemd       bool
	docker        bool
	transport     WSLTransport
	drives        []string
	subdirs       []WSLSubdirMount
	mountFsTabOff bool
	automountOff  bool
	interopLate   bool
}

// WSLOption changes a WSL fixture.
type WSLOption func(*wslSpec)

// AutomountRoot sets [automount] root in wsl.conf; the drives are mounted
// under it and symlinkroot= follows it, as WSL does ("/" gives /c).
func AutomountRoot(root string) WSLOption {
	return func(s *wslSpec) {
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		s.root, s.rootSet = root, true
	}
}

// InteropOff sets [interop] enabled=false: no WSLInterop binfmt entry.
func InteropOff() WSLOption { return func(s *wslSpec) { s.interop = false } }

// InteropLate names the interop binfmt entry WSLInterop-late, as WSL 2.x
// registers it again after systemd-binfmt has run.
func InteropLate() WSLOption { return func(s *wslSpec) { s.interopLate = true } }

// Kernel sets the kernel release (osrelease, /proc/version), e.g. a custom
// WSL2 kernel whose release lacks "microsoft".
func Kernel(release string) WSLOption { return func(s *wslSpec) { s.release = release } }

// Systemd sets [boot] systemd=true and /run/systemd/container = wsl.
func Systemd() WSLOption { return func(s *wslSpec) { s.systemd = true } }

// DockerDesktop adds Docker Desktop's WSL integration mounts, including the
// /Docker/host 9p line whose options hold an unescaped space.
func DockerDesktop() WSLOption { return func(s *wslSpec) { s.docker = true } }

// Transport picks how drives are mounted (WSL2 only).
func Transport(t WSLTransport) WSLOption { return func(s *wslSpec) { s.transport = t } }

// Drives sets the mounted drive letters (default C; WSL1 default C and D).
func Drives(letters ...string) WSLOption { return func(s *wslSpec) { s.drives = letters } }

// SubdirMount adds a drvfs mount of a Windows directory or UNC share, as
// `mount -t drvfs 'C:\Users\me\Box' ~/box` (or an fstab line) makes it.
func SubdirMount(windows, linux string) WSLOption {
	return func(s *wslSpec) { s.subdirs = append(s.subdirs, WSLSubdirMount{windows, linux}) }
}

// AutomountOff sets [automount] enabled=false: no drive is mounted.
func AutomountOff() WSLOption { return func(s *wslSpec) { s.automountOff = true } }

// MountFsTabOff sets [automount] mountFsTab=false.
func MountFsTabOff() WSLOption { return func(s *wslSpec) { s.mountFsTabOff = true } }

// WSL2 returns a WSL2 root: Ubuntu 22.04 on the 5.15 WSL2 kernel, ext4 /,
// WSL's 9p shares for drivers and /init, /mnt/wsl, /mnt/wslg, drives.
func WSL2(opts ...WSLOption) Tree {
	s := &wslSpec{release: WSL2Release, root: "/mnt/", interop: true, drives: []string{"C"}}
	for _, o := range opts {
		o(s)
	}
	t := wslCommon(s)
	t["/proc/version"] = fmt.Sprintf("Linux version %s (root@941d701f84f1) (gcc (GCC) 12.2.0, GNU ld (GNU Binutils) 2.40) #1 SMP Fri Mar 29 23:14:13 UTC 2024\n", s.release)
	t["/etc/os-release"] = osReleaseUbuntu
	t["/run/WSL/"] = ""
	t["/mnt/wsl/resolv.conf"] = "nameserver 172.29.96.1\n"
	t["/mnt/wslg/"] = ""
	t["/usr/lib/wsl/drivers/"] = ""
	t["/init"] = "" // WSL's init, shared by 9p (aname=tools)
	t["/bin/wslpath"] = "->/init"
	t["/bin/wslinfo"] = "->/init"

	var m mountTable
	m.addDev("8:32", `/ / rw,relatime - ext4 /dev/sdc rw,discard,errors=remount-ro,data=ordered`)
	m.add(`/ /mnt/wsl rw,relatime shared:1 - tmpfs none rw`)
	m.add(`/ /usr/lib/wsl/drivers ro,nosuid,nodev,noatime - 9p none ro,dirsync,aname=drivers;fmask=222;dmask=222,mmap,access=client,msize=65536,trans=fd,rfd=7,wfd=7`)
	m.add(`/ /usr/lib/wsl/lib rw,relatime - overlay none rw,lowerdir=/gpu_lib_packaged:/gpu_lib_inbox,upperdir=/gpu_lib/rw/upper,workdir=/gpu_lib/rw/work`)
	m.add(`/init /init ro,relatime - 9p tools ro,dirsync,aname=tools;fmask=022,loose,access=client,trans=fd,rfd=6,wfd=6`)
	m.add(`/ /dev rw,nosuid,relatime - devtmpfs none rw,size=8170160k,nr_inodes=2042540,mode=755`)
	m.add(`/ /sys rw,nosuid,nodev,noexec,noatime - sysfs sysfs rw`)
	m.add(`/ /proc rw,nosuid,nodev,noexec,noatime - proc proc rw`)
	m.add(`/ /dev/pts rw,nosuid,noexec,noatime - devpts devpts rw,gid=5,mode=620,ptmxmode=000`)
	m.add(`/ /run rw,nosuid,nodev - tmpfs none rw,mode=755`)
	m.add(`/ /run/lock rw,nosuid,nodev,noexec,noatime - tmpfs none rw`)
	m.add(`/ /run/shm rw,nosuid,nodev,noatime - tmpfs none rw`)
	m.add(`/ /dev/shm rw,nosuid,nodev,noatime - tmpfs none rw`)
	m.add(`/ /run/user rw,nosuid,nodev,noexec,noatime - tmpfs none rw,mode=755`)
	m.add(`/ /proc/sys/fs/binfmt_misc rw,relatime - binfmt_misc binfmt_misc rw`)
	m.add(`/ /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate`)
	m.add(`/wslg /mnt/wslg rw,relatime shared:1 - tmpfs none rw`)
	m.add(`/wslg/versions.txt /mnt/wslg/versions.txt rw,relatime shared:1 - tmpfs none rw`)
	fd := 5
	if !s.automountOff {
		for i, d := range s.drives {
			s.plan9OrVirtiofs(&m, t, d+`:\`, s.root+strings.ToLower(d), &fd, i)
		}
	}
	for i, sub := range s.subdirs {
		s.plan9OrVirtiofs(&m, t, sub.Windows, sub.Linux, &fd, len(s.drives)+i)
	}
	if s.docker {
		m.addDev("7:0", `/ /mnt/wsl/docker-desktop/cli-tools ro,relatime shared:167 - iso9660 /dev/loop0 ro,nojoliet,check=s,map=n,blocksize=2048,iocharset=iso8859-1`)
		m.addDev("8:64", `/ /mnt/wsl/docker-desktop-data/isocache rw,relatime shared:171 - ext4 /dev/sde rw,discard,errors=remount-ro,data=ordered`)
		m.add(`/docker.sock /mnt/wsl/docker-desktop-bind-mounts/` + WSLDistro + `/71329c4cc6e32171553fa81d044eb31d1a3aac52ba9376c4a99f4505c494cf5b rw,nosuid,nodev shared:20 - tmpfs none rw,mode=755`)
		if s.transport == Plan9Fd || s.transport == Plan9FdCache5 {
			m.add(`/ /Docker/host rw,noatime - 9p C:\134Program\040Files\134Docker\134Docker\134resources rw,dirsync,aname=drvfs;path=C:\Program Files\Docker\Docker\resources;symlinkroot=` + s.root + `,cache=5,access=client,msize=65536,trans=fd,rfd=3,wfd=3`)
		} else {
			m.add(`/ /Docker/host rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\Program Files\Docker\Docker\resources;symlinkroot=` + s.root + `,mmap,access=client,msize=262144,trans=virtio`)
		}
		t["/mnt/wsl/docker-desktop/cli-tools/"] = ""
		t["/Docker/host/"] = ""
	}
	t["/proc/self/mountinfo"] = m.String()
	return t
}

// plan9OrVirtiofs adds the mount of Windows path win at linux.
func (s *wslSpec) plan9OrVirtiofs(m *mountTable, t Tree, win, linux string, fd *int, n int) {
	t[linux+"/"] = ""
	source := mountEscape(win)
	opts := "mmap"
	trans := fmt.Sprintf("trans=fd,rfd=%d,wfd=%d", *fd, *fd)
	msize := "65536"
	*fd++
	if *fd == 6 { // 6 and 7 carry WSL's own tools and drivers shares
		*fd = 8
	}
	switch s.transport {
	case Plan9FdCache5:
		opts = "cache=5"
	case Plan9Virtio, Plan9VirtioAdmin:
		source, trans, msize = "drvfs", "trans=virtio", "262144"
		if s.transport == Plan9VirtioAdmin {
			source = "drvfsa"
		}
	case Virtiofs:
		if len(win) == 3 && n == 0 { // the 2.0-era form: one tag per drive
			tag := fmt.Sprintf("drvfs%c%d", win[0], n)
			t["/run/wsl/virtiofs/"+tag] = "->" + win
			m.add(`/ ` + mountEscape(linux) + ` rw,noatime - virtiofs ` + tag + ` rw`)
			return
		}
		// The current form: one device, mounted once, each share a bind of a
		// GUID directory in it.
		guid := fmt.Sprintf("1b4e28ba-2fa1-11d2-883f-0016d3cca4%02d", n)
		t["/run/wsl/virtiofs/"+guid] = "->" + win
		const aggregateDev = "0:90" // every share is a bind of the one device
		if !m.has("/run/wsl/virtiofs-mounts/drvfs") {
			m.addDev(aggregateDev, `/ /run/wsl/virtiofs-mounts/drvfs rw,relatime - virtiofs drvfs rw`)
		}
		m.addDev(aggregateDev, `/`+guid+` `+mountEscape(linux)+` rw,noatime - virtiofs drvfs rw`)
		return
	}
	path := win
	if rest, ok := strings.CutPrefix(win, `\\`); ok {
		path = `UNC\` + rest
	}
	m.add(fmt.Sprintf(`/ %s rw,noatime - 9p %s rw,dirsync,aname=drvfs;path=%s;uid=1000;gid=1000;symlinkroot=%s,%s,access=client,msize=%s,%s`,
		mountEscape(linux), source, path, s.root, opts, msize, trans))
}

// WSL1 returns a WSL1 root: Ubuntu 22.04 on the 4.4.0-19041-Microsoft
// "kernel" (lxcore), lxfs /, drvfs drives C: and D:.
func WSL1(opts ...WSLOption) Tree {
	s := &wslSpec{release: WSL1Release, root: "/mnt/", interop: true, drives: []string{"C", "D"}}
	for _, o := range opts {
		o(s)
	}
	t := wslCommon(s)
	t["/proc/version"] = fmt.Sprintf("Linux version %s (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft Sat Sep 11 14:32:00 PST 2021\n", s.release)
	t["/etc/os-release"] = osReleaseUbuntu
	t["/run/WSL/"] = ""
	t["/init"] = ""
	t["/bin/wslpath"] = "->/init"

	var m mountTable
	m.add(`/ / rw,relatime shared:1 - lxfs rootfs rw`)
	m.add(`/ /dev rw,nosuid,relatime shared:2 - devtmpfs none rw,gid=5,mode=620`)
	m.add(`/ /sys rw,nosuid,nodev,noexec,relatime shared:3 - sysfs sysfs rw`)
	m.add(`/ /proc rw,nosuid,nodev,noexec,relatime shared:4 - proc proc rw`)
	m.add(`/ /dev/pts rw,nosuid,noexec,noatime shared:5 - devpts devpts rw,gid=5,mode=620`)
	m.add(`/ /run rw,nosuid,noexec,noatime shared:6 - tmpfs tmpfs rw,mode=755`)
	m.add(`/ /run/lock rw,nosuid,nodev,noexec,noatime shared:7 - tmpfs tmpfs rw`)
	m.add(`/ /run/shm rw,nosuid,nodev,noatime shared:8 - tmpfs tmpfs rw`)
	m.add(`/ /run/user rw,nosuid,nodev,noexec,noatime shared:9 - tmpfs tmpfs rw,mode=755`)
	m.add(`/ /proc/sys/fs/binfmt_misc rw,relatime shared:10 - binfmt_misc binfmt_misc rw`)
	if !s.automountOff {
		for i, d := range s.drives {
			source := d + `:\134` // the first drive as WSL's automount writes it
			if i > 0 {
				source = d + ":" // and as `mount -t drvfs D: /mnt/d` does
			}
			linux := s.root + strings.ToLower(d)
			t[linux+"/"] = ""
			m.add(`/ ` + mountEscape(linux) + ` rw,noatime shared:11 - drvfs ` + source + ` rw,metadata,uid=1000,gid=1000,case=off`)
		}
	}
	for _, sub := range s.subdirs {
		t[sub.Linux+"/"] = ""
		m.add(`/ ` + mountEscape(sub.Linux) + ` rw,noatime - drvfs ` + mountEscape(sub.Windows) + ` rw,uid=1000,gid=1000,case=off`)
	}
	t["/proc/self/mountinfo"] = m.String()
	return t
}

// wslCommon holds what both WSL versions have: osrelease, binfmt_misc,
// wsl.conf.
func wslCommon(s *wslSpec) Tree {
	t := Tree{
		"/proc/sys/kernel/osrelease":        s.release + "\n",
		"/proc/sys/fs/binfmt_misc/register": "",
		"/proc/sys/fs/binfmt_misc/status":   "enabled\n",
		"/etc/wsl.conf":                     s.wslConf(),
		"/proc/sys/fs/binfmt_misc/":         "",
		"/run/user/":                        "",
		"/usr/lib/wsl/":                     "",
		"/proc/self/":                       "",
		"/etc/hostname":                     "DESKTOP-7F3K2Q1\n",
		"/etc/resolv.conf":                  "# This file was automatically generated by WSL.\nnameserver 172.29.96.1\n",
		"/home/me/":                         "",
		"/mnt/":                             "",
	}
	if s.interop {
		entry := "/proc/sys/fs/binfmt_misc/WSLInterop"
		if s.interopLate {
			entry += "-late"
		}
		t[entry] = "enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n"
	}
	if s.systemd {
		t["/run/systemd/container"] = "wsl\n"
	}
	return t
}

// wslConf writes /etc/wsl.conf as users write it.
func (s *wslSpec) wslConf() string {
	var b strings.Builder
	b.WriteString("# Settings for WSL: https://learn.microsoft.com/windows/wsl/wsl-config\n")
	if s.rootSet || s.automountOff || s.mountFsTabOff {
		b.WriteString("[automount]\n")
		if s.automountOff {
			b.WriteString("enabled = false\n")
		}
		if s.rootSet {
			fmt.Fprintf(&b, "root = %s\n", s.root)
		}
		b.WriteString(`options = "metadata,umask=22,fmask=11"` + "\n")
		if s.mountFsTabOff {
			b.WriteString("mountFsTab = false\n")
		}
	}
	if !s.interop {
		b.WriteString("\n[interop]\nenabled = false\nappendWindowsPath = false\n")
	}
	if s.systemd {
		b.WriteString("\n[boot]\nsystemd=true\n")
	}
	b.WriteString("\n[user]\ndefault = me\n")
	return b.String()
}

// mountTable builds mountinfo text with increasing IDs; each mount's
// parent is the mount of the closest listed ancestor directory.
type mountTable struct {
	lines  []string
	points []string
	ids    []int
}

// add appends "ROOT MOUNTPOINT OPTS... - TYPE SOURCE SUPER"; the ID, parent
// and an anonymous device number are filled in.
func (m *mountTable) add(rest string) { m.addDev("", rest) }

// addDev is add with the device number ("8:32" for /dev/sdc; the same
// number for binds of one filesystem).
func (m *mountTable) addDev(dev, rest string) {
	id := 60 + len(m.lines)
	fields := strings.SplitN(rest, " ", 3)
	point := mountUnescape(fields[1])
	parent := 1
	best := -1
	for i, p := range m.points {
		if (p == "/" || point == p || strings.HasPrefix(point, p+"/")) && len(p) > best && point != p {
			parent, best = m.ids[i], len(p)
		}
	}
	if point == "/" {
		parent = 1
	}
	if dev == "" {
		dev = fmt.Sprintf("0:%d", 20+len(m.lines))
	}
	m.lines = append(m.lines, fmt.Sprintf("%d %d %s %s", id, parent, dev, rest))
	m.points = append(m.points, point)
	m.ids = append(m.ids, id)
}

func (m *mountTable) has(point string) bool {
	for _, p := range m.points {
		if p == point {
			return true
		}
	}
	return false
}

func (m *mountTable) String() string { return strings.Join(m.lines, "\n") + "\n" }

// mountEscape escapes a path as the kernel prints it in mountinfo.
func mountEscape(p string) string {
	r := strings.NewReplacer(`\`, `\134`, " ", `\040`, "\t", `\011`, "\n", `\012`)
	return r.Replace(p)
}

func mountUnescape(p string) string {
	r := strings.NewReplacer(`\134`, `\`, `\040`, " ", `\011`, "\t", `\012`, "\n")
	return r.Replace(p)
}

// WSLFixtureNames lists the named WSL fixtures, for table tests.
func WSLFixtureNames() []string { return slices.Sorted(maps.Keys(WSLFixtures)) }

// WSLFixtures are the WSL machines every WSL table test should cover.
var WSLFixtures = map[string]func() Tree{
	"wsl1":                 func() Tree { return WSL1() },
	"wsl1-subdir":          func() Tree { return WSL1(SubdirMount(`C:\Users\me\Box`, "/home/me/box")) },
	"wsl2-9p-fd":           func() Tree { return WSL2() },
	"wsl2-9p-fd-cache5":    func() Tree { return WSL2(Transport(Plan9FdCache5)) },
	"wsl2-9p-virtio":       func() Tree { return WSL2(Transport(Plan9Virtio)) },
	"wsl2-9p-virtio-admin": func() Tree { return WSL2(Transport(Plan9VirtioAdmin)) },
	"wsl2-virtiofs":        func() Tree { return WSL2(Transport(Virtiofs), Drives("C", "D")) },
	"wsl2-root-slash":      func() Tree { return WSL2(AutomountRoot("/"), Drives("C", "D")) },
	"wsl2-subdir":          func() Tree { return WSL2(SubdirMount(`C:\Users\me\Box`, "/home/me/box")) },
	"wsl2-unc":             func() Tree { return WSL2(SubdirMount(`\\fileserver\Go Share`, "/mnt/share")) },
	"wsl2-docker-desktop":  func() Tree { return WSL2(DockerDesktop()) },
	"wsl2-interop-off":     func() Tree { return WSL2(InteropOff()) },
	"wsl2-custom-kernel":   func() Tree { return WSL2(Kernel("6.6.36.3-custom+")) },
	"wsl2-systemd":         func() Tree { return WSL2(Systemd()) },
	"wsl2-automount-off":   func() Tree { return WSL2(AutomountOff(), MountFsTabOff()) },
}

const osReleaseUbuntu = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`
