// Package container tells whether devboot runs inside a container, and which
// engine made it (Docker, Podman, Kubernetes, containerd/nerdctl, LXC).
//
// Gather reads the signals through a host.Host (so a fixture tree can stand
// for /); Decide is a pure function over those Facts. No single signal is
// trusted alone where it is known to lie: /.dockerenv can be stale in an
// image, /run/systemd/container says "wsl" on WSL with systemd, and under
// cgroup v2 with a private cgroup namespace /proc/self/cgroup is "0::/" on a
// container and on a bare host alike, so that line decides nothing.
package container
