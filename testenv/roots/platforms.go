package roots

import (
	"sort"
	"strconv"
	"strings"
)

// Platform fixtures: containers (Docker, Podman, Kubernetes, containerd,
// LXC) and bare hosts, shaped like the real machines' /proc, /run and mount
// tables. Each is a Machine: a Tree plus the environment a process there
// starts with (KUBERNETES_SERVICE_HOST is environment, not a file).
//
//	m := roots.Platforms["docker-cgroup2"]()
//	root := roots.Build(t, m.Tree)
//	h := host.New(root, m.Env)

// Machine is a fixture root and its process environment (KEY=VALUE).
type Machine struct {
	Tree Tree
	Env  []string
}

// Container ids used by the fixtures (64 hex digits, as engines make them).
const (
	DockerID     = "4f1ba3c6a2e8b7f0d95c3e1a7b6d2c8f9e0a1b2c3d4e5f60718293a4b5c6d7e8"
	PodmanID     = "8c2d5e7f9a1b3c4d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d"
	KubeID       = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	KubeSandbox  = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	KubePodUID   = "6b2f3c1e-8d4a-4e2b-9c7f-1a2b3c4d5e6f"
	NerdctlID    = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
	LXCName      = "dev1"
	dockerLayerA = "ZQ6B4NQJ7T4PAUV3VQDTQ6H5SD"
	dockerLayerB = "XT3J2Q2V6Z5M7O2L4K4TNF3P6B"
)

// Kernel releases and machines of the fixture hosts.
const (
	Debian12Release = "6.1.0-18-amd64"
	Ubuntu2004Kern  = "5.4.0-182-generic" // no /proc/sys/kernel/arch before 6.x
	Ubuntu2404Arm   = "6.8.0-45-generic"
	Fedora40Release = "6.8.5-301.fc40.x86_64"
	AlpineRelease   = "6.6.41-0-lts"
	RaspiRelease    = "6.6.31+rpt-rpi-v7"
	LXDHostRelease  = "5.15.0-105-generic"
)

// Platforms are the non-WSL machines every detection table test covers.
var Platforms = map[string]func() Machine{
	"docker-cgroup1":       DockerCgroup1,
	"docker-cgroup2":       DockerCgroup2,
	"docker-buildkit":      DockerBuildKit,
	"docker-on-wsl2":       DockerOnWSL2,
	"podman":               PodmanRootful,
	"podman-rootless":      PodmanRootless,
	"kubernetes-cgroup1":   KubernetesCgroup1,
	"kubernetes-cgroup2":   KubernetesCgroup2,
	"containerd-nerdctl":   Nerdctl,
	"lxc":                  LXC,
	"lxc-cgroup1":          LXCCgroup1,
	"bare-debian":          BareDebian,
	"bare-ubuntu-arm64":    BareUbuntuArm64,
	"bare-alpine":          BareAlpine,
	"bare-fedora":          BareFedora,
	"bare-raspberrypi-arm": BareRaspberryPi,
}

