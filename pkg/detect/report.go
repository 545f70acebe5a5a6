package detect

import "github.com/devboot/devboot/pkg/engine"

// Platform names (CLI.md). A container whose engine is none of the known
// ones is "container", with the engine's own name in Container.Engine.
const (
	WSL1       = "wsl1"
	WSL2       = "wsl2"
	Docker     = "docker"
	Podman     = "podman"
	Kubernetes = "kubernetes"
	Containerd = "containerd"
	LXC        = "lxc"
	Bare       = "bare"
	Container  = "container"
	Unknown    = "unknown"
)

// Report is the result of detection; its JSON is `devboot detect --json`.
type Report struct {
	Platform string `json:"platform"`
	// Arch is the kernel's machine in GOARCH spelling; ArchVariant is the
	// GOARM-style level for arm ("6", "7"); Machine is uname's raw value.
	Arch        string `json:"arch"`
	ArchVariant string `json:"arch_variant,omitempty"`
	Machine     string `json:"machine"`
	Kernel      string `json:"kernel"`
	// Distro is os-release's ID; DistroVersion its VERSION_ID.
	Distro        string `json:"distro"`
	DistroVersion string `json:"distro_version,omitempty"`
	DistroName    string `json:"distro_name,omitempty"`
	// Shell is the login shell's name ("bash"), ShellPath its path.
	Shell     string `json:"shell"`
	ShellPath string `json:"shell_path,omitempty"`
	// Systemd is true when systemd is PID 1 (sd_booted); SystemdUser when
	// the user's own systemd manager runs too (systemctl --user works).
	Systemd      bool           `json:"systemd"`
	SystemdUser  bool           `json:"systemd_user"`
	DockerEngine engine.Info    `json:"docker_engine"`
	WSL          *WSLInfo       `json:"wsl"`
	Container    *ContainerInfo `json:"container"`
	// NTFSPaths are the paths of interest that sit on drvfs/9p/virtiofs
	// drive mounts; Paths has every path of interest with its filesystem.
	NTFSPaths []string   `json:"ntfs_paths"`
	Paths     []PathInfo `json:"paths"`
	Warnings  []string   `json:"warnings"`
}

// WSLInfo describes a WSL distribution.
type WSLInfo struct {
	Version int `json:"version"`
	// DistroName is WSL_DISTRO_NAME ("" when sudo or ssh dropped it).
	DistroName string `json:"distro_name"`
	// AutomountRoot is where Windows drives appear ("/mnt/"): taken from
	// the drive mounts' symlinkroot, else /etc/wsl.conf.
	AutomountRoot string `json:"automount_root"`
	// Interop is true when Windows programs can be started from here.
	Interop bool `json:"interop"`
	// InteropRegistered is true when WSL's binfmt_misc handler exists.
	InteropRegistered bool `json:"interop_registered"`
	// SystemdConf is /etc/wsl.conf [boot] systemd.
	SystemdConf bool `json:"systemd_conf"`
	// DockerDesktop is true in Docker Desktop's own distributions
	// (docker-desktop, docker-desktop-data), which are not for development.
	DockerDesktop bool     `json:"docker_desktop,omitempty"`
	Evidence      []string `json:"evidence"`
}

// ContainerInfo describes the container devboot runs in.
type ContainerInfo struct {
	Engine string `json:"engine"`
	ID     string `json:"id,omitempty"`
	// OnWSL2Kernel is true for a container on Docker Desktop's (or any)
	// WSL2 kernel; systemd-detect-virt calls that "wsl".
	OnWSL2Kernel bool     `json:"on_wsl2_kernel"`
	Evidence     []string `json:"evidence"`
}

// PathInfo is one path of interest and the filesystem it lives on.
type PathInfo struct {
	Name   string `json:"name"` // HOME, GOPATH, GOROOT, GOMODCACHE, GOCACHE, PWD
	Path   string `json:"path"`
	FSType string `json:"fstype,omitempty"`
	NTFS   bool   `json:"ntfs"`
	// WindowsPath is the Windows path of an NTFS-backed path.
	WindowsPath string `json:"windows_path,omitempty"`
}
