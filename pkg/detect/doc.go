// Package detect tells where devboot runs: WSL1, WSL2, a container (Docker,
// Podman, Kubernetes, containerd, LXC) or bare Linux, plus the kernel's
// arch, the distro, the login shell, the systemd user session, the Docker
// engine and which paths of interest sit on NTFS.
//
// Gather reads every fact through a host.Host, so a fixture tree can stand
// for "/"; Decide is a pure function from those Facts to a Report; Probe
// does both and asks the Docker engine (pkg/engine) at the same time.
// Nothing here panics or fails on a strange machine: an unreadable or
// malformed file makes its field "unknown" and adds a warning.
package detect
