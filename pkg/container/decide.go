package container

import (
	"fmt"
	"slices"
	"strings"
)

// Engine names Decide reports. Other names reported by a container manager
// itself (systemd-nspawn, oci, ...) are passed through as they are.
const (
	Docker     = "docker"
	Podman     = "podman"
	Kubernetes = "kubernetes"
	Containerd = "containerd"
	LXC        = "lxc"
)

// Result is what Decide concluded.
type Result struct {
	// Engine is "" when no container signal was found.
	Engine string
	// ID is the container's id (or LXC name) when a signal carried one.
	ID string
	// Evidence lists the signals that named an engine, strongest first.
	Evidence []string
	// Warnings note signals that contradict the decision.
	Warnings []string
}

// signal is one piece of evidence for an engine.
type signal struct {
	tier   int // lower is stronger
	engine string
	id     string
	what   string
}

// Tiers, strongest first: what a manager declares about itself, then the
// Docker marker file, then cgroup paths, then the bind mounts engines put on
// /etc/hosts & co., then the layout of the root overlay.
const (
	tierDeclared = iota
	tierMarker
	tierCgroup
	tierBinds
	tierRootfs
)

// Decide tells from f whether this is a container and which engine runs it.
// A pod is "kubernetes" whatever its runtime, since that is what a user of
// it needs to know; otherwise the strongest signal wins.
func Decide(f Facts) Result {
	sigs := signals(f)
	if len(sigs) == 0 {
		return Result{}
	}
	slices.SortStableFunc(sigs, func(a, b signal) int { return a.tier - b.tier })
	best := sigs[0]
	if i := slices.IndexFunc(sigs, func(s signal) bool { return s.engine == Kubernetes }); i >= 0 {
		best = sigs[i]
	}
	r := Result{Engine: best.engine}
	for _, s := range sigs {
		r.Evidence = append(r.Evidence, s.what)
		if r.ID == "" && s.id != "" && (s.engine == r.Engine || r.Engine == Kubernetes) {
			r.ID = s.id
		}
		if s.engine != r.Engine && !compatible(r.Engine, s.engine) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("container signal %s names %s, but stronger signals say %s", s.what, s.engine, r.Engine))
		}
	}
	return r
}

// compatible pairs are engines that legitimately show up together: Docker
// and Kubernetes run containers through containerd, and CRI-O pods carry
// Podman's /run/.containerenv.
func compatible(decided, other string) bool {
	switch decided {
	case Docker:
		return other == Containerd
	case Kubernetes:
		return other == Containerd || other == Docker || other == Podman
	}
	return false
}

func signals(f Facts) []signal {
	var out []signal
	if f.ContainerEnv != nil {
		out = append(out, signal{tierDeclared, containerEnvEngine(f.ContainerEnv), f.ContainerEnv["id"], "/run/.containerenv"})
	}
	for _, d := range []struct{ value, what string }{
		{f.PID1Container, "container=%s in PID 1's environment"},
		{f.SystemdContainer, "/run/systemd/container says %s"},
		{f.HostContainerManager, "/run/host/container-manager says %s"},
	} {
		if e := managerEngine(d.value); e != "" {
			out = append(out, signal{tierDeclared, e, "", fmt.Sprintf(d.what, d.value)})
		}
	}
	if f.KubernetesServiceHost {
		out = append(out, signal{tierDeclared, Kubernetes, "", "KUBERNETES_SERVICE_HOST is set"})
	}
	if f.DockerEnv {
		out = append(out, signal{tierMarker, Docker, "", "/.dockerenv exists"})
	}
	out = append(out, cgroupSignals("/proc/self/cgroup", f.CgroupSelf)...)
	out = append(out, cgroupSignals("/proc/1/cgroup", f.CgroupPID1)...)
	out = append(out, mountSignals(f.Mounts)...)
	return dedupe(out)
}

// containerEnvEngine reads engine="podman-4.3.1" from /run/.containerenv;
// CRI-O writes the same file in pods.
func containerEnvEngine(env map[string]string) string {
	name, _, _ := strings.Cut(env["engine"], "-")
	if name == "cri" || strings.HasPrefix(env["engine"], "cri-o") {
		return Kubernetes
	}
	return Podman
}

// managerEngine normalises a container manager's self-declared name; "" for
// none, and for "wsl", which systemd writes on WSL and is no container.
func managerEngine(v string) string {
	switch v = strings.TrimSpace(v); v {
	case "", "wsl":
		return ""
	case "lxc", "lxc-libvirt":
		return LXC
	case "crio", "cri-o":
		return Kubernetes
	}
	return v
}