// PlatformNames lists Platforms sorted, for table tests.
func PlatformNames() []string {
	names := make([]string, 0, len(Platforms))
	for n := range Platforms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// kernelFiles are /proc/sys/kernel's release and machine; machine "" leaves
// out the arch file, as on kernels before 6.x.
func kernelFiles(release, machine string) Tree {
	t := Tree{
		"/proc/sys/kernel/osrelease": release + "\n",
		"/proc/version":              "Linux version " + release + " (builder@buildhost) (gcc (GCC) 12.2.0) #1 SMP PREEMPT_DYNAMIC\n",
	}
	if machine != "" {
		t["/proc/sys/kernel/arch"] = machine + "\n"
	}
	return t
}

// environ is a /proc/<pid>/environ block.
func environ(kv ...string) string { return strings.Join(kv, "\x00") + "\x00" }

// cgroup1 is a /proc/<pid>/cgroup of a cgroup v1 (hybrid) host where every
// controller puts the process under path.
func cgroup1(path string) string {
	ctrls := []string{"misc", "rdma", "pids", "hugetlb", "net_cls,net_prio", "perf_event", "cpu,cpuacct", "devices", "freezer", "blkio", "memory", "cpuset"}
	var b strings.Builder
	for i, c := range ctrls {
		b.WriteString(strconv.Itoa(len(ctrls)-i+1) + ":" + c + ":" + path + "\n")
	}
	b.WriteString("1:name=systemd:" + path + "\n0::/\n")
	return b.String()
}

// containerMounts is the mount table of a container: its root, the API
// filesystems, then the engine's binds of hostname, hosts and resolv.conf.
func containerMounts(root string, binds map[string]string, extra ...string) string {
	var m mountTable
	m.add(root)
	m.add(`/ /proc rw,nosuid,nodev,noexec,relatime - proc proc rw`)
	m.add(`/ /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64`)
	m.add(`/ /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666`)
	m.add(`/ /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro`)
	m.add(`/ /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate,memory_recursiveprot`)
	m.add(`/ /dev/mqueue rw,nosuid,nodev,noexec,relatime - mqueue mqueue rw`)
	m.add(`/ /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k,inode64`)
	for _, f := range []string{"/etc/resolv.conf", "/etc/hostname", "/etc/hosts"} {
		if src, ok := binds[f]; ok {
			m.add(src + " " + f + ` rw,relatime - ext4 /dev/sda1 rw,errors=remount-ro`)
		}
	}
	for _, e := range extra {
		m.add(e)
	}
	m.add(`/ /proc/bus ro,nosuid,nodev,noexec,relatime - proc proc rw`)
	m.add(`/ /proc/kcore rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64`)
	return m.String()
}

func dockerOverlayRoot() string {
	return `/ / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/` + dockerLayerA + `:/var/lib/docker/overlay2/l/` + dockerLayerB +
		`,upperdir=/var/lib/docker/overlay2/0d3e9c7a5b1f/diff,workdir=/var/lib/docker/overlay2/0d3e9c7a5b1f/work`
}

func dockerBinds(prefix string) map[string]string {
	return map[string]string{
		"/etc/resolv.conf": prefix + "/containers/" + DockerID + "/resolv.conf",
		"/etc/hostname":    prefix + "/containers/" + DockerID + "/hostname",
		"/etc/hosts":       prefix + "/containers/" + DockerID + "/hosts",
	}
}

// debianImage is the userland of the debian:12 image: root's shell is bash,
// no systemd, PID 1 is the container's command.
func debianImage() Tree {
	return Tree{
		"/etc/os-release": osReleaseDebian,
		"/etc/passwd":     "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"/bin/bash":       "",
		"/root/":          "",
		"/run/":           "",
		"/proc/self/":     "",
	}
}

// DockerCgroup1 is `docker run debian:12` on an Ubuntu 20.04 host (kernel
// 5.4, cgroup v1, cgroupfs driver): /docker/<id> in every controller.
func DockerCgroup1() Machine {
	t := Merge(debianImage(), kernelFiles(Ubuntu2004Kern, ""), Tree{
		"/.dockerenv":          "",
		"/proc/1/comm":         "bash\n",
		"/proc/1/environ":      environ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME="+DockerID[:12], "HOME=/root"),
		"/proc/self/cgroup":    cgroup1("/docker/" + DockerID),
		"/proc/1/cgroup":       cgroup1("/docker/" + DockerID),
		"/proc/self/mountinfo": containerMounts(dockerOverlayRoot(), dockerBinds("/var/lib/docker")),
	})
	return Machine{Tree: t, Env: []string{"HOSTNAME=" + DockerID[:12], "HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
}

// DockerCgroup2 is `docker run debian:12` on a Debian 12 host (cgroup v2,
// private cgroup namespace): /proc/self/cgroup says only "0::/", so the
// overlay root and the binds from /var/lib/docker/containers tell.
func DockerCgroup2() Machine {
	m := DockerCgroup1()
	Overlay(m.Tree, kernelFiles(Debian12Release, "x86_64"), Tree{
		"/proc/self/cgroup": "0::/\n",
		"/proc/1/cgroup":    "0::/\n",
	})
	return m
}

// DockerBuildKit is a RUN step of `docker build` with BuildKit: no
// /.dockerenv, cgroup v2 "0::/", the root overlay from Docker's storage
// and /etc files bound from BuildKit's executor, not from containers/.
func DockerBuildKit() Machine {
	t := Merge(debianImage(), kernelFiles(Debian12Release, "x86_64"), Tree{
		"/proc/1/comm":      "sh\n",
		"/proc/self/cgroup": "0::/\n",
		"/proc/1/cgroup":    "0::/\n",
		"/proc/self/mountinfo": containerMounts(dockerOverlayRoot(), map[string]string{
			"/etc/resolv.conf": "/var/lib/docker/buildkit/executor/resolv.conf",
			"/etc/hosts":       "/var/lib/docker/buildkit/executor/hosts1a2b3c",
		}),
	})
	return Machine{Tree: t, Env: []string{"HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
}

// DockerOnWSL2 is a container of Docker Desktop on Windows: it runs on the
// WSL2 kernel (osrelease says microsoft-standard-WSL2, which makes
// systemd-detect-virt answer "wsl"), with Docker's usual marks.
func DockerOnWSL2() Machine {
	m := DockerCgroup2()
	Overlay(m.Tree, kernelFiles("5.15.153.1-microsoft-standard-WSL2", ""))
	delete(m.Tree, "/proc/sys/kernel/arch") // 5.15 has none
	m.Tree["/proc/version"] = "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0, GNU ld (GNU Binutils) 2.40) #1 SMP Fri Mar 29 23:14:13 UTC 2024\n"
	m.Tree["/proc/self/mountinfo"] = strings.ReplaceAll(m.Tree["/proc/self/mountinfo"], "/dev/sda1", "/dev/sdd")
	return m
}

// PodmanRootful is `podman run fedora:40` as root on Fedora 40 (cgroup v2,
// private namespace): /run/.containerenv and container=podman.
func PodmanRootful() Machine {
	binds := map[string]string{}
	for _, f := range []string{"resolv.conf", "hostname", "hosts"} {
		binds["/etc/"+f] = "/var/lib/containers/storage/overlay-containers/" + PodmanID + "/userdata/" + f
	}
	t := Merge(fedoraImage(), kernelFiles(Fedora40Release, "x86_64"), Tree{
		"/run/.containerenv": "engine=\"podman-5.0.2\"\nname=\"quirky_hopper\"\nid=\"" + PodmanID + "\"\nimage=\"registry.fedoraproject.org/fedora:40\"\nimageid=\"a1b2c3d4e5f6\"\nrootless=0\ngraphRootMounted=1\n",
		"/proc/1/comm":       "bash\n",
		"/proc/1/environ":    environ("PATH=/usr/local/bin:/usr/bin", "container=podman", "HOME=/root", "HOSTNAME="+PodmanID[:12]),
		"/proc/self/cgroup":  "0::/\n",
		"/proc/1/cgroup":     "0::/\n",
		"/proc/self/mountinfo": containerMounts(`/ / rw,relatime - overlay overlay rw,context="system_u:object_r:container_file_t:s0:c1022,c1023",lowerdir=/var/lib/containers/storage/overlay/l/7KJ3Q5XG3LZ4Z2:/var/lib/containers/storage/overlay/l/Q2W3E4R5T6Y7U8,upperdir=/var/lib/containers/storage/overlay/5e2f/diff,workdir=/var/lib/containers/storage/overlay/5e2f/work,metacopy=on`,
			binds, `/ /run/.containerenv rw,nosuid,nodev - tmpfs tmpfs rw,size=2048k,mode=755,inode64`),
	})
	return Machine{Tree: t, Env: []string{"container=podman", "HOME=/root", "HOSTNAME=" + PodmanID[:12], "PATH=/usr/local/bin:/usr/bin"}}
}

// PodmanRootless is `podman run` as user 1000 (toolbox-like): rootless=1,
// the storage in the user's home and runroot under /run/user/1000, and a
// cgroup v1 host path libpod-<id>.scope.
func PodmanRootless() Machine {
	m := PodmanRootful()
	binds := map[string]string{}
	for _, f := range []string{"resolv.conf", "hostname", "hosts"} {
		binds["/etc/"+f] = "/run/user/1000/containers/overlay-containers/" + PodmanID + "/userdata/" + f
	}
	cg := "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + PodmanID + ".scope/container\n"
	Overlay(m.Tree, Tree{
		"/run/.containerenv":   strings.Replace(m.Tree["/run/.containerenv"], "rootless=0", "rootless=1", 1),
		"/proc/self/cgroup":    cg,
		"/proc/1/cgroup":       cg,
		"/proc/self/mountinfo": containerMounts(`/ / rw,relatime - overlay overlay rw,lowerdir=/home/me/.local/share/containers/storage/overlay/l/7KJ3Q5XG3LZ4Z2,upperdir=/home/me/.local/share/containers/storage/overlay/5e2f/diff,workdir=/home/me/.local/share/containers/storage/overlay/5e2f/work,userxattr`, binds),
	})
	return m
}

// KubernetesCgroup1 is a pod container under containerd's CRI on a cgroup
// v1 node (cgroupfs driver): /kubepods/burstable/pod<uid>/<id>.
func KubernetesCgroup1() Machine {
	m := KubernetesCgroup2()
	cg := cgroup1("/kubepods/burstable/pod" + KubePodUID + "/" + KubeID)
	Overlay(m.Tree, kernelFiles(Ubuntu2004Kern, ""), Tree{"/proc/self/cgroup": cg, "/proc/1/cgroup": cg})
	delete(m.Tree, "/proc/sys/kernel/arch") // 5.4 has none
	return m
}

// KubernetesCgroup2 is a pod container under containerd's CRI on a cgroup
// v2 node: "0::/" inside, KUBERNETES_SERVICE_HOST in the environment,
// /etc/hosts from the kubelet's pod dir and a service account token mount.
func KubernetesCgroup2() Machine {
	env := []string{"KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_PORT=tcp://10.96.0.1:443", "HOSTNAME=app-7d9f8b6c5-x2k4q", "HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	t := Merge(debianImage(), kernelFiles(Debian12Release, "x86_64"), Tree{
		"/proc/1/comm":      "app\n",
		"/proc/1/environ":   environ(env...),
		"/proc/self/cgroup": "0::/\n",
		"/proc/1/cgroup":    "0::/\n",
		"/proc/self/mountinfo": containerMounts(
			`/ / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/41/fs:/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/40/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/57/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/57/work`,
			map[string]string{
				"/etc/hosts":       "/var/lib/kubelet/pods/" + KubePodUID + "/etc-hosts",
				"/etc/hostname":    "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/" + KubeSandbox + "/hostname",
				"/etc/resolv.conf": "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/" + KubeSandbox + "/resolv.conf",
			},
			`/var/lib/kubelet/pods/`+KubePodUID+`/containers/app/5f0c2a1e /dev/termination-log rw,relatime - ext4 /dev/sda1 rw`,
			`/ /run/secrets/kubernetes.io/serviceaccount ro,relatime - tmpfs tmpfs rw,size=3932160k,inode64`),
	})
	return Machine{Tree: t, Env: env}
}

// Nerdctl is `nerdctl run debian:12` (containerd without Docker): no
// /.dockerenv, cgroup v2 "0::/", a containerd snapshot as root and
// nerdctl's own hostname/hosts/resolv.conf files.
func Nerdctl() Machine {
	t := Merge(debianImage(), kernelFiles(Debian12Release, "x86_64"), Tree{
		"/proc/1/comm":      "bash\n",
		"/proc/1/environ":   environ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME="+NerdctlID[:12]),
		"/proc/self/cgroup": "0::/\n",
		"/proc/1/cgroup":    "0::/\n",
		"/proc/self/mountinfo": containerMounts(
			`/ / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/12/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/13/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/13/work`,
			map[string]string{
				"/etc/hosts":       "/var/lib/nerdctl/1935db59/etchosts/default/" + NerdctlID + "/hosts",
				"/etc/hostname":    "/var/lib/nerdctl/1935db59/containers/default/" + NerdctlID + "/hostname",
				"/etc/resolv.conf": "/var/lib/nerdctl/1935db59/containers/default/" + NerdctlID + "/resolv.conf",
			}),
	})
	return Machine{Tree: t, Env: []string{"HOSTNAME=" + NerdctlID[:12], "HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
}

// LXC is an LXD system container (Ubuntu 22.04 guest, systemd inside, cgroup
// v2 namespace): container=lxc for PID 1, /run/systemd/container = lxc,
// lxcfs over /proc files, a ZFS dataset as root.
func LXC() Machine {
	t := Merge(kernelFiles(LXDHostRelease, ""), Tree{
		"/etc/os-release":        osReleaseUbuntu,
		"/etc/passwd":            "root:x:0:0:root:/root:/bin/bash\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n",
		"/proc/1/comm":           "systemd\n",
		"/proc/1/environ":        environ("container=lxc", "HOME=/", "TERM=linux"),
		"/run/systemd/container": "lxc\n",
		"/run/systemd/system/":   "",
		"/run/user/0/systemd/":   "",
		"/proc/self/cgroup":      "0::/user.slice/user-0.slice/session-c1.scope\n",
		"/proc/1/cgroup":         "0::/init.scope\n",
		"/proc/self/mountinfo": containerMounts(`/ / rw,relatime - zfs default/containers/`+LXCName+` rw,xattr,posixacl,casesensitive`, nil,
			`/ /proc/cpuinfo rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other`,
			`/ /proc/meminfo rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other`,
			`/ /proc/uptime rw,nosuid,nodev,relatime - fuse.lxcfs lxcfs rw,user_id=0,group_id=0,allow_other`),
	})
	t["/run/user/0/systemd/private"] = ""
	return Machine{Tree: t, Env: []string{"HOME=/root", "SHELL=/bin/bash", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
}

// LXCCgroup1 is an older unprivileged LXC container on a cgroup v1 host:
// /proc/1/environ is not readable there, /lxc.payload.<name> tells.
func LXCCgroup1() Machine {
	m := LXC()
	delete(m.Tree, "/proc/1/environ")
	delete(m.Tree, "/run/systemd/container")
	cg := cgroup1("/lxc.payload." + LXCName)
	Overlay(m.Tree, Tree{"/proc/self/cgroup": cg, "/proc/1/cgroup": cg})
	return m
}

// bareHost is a systemd host with a logged-in user 1000 ("me") whose user
// manager runs: /run/user/1000/systemd/private exists.
func bareHost(release, machine, osRelease, shell, rootFS string) Machine {
	var m mountTable
	m.add(`/ / rw,relatime shared:1 - ` + rootFS + ` rw,errors=remount-ro`)
	m.add(`/ /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw`)
	m.add(`/ /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw`)
	m.add(`/ /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=8131484k,nr_inodes=2032871,mode=755,inode64`)
	m.add(`/ /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1631500k,mode=755,inode64`)
	m.add(`/ /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot`)
	m.add(`/ /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro`)
	m.add(`/ /run/user/1000 rw,nosuid,nodev,relatime shared:620 - tmpfs tmpfs rw,size=1631496k,nr_inodes=407874,mode=700,uid=1000,gid=1000,inode64`)
	t := Merge(kernelFiles(release, machine), Tree{
		"/etc/os-release":                 osRelease,
		"/etc/passwd":                     "root:x:0:0:root:/root:/bin/bash\nme:x:1000:1000:Me,,,:/home/me:" + shell + "\n",
		"/proc/1/comm":                    "systemd\n",
		"/proc/1/cgroup":                  "0::/init.scope\n",
		"/proc/self/cgroup":               "0::/user.slice/user-1000.slice/session-2.scope\n",
		"/proc/self/mountinfo":            m.String(),
		"/run/systemd/system/":            "",
		"/run/user/1000/systemd/private":  "",
		"/run/user/1000/bus":              "",
		"/home/me/":                       "",
		"/proc/sys/fs/binfmt_misc/status": "enabled\n",
	})
	return Machine{Tree: t, Env: []string{"HOME=/home/me", "USER=me", "SHELL=" + shell, "XDG_RUNTIME_DIR=/run/user/1000", "PATH=/usr/local/bin:/usr/bin:/bin"}}
}

// BareDebian is a Debian 12 workstation (amd64, ext4 root, systemd).
func BareDebian() Machine {
	return bareHost(Debian12Release, "x86_64", osReleaseDebian, "/bin/bash", "ext4 /dev/nvme0n1p2")
}

// BareUbuntuArm64 is Ubuntu 24.04 on an arm64 server (aarch64), zsh user.
func BareUbuntuArm64() Machine {
	return bareHost(Ubuntu2404Arm, "aarch64", osReleaseUbuntu2404, "/usr/bin/zsh", "ext4 /dev/vda1")
}

// BareFedora is a Fedora 40 workstation (btrfs root), fish user.
func BareFedora() Machine {
	return bareHost(Fedora40Release, "x86_64", osReleaseFedora, "/usr/bin/fish", "btrfs /dev/nvme0n1p3")
}

// BareRaspberryPi is Raspberry Pi OS (32-bit) on a Pi 3: armv7l.
func BareRaspberryPi() Machine {
	m := bareHost(RaspiRelease, "armv7l", osReleaseRaspbian, "/bin/bash", "ext4 /dev/mmcblk0p2")
	return m
}

// BareAlpine is Alpine 3.20 with OpenRC (no systemd) on cgroup v2: its
// processes sit in "0::/" exactly like a container's, which must not make
// it one.
func BareAlpine() Machine {
	var m mountTable
	m.add(`/ / rw,relatime - ext4 /dev/sda3 rw`)
	m.add(`/ /proc rw,nosuid,nodev,noexec,relatime - proc proc rw`)
	m.add(`/ /run rw,nosuid,nodev,relatime - tmpfs tmpfs rw,size=401628k,nr_inodes=819200,mode=755,inode64`)
	m.add(`/ /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw`)
	m.add(`/ /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 none rw,nsdelegate`)
	t := Merge(kernelFiles(AlpineRelease, "x86_64"), Tree{
		"/etc/os-release":      osReleaseAlpine,
		"/etc/passwd":          "root:x:0:0:root:/root:/bin/ash\nme:x:1000:1000:Linux User,,,:/home/me:/bin/ash\n",
		"/proc/1/comm":         "init\n",
		"/proc/1/cgroup":       "0::/\n",
		"/proc/self/cgroup":    "0::/\n",
		"/proc/self/mountinfo": m.String(),
		"/home/me/":            "",
	})
	return Machine{Tree: t, Env: []string{"HOME=/home/me", "USER=me", "PATH=/usr/local/bin:/usr/bin:/bin"}}
}

// fedoraImage is the userland of the fedora:40 image.
func fedoraImage() Tree {
	return Tree{
		"/etc/os-release": osReleaseFedora,
		"/etc/passwd":     "root:x:0:0:Super User:/root:/bin/bash\n",
		"/root/":          "",
		"/run/":           "",
		"/proc/self/":     "",
	}
}

// Overlay adds trees to dst in place (later ones win).
func Overlay(dst Tree, trees ...Tree) {
	for _, t := range trees {
		for k, v := range t {
			dst[k] = v
		}
	}
}

const osReleaseDebian = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`

const osReleaseUbuntu2404 = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`

const osReleaseFedora = `NAME="Fedora Linux"
VERSION="40 (Workstation Edition)"
ID=fedora
VERSION_ID=40
VERSION_CODENAME=""
PLATFORM_ID="platform:f40"
PRETTY_NAME="Fedora Linux 40 (Workstation Edition)"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:fedoraproject:fedora:40"
DEFAULT_HOSTNAME="fedora"
HOME_URL="https://fedoraproject.org/"
DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f40/system-administrators-guide/"
SUPPORT_URL="https://ask.fedoraproject.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Fedora"
REDHAT_BUGZILLA_PRODUCT_VERSION=40
REDHAT_SUPPORT_PRODUCT="Fedora"
REDHAT_SUPPORT_PRODUCT_VERSION=40
SUPPORT_END=2025-05-13
VARIANT="Workstation Edition"
VARIANT_ID=workstation
`

const osReleaseAlpine = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`

const osReleaseRaspbian = `PRETTY_NAME="Raspbian GNU/Linux 12 (bookworm)"
NAME="Raspbian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=raspbian
ID_LIKE=debian
HOME_URL="http://www.raspbian.org/"
SUPPORT_URL="http://www.raspbian.org/RaspbianForums"
BUG_REPORT_URL="http://www.raspbian.org/RaspbianBugs"
`
