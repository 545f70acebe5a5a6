package up

// Platforms as pkg/detect names them.
const (
	PlatformWSL1       = "wsl1"
	PlatformWSL2       = "wsl2"
	PlatformDocker     = "docker"
	PlatformPodman     = "podman"
	PlatformKubernetes = "kubernetes"
	PlatformContainerd = "containerd"
	PlatformLXC        = "lxc"
	PlatformBare       = "bare"
)

// HostFacts is what the per-host policy depends on.
type HostFacts struct {
	Platform    string `json:"platform"`     // one of the Platform constants
	Privileged  bool   `json:"privileged"`   // holds CAP_SYS_ADMIN (a privileged container may mount)
	SystemdUser bool   `json:"systemd_user"` // a systemd user session exists
	Root        bool   `json:"root"`         // devboot runs as root (itself or under sudo)
	Sudo        bool   `json:"sudo"`         // root on behalf of SUDO_USER
	Terminal    bool   `json:"terminal"`     // stdin and stdout are terminals
}

// Container reports whether the platform is a container of any kind.
func (f HostFacts) Container() bool {
	switch f.Platform {
	case PlatformDocker, PlatformPodman, PlatformKubernetes, PlatformContainerd, PlatformLXC:
		return true
	}
	return false
}

// Policy is what `up` may do on a host.
type Policy struct {
	// Prompt: ask before applying. Never in a container (images are built
	// unattended) and never without a terminal.
	Prompt bool `json:"prompt"`
	// EnvironmentD: write ~/.config/environment.d, read only by a systemd
	// user session. A container's systemd (if any) is not the user's unless
	// the container is privileged.
	EnvironmentD bool `json:"environment_d"`
	// Mounts: bind mounts are possible and allowed: root on the host, or a
	// privileged container.
	Mounts bool `json:"mounts"`
	// GopathFix: the NTFS GOPATH fix applies (WSL2 only; WSL1's drvfs is
	// the native filesystem there, and containers see volumes, not drives).
	GopathFix bool `json:"gopath_fix"`
}

// PolicyFor decides what up may do on a host. It is pure: tests cover every
// platform in a table.
func PolicyFor(f HostFacts) Policy {
	container := f.Container()
	unconfined := !container || f.Privileged
	return Policy{
		Prompt:       f.Terminal && !container,
		EnvironmentD: f.SystemdUser && unconfined,
		Mounts:       f.Root && unconfined,
		GopathFix:    f.Platform == PlatformWSL2,
	}
}
