package container

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// Facts are the raw container signals of one machine.
type Facts struct {
	DockerEnv bool // /.dockerenv exists
	// ContainerEnv holds /run/.containerenv's key=value pairs (Podman, CRI-O,
	// toolbox); nil when the file is absent, empty map when it is empty.
	ContainerEnv map[string]string
	// PID1Container is container= from /proc/1/environ ("" when unset or
	// unreadable: reading it needs privileges).
	PID1Container string
	// SystemdContainer is /run/systemd/container, written by systemd in a
	// container (and "wsl" on WSL with systemd, which is no container).
	SystemdContainer string
	// HostContainerManager is /run/host/container-manager (systemd's
	// container interface, e.g. "podman", "systemd-nspawn").
	HostContainerManager string
	// CgroupSelf and CgroupPID1 are /proc/self/cgroup and /proc/1/cgroup.
	CgroupSelf, CgroupPID1 string
	// KubernetesServiceHost is true when KUBERNETES_SERVICE_HOST is set,
	// which the kubelet does in every pod.
	KubernetesServiceHost bool
	// Mounts is the mount table (/proc/self/mountinfo); nil when unknown.
	Mounts []wsl.Mount
}

// Gather reads the container signals through h. mounts is the parsed mount
// table (callers already have it for other probes). Unreadable files are
// facts too: they leave their field empty, and only errors other than
// "absent" or "permission denied" become warnings.
func Gather(h *host.Host, mounts []wsl.Mount) (Facts, []string) {
	var warn []string
	read := func(p string) string {
		b, err := h.ReadFile(p)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
				warn = append(warn, fmt.Sprintf("cannot read %s: %v", p, err))
			}
			return ""
		}
		return string(b)
	}
	f := Facts{
		DockerEnv:            h.Exists("/.dockerenv"),
		PID1Container:        environValue(read("/proc/1/environ"), "container"),
		SystemdContainer:     strings.TrimSpace(read("/run/systemd/container")),
		HostContainerManager: strings.TrimSpace(read("/run/host/container-manager")),
		CgroupSelf:           read("/proc/self/cgroup"),
		CgroupPID1:           read("/proc/1/cgroup"),
		Mounts:               mounts,
	}
	_, f.KubernetesServiceHost = h.LookupEnv("KUBERNETES_SERVICE_HOST")
	if b, err := h.ReadFile("/run/.containerenv"); err == nil {
		f.ContainerEnv = ParseContainerEnv(string(b))
	} else if errors.Is(err, fs.ErrPermission) {
		f.ContainerEnv = map[string]string{} // present but private: still Podman's mark
	}
	return f, warn
}

// environValue returns key's value in a NUL-separated environ block.
func environValue(environ, key string) string {
	for _, kv := range strings.Split(environ, "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// ParseContainerEnv parses /run/.containerenv: lines of key="value" (Podman
// writes engine, name, id, image, imageid, rootless, graphRootMounted).
// Lines that are not key=value are skipped.
func ParseContainerEnv(s string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || k == "" {
			continue
		}
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		m[k] = v
	}
	return m
}
