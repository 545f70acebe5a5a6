package container

import (
	"fmt"
	"regexp"
	"strings"
)

// cgroupPatterns map cgroup paths to engines. They apply to v1 and v2 lines
// alike: only a bare "0::/" (private cgroup namespace) says nothing.
var cgroupPatterns = []struct {
	re     *regexp.Regexp
	engine string
}{
	{regexp.MustCompile(`kubepods.*?(?:(?:cri-containerd|crio|docker)-([0-9a-f]{64})\.scope|/([0-9a-f]{64})$)`), Kubernetes},
	{regexp.MustCompile(`kubepods`), Kubernetes},
	{regexp.MustCompile(`(?:^|/)(?:cri-containerd|crio)-([0-9a-f]{64})\.scope`), Kubernetes},
	{regexp.MustCompile(`(?:^|/)docker[-/]([0-9a-f]{64})(?:\.scope)?(?:/|$)`), Docker},
	{regexp.MustCompile(`(?:^|/)libpod-(?:conmon-)?([0-9a-f]{64})(?:\.scope)?(?:/|$)`), Podman},
	{regexp.MustCompile(`(?:^|/)nerdctl-([0-9a-f]{64})\.scope`), Containerd},
	// containerd with the cgroupfs driver: /<namespace>/<id>.
	{regexp.MustCompile(`^/[a-z0-9._-]+/([0-9a-f]{64})$`), Containerd},
	// LXC 4+ puts the payload in lxc.payload.<name>; older LXC in /lxc/<name>.
	// lxc.monitor.<name> is the host-side monitor, not a container.
	{regexp.MustCompile(`(?:^|/)(?:lxc\.payload[./]|lxc/)([^/]+)`), LXC},
}

// cgroupSignals reads a /proc/<pid>/cgroup file ("id:controllers:path" per
// line) and reports the first engine pattern any line matches.
func cgroupSignals(file, content string) []signal {
	for _, line := range strings.Split(content, "\n") {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 || parts[2] == "/" || parts[2] == "" {
			continue
		}
		path := parts[2]
		for _, p := range cgroupPatterns {
			m := p.re.FindStringSubmatch(path)
			if m == nil {
				continue
			}
			return []signal{{tierCgroup, p.engine, firstNonEmpty(m[1:]), fmt.Sprintf("%s has %s", file, path)}}
		}
	}
	return nil
}

func firstNonEmpty(ss []string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
