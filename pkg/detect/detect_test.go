package detect

import (
	"slices"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// probeRoot builds m and detects on it as user (no engine: fixtures have
// none).
func probeRoot(t *testing.T, m roots.Machine, user host.User) *Report {
	t.Helper()
	h := host.New(roots.Build(t, m.Tree), m.Env)
	h.User = user
	return Decide(Gather(h, Options{WorkDir: user.Home}))
}

var (
	rootUser = host.User{Name: "root", Home: "/root"}
	meUser   = host.User{Name: "me", Home: "/home/me", UID: 1000, GID: 1000}
)

func TestPlatformFixtures(t *testing.T) {
	type want struct {
		platform, arch, variant, distro, shell string
		systemd, systemdUser                   bool
		engine, id                             string
		onWSL2                                 bool
	}
	cases := map[string]struct {
		user host.User
		want want
	}{
		"docker-cgroup1":       {rootUser, want{platform: "docker", arch: "unknown", distro: "debian", shell: "bash", engine: "docker", id: roots.DockerID}},
		"docker-cgroup2":       {rootUser, want{platform: "docker", arch: "amd64", distro: "debian", shell: "bash", engine: "docker", id: roots.DockerID}},
		"docker-buildkit":      {rootUser, want{platform: "docker", arch: "amd64", distro: "debian", shell: "bash", engine: "docker"}},
		"docker-on-wsl2":       {rootUser, want{platform: "docker", arch: "unknown", distro: "debian", shell: "bash", engine: "docker", id: roots.DockerID, onWSL2: true}},
		"podman":               {rootUser, want{platform: "podman", arch: "amd64", distro: "fedora", shell: "bash", engine: "podman", id: roots.PodmanID}},
		"podman-rootless":      {rootUser, want{platform: "podman", arch: "amd64", distro: "fedora", shell: "bash", engine: "podman", id: roots.PodmanID}},
		"kubernetes-cgroup1":   {rootUser, want{platform: "kubernetes", arch: "unknown", distro: "debian", shell: "bash", engine: "kubernetes", id: roots.KubeID}},
		"kubernetes-cgroup2":   {rootUser, want{platform: "kubernetes", arch: "amd64", distro: "debian", shell: "bash", engine: "kubernetes", id: roots.KubeSandbox}},
		"containerd-nerdctl":   {rootUser, want{platform: "containerd", arch: "amd64", distro: "debian", shell: "bash", engine: "containerd", id: roots.NerdctlID}},
		"lxc":                  {rootUser, want{platform: "lxc", arch: "unknown", distro: "ubuntu", shell: "bash", systemd: true, systemdUser: true, engine: "lxc"}},
		"lxc-cgroup1":          {rootUser, want{platform: "lxc", arch: "unknown", distro: "ubuntu", shell: "bash", systemd: true, systemdUser: true, engine: "lxc", id: roots.LXCName}},
		"bare-debian":          {meUser, want{platform: "bare", arch: "amd64", distro: "debian", shell: "bash", systemd: true, systemdUser: true}},
		"bare-ubuntu-arm64":    {meUser, want{platform: "bare", arch: "arm64", distro: "ubuntu", shell: "zsh", systemd: true, systemdUser: true}},
		"bare-alpine":          {meUser, want{platform: "bare", arch: "amd64", distro: "alpine", shell: "ash"}},
		"bare-fedora":          {meUser, want{platform: "bare", arch: "amd64", distro: "fedora", shell: "fish", systemd: true, systemdUser: true}},
		"bare-raspberrypi-arm": {meUser, want{platform: "bare", arch: "arm", variant: "7", distro: "raspbian", shell: "bash", systemd: true, systemdUser: true}},
	}
	for _, name := range roots.PlatformNames() {
		c, ok := cases[name]
		if !ok {
			t.Errorf("fixture %s has no expectation here", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			r := probeRoot(t, roots.Platforms[name](), c.user)
			got := want{platform: r.Platform, arch: r.Arch, variant: r.ArchVariant, distro: r.Distro, shell: r.Shell, systemd: r.Systemd, systemdUser: r.SystemdUser}
			if r.Container != nil {
				got.engine, got.id, got.onWSL2 = r.Container.Engine, r.Container.ID, r.Container.OnWSL2Kernel
			}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v\nwarnings %q", got, c.want, r.Warnings)
			}
			if r.WSL != nil {
				t.Errorf("wsl = %+v, want null", r.WSL)
			}
			if r.Container != nil && len(r.Container.Evidence) == 0 {
				t.Error("container without evidence")
			}
			if r.Arch == Unknown && !hasWarning(r, "arch unknown") {
				t.Errorf("arch unknown without a warning: %q", r.Warnings)
			}
			if len(r.NTFSPaths) != 0 {
				t.Errorf("ntfs_paths = %q on a non-WSL fixture", r.NTFSPaths)
			}
		})
	}
}

