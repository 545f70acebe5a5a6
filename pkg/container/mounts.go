package container

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/devboot/devboot/pkg/wsl"
)

// bindPatterns match the source (mountinfo root field) of the files engines
// bind onto /etc/hostname, /etc/hosts and /etc/resolv.conf. The root field
// is relative to its filesystem, so /var/lib may be missing from it.
var bindPatterns = sync.OnceValue(func() []pattern {
	return []pattern{
		{regexp.MustCompile(`kubelet/pods/([0-9a-f-]+)/`), Kubernetes},
		{regexp.MustCompile(`io\.containerd\.grpc\.v1\.cri/sandboxes/([0-9a-f]+)/`), Kubernetes},
		{regexp.MustCompile(`overlay-containers/([0-9a-f]+)/userdata/`), Podman},
		{regexp.MustCompile(`nerdctl/[0-9a-f]+/(?:containers|etchosts)/[^/]+/([0-9a-f]+)/`), Containerd},
		{regexp.MustCompile(`(?:^|/)containers/([0-9a-f]+)/(?:hostname|hosts|resolv\.conf)$`), Docker},
	}
})

// rootLayouts match the lowerdir of an overlay root to the engine whose
// storage it lives in. An overlay root alone (live systems, OpenWrt) is no
// container signal.
var rootLayouts = []struct{ marker, engine string }{
	{"/docker/overlay2/", Docker},
	{"/docker/rootfs/", Docker},
	{"io.containerd.snapshotter.v1.overlayfs/", Containerd},
	{"/containers/storage/overlay/", Podman},
}

func mountSignals(mounts []wsl.Mount) []signal {
	var out []signal
	for i := range mounts {
		m := &mounts[i]
		switch {
		case m.MountPoint == "/etc/hostname" || m.MountPoint == "/etc/hosts" || m.MountPoint == "/etc/resolv.conf":
			for _, p := range bindPatterns() {
				if sm := p.re.FindStringSubmatch(m.Root); sm != nil && (len(sm[1]) == 64 || p.engine == Kubernetes) {
					out = append(out, signal{tierBinds, p.engine, sm[1], fmt.Sprintf("%s is bound from %s", m.MountPoint, m.Root)})
					break
				}
			}
		case strings.Contains(m.MountPoint, "/secrets/kubernetes.io/"):
			out = append(out, signal{tierBinds, Kubernetes, "", "a service account is mounted on " + m.MountPoint})
		case m.MountPoint == "/" && m.FSType == "overlay":
			for _, l := range rootLayouts {
				if strings.Contains(m.SuperOptions, l.marker) {
					out = append(out, signal{tierRootfs, l.engine, "", "the root is an overlay from " + strings.Trim(l.marker, "/") + " storage"})
					break
				}
			}
		case m.FSType == "fuse.lxcfs" && strings.HasPrefix(m.MountPoint, "/proc/"):
			out = append(out, signal{tierRootfs, LXC, "", "lxcfs is mounted on " + m.MountPoint})
		}
	}
	return out
}

// dedupe keeps one signal per engine and tier (three binds say one thing).
func dedupe(in []signal) []signal {
	seen := map[[2]string]bool{}
	var out []signal
	for _, s := range in {
		k := [2]string{s.engine, fmt.Sprint(s.tier)}
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