func TestWSLFixtures(t *testing.T) {
	type want struct {
		platform      string
		version       int
		root          string
		interop       bool
		dockerDesktop bool
		ntfs          bool // GOPATH on the C: drive is NTFS
	}
	cases := map[string]want{
		"wsl1":                 {"wsl1", 1, "/mnt/", true, false, true},
		"wsl1-subdir":          {"wsl1", 1, "/mnt/", true, false, true},
		"wsl2-9p-fd":           {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-9p-fd-cache5":    {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-9p-virtio":       {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-9p-virtio-admin": {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-virtiofs":        {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-root-slash":      {"wsl2", 2, "/", true, false, true},
		"wsl2-subdir":          {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-unc":             {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-docker-desktop":  {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-interop-off":     {"wsl2", 2, "/mnt/", false, false, true},
		"wsl2-custom-kernel":   {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-systemd":         {"wsl2", 2, "/mnt/", true, false, true},
		"wsl2-automount-off":   {"wsl2", 2, "/mnt/", true, false, false},
	}
	for _, name := range roots.WSLFixtureNames() {
		w, ok := cases[name]
		if !ok {
			t.Errorf("fixture %s has no expectation here", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			tree := roots.WSLFixtures[name]()
			drive := w.root + "c"
			gopath := drive + "/Users/me/go"
			m := roots.Machine{Tree: tree, Env: []string{"WSL_DISTRO_NAME=" + roots.WSLDistro, "WSL_INTEROP=/run/WSL/1_interop", "HOME=/home/me", "SHELL=/bin/bash", "GOPATH=" + gopath}}
			r := probeRoot(t, m, meUser)
			if r.Platform != w.platform || r.Container != nil || r.WSL == nil {
				t.Fatalf("platform %s container %+v wsl %+v, want %s; warnings %q", r.Platform, r.Container, r.WSL, w.platform, r.Warnings)
			}
			got := want{r.Platform, r.WSL.Version, r.WSL.AutomountRoot, r.WSL.Interop, r.WSL.DockerDesktop, slices.Contains(r.NTFSPaths, gopath)}
			if got != w {
				t.Errorf("got  %+v\nwant %+v\nreport wsl %+v ntfs %q warnings %q", got, w, r.WSL, r.NTFSPaths, r.Warnings)
			}
			if r.WSL.DistroName != roots.WSLDistro || r.Distro != "ubuntu" || r.Kernel == Unknown {
				t.Errorf("distro name %q, distro %q, kernel %q", r.WSL.DistroName, r.Distro, r.Kernel)
			}
			if w.ntfs != slices.Contains(r.NTFSPaths, gopath+"/pkg/mod") {
				t.Errorf("GOMODCACHE under GOPATH: ntfs_paths %q", r.NTFSPaths)
			}
			if slices.Contains(r.NTFSPaths, "/home/me") {
				t.Errorf("HOME on ext4/lxfs listed as NTFS: %q", r.NTFSPaths)
			}
			for _, p := range r.Paths {
				if p.Name == "GOPATH" && w.ntfs && !strings.HasPrefix(p.WindowsPath, `C:\`) {
					t.Errorf("GOPATH windows path %q", p.WindowsPath)
				}
			}
		})
	}
}

// The Docker Desktop integration distributions are reported as such.
func TestDockerDesktopDistro(t *testing.T) {
	m := roots.Machine{Tree: roots.WSL2(roots.DockerDesktop()), Env: []string{"WSL_DISTRO_NAME=docker-desktop"}}
	r := probeRoot(t, m, rootUser)
	if r.Platform != WSL2 || r.WSL == nil || !r.WSL.DockerDesktop || r.WSL.DistroName != "docker-desktop" || !hasWarning(r, "Docker Desktop") {
		t.Fatalf("platform %s wsl %+v warnings %q", r.Platform, r.WSL, r.Warnings)
	}
}

// systemd-binfmt can wipe WSLInterop: interop is then off, with a warning.
func TestWSLInteropWiped(t *testing.T) {
	tree := roots.WSL2()
	delete(tree, "/proc/sys/fs/binfmt_misc/WSLInterop")
	r := probeRoot(t, roots.Machine{Tree: tree}, meUser)
	if r.WSL == nil || r.WSL.Interop || r.WSL.InteropRegistered || !hasWarning(r, "binfmt_misc handler is missing") {
		t.Fatalf("wsl %+v warnings %q", r.WSL, r.Warnings)
	}
}

// WSL variables alone (leaked into a shell elsewhere) do not make WSL.
func TestWSLEnvAloneIsNotWSL(t *testing.T) {
	m := roots.BareDebian()
	m.Env = append(m.Env, "WSL_DISTRO_NAME=Ubuntu")
	r := probeRoot(t, m, meUser)
	if r.Platform != Bare || r.WSL != nil || !hasWarning(r, "nothing else says WSL") {
		t.Fatalf("platform %s wsl %+v warnings %q", r.Platform, r.WSL, r.Warnings)
	}
}

// A WSL1 release with a root that is not lxfs is still WSL1, with a note.
func TestWSL1ReleaseWins(t *testing.T) {
	tree := roots.WSL1()
	tree["/proc/self/mountinfo"] = strings.Replace(tree["/proc/self/mountinfo"], "lxfs rootfs", "wslfs rootfs", 1)
	if r := probeRoot(t, roots.Machine{Tree: tree}, meUser); r.Platform != WSL1 {
		t.Fatalf("wslfs root: platform %s", r.Platform)
	}
}

// Under sudo, $SHELL is root's: /etc/passwd speaks for the user.
func TestShellUnderSudo(t *testing.T) {
	m := roots.BareFedora()
	m.Env = append(m.Env, "SHELL=/bin/bash")
	u := meUser
	u.Sudo = true
	if r := probeRoot(t, m, u); r.Shell != "fish" || r.ShellPath != "/usr/bin/fish" {
		t.Fatalf("shell %q %q", r.Shell, r.ShellPath)
	}
	u.Sudo = false
	if r := probeRoot(t, m, u); r.Shell != "bash" {
		t.Fatalf("without sudo, $SHELL wins: %q", r.Shell)
	}
}

// Broken machines degrade to "unknown" plus a warning, never a panic.
func TestDegrades(t *testing.T) {
	cases := map[string]struct {
		edit  func(roots.Tree)
		check func(*Report) bool
		warn  string
	}{
		"garbage os-release": {func(t roots.Tree) { t["/etc/os-release"] = "\x00\xff garbage\nID=\"unterminated\n" },
			func(r *Report) bool { return r.Distro == Unknown }, "distro unknown"},
		"no os-release": {func(t roots.Tree) { delete(t, "/etc/os-release") },
			func(r *Report) bool { return r.Distro == Unknown }, "distro unknown"},
		"usr/lib fallback": {func(t roots.Tree) { t["/usr/lib/os-release"] = t["/etc/os-release"]; delete(t, "/etc/os-release") },
			func(r *Report) bool { return r.Distro == "debian" }, ""},
		"binary osrelease": {func(t roots.Tree) { t["/proc/sys/kernel/osrelease"] = "\x7fELF\x02\x01" },
			func(r *Report) bool { return r.Kernel == Unknown && r.Platform == Bare }, "kernel unknown"},
		"unknown machine": {func(t roots.Tree) { t["/proc/sys/kernel/arch"] = "pdp11\n" },
			func(r *Report) bool { return r.Arch == Unknown && r.Machine == "pdp11" }, "no Go port"},
		"truncated mountinfo": {func(t roots.Tree) {
			lines := strings.Split(t["/proc/self/mountinfo"], "\n")
			lines[3] = lines[3][:14] // cut inside the mount point
			t["/proc/self/mountinfo"] = strings.Join(lines, "\n")
		}, func(r *Report) bool { return r.Platform == Bare }, "malformed"},
		"no mountinfo": {func(t roots.Tree) { delete(t, "/proc/self/mountinfo") },
			func(r *Report) bool { return r.Platform == Bare && len(r.NTFSPaths) == 0 }, "mount table"},
		"stale systemd dir": {func(t roots.Tree) { t["/proc/1/comm"] = "tini\n" },
			func(r *Report) bool { return !r.Systemd && !r.SystemdUser }, "not systemd"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := roots.BareDebian()
			c.edit(m.Tree)
			r := probeRoot(t, m, meUser)
			if !c.check(r) {
				t.Errorf("report %+v", r)
			}
			if c.warn != "" && !hasWarning(r, c.warn) {
				t.Errorf("no warning with %q: %q", c.warn, r.Warnings)
			}
		})
	}
}

func TestGOARCH(t *testing.T) {
	for machine, want := range map[string]string{
		"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64", "armv7l": "arm/7", "armv6l": "arm/6",
		"armv8l": "arm/7", "i686": "386", "riscv64": "riscv64", "ppc64le": "ppc64le", "s390x": "s390x",
		"loongarch64": "loong64", "sparc64": "", "armv4": "",
	} {
		a, v, ok := GOARCH(machine)
		got := a
		if v != "" {
			got += "/" + v
		}
		if got != want || ok != (want != "") {
			t.Errorf("GOARCH(%q) = %q %v, want %q", machine, got, ok, want)
		}
	}
}

func hasWarning(r *Report, sub string) bool {
	return slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, sub) })
}

// With GOROOT unset, devboot's active toolchain is the GOROOT of interest.
func TestGOROOTFromDevbootToolchain(t *testing.T) {
	m := roots.BareDebian()
	m.Tree["/home/me/.local/share/devboot/toolchains/go1.22.4/bin/"] = ""
	m.Tree["/home/me/.local/share/devboot/current"] = "->toolchains/go1.22.4"
	r := probeRoot(t, m, meUser)
	i := slices.IndexFunc(r.Paths, func(p PathInfo) bool { return p.Name == "GOROOT" })
	if i < 0 || r.Paths[i].Path != "/home/me/.local/share/devboot/current" || r.Paths[i].FSType != "ext4" {
		t.Fatalf("paths %+v", r.Paths)
	}
	m.Env = append(m.Env, "GOROOT=/usr/local/go")
	r = probeRoot(t, m, meUser)
	if i := slices.IndexFunc(r.Paths, func(p PathInfo) bool { return p.Name == "GOROOT" }); i < 0 || r.Paths[i].Path != "/usr/local/go" {
		t.Fatalf("GOROOT set: paths %+v", r.Paths)
	}
}

// A bad wsl.conf value is reported once, naming the file once, with the
// line and what was kept.
func TestWSLConfProblem(t *testing.T) {
	tree := roots.WSL2()
	tree["/etc/wsl.conf"] = "[boot]\nsystemd = maybe\n"
	r := probeRoot(t, roots.Machine{Tree: tree}, meUser)
	var got []string
	for _, w := range r.Warnings {
		if strings.Contains(w, "wsl.conf") {
			got = append(got, w)
		}
	}
	if len(got) != 1 || strings.Count(got[0], "/etc/wsl.conf") != 1 || !strings.Contains(got[0], "line 2") || !strings.Contains(got[0], "kept the default") {
		t.Fatalf("wsl.conf warnings %q", got)
	}
}
