package container

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// cgroupPatterns map cgroup paths to engines, for v1 and v2 lines alike:
// only a bare "0::/" (private cgroup namespace) says nothing. Container ids
// are 64 hex digits, but the patterns say [0-9a-f]+ and callers check the
// length, because {64} compiles to a program 64 times larger. They compile
// on first use, not at every devboot start.
var cgroupPatterns = sync.OnceValue(func() []pattern {
	return []pattern{
		{regexp.MustCompile(`kubepods.*?(?:(?:cri-containerd|crio|docker)-([0-9a-f]+)\.scope|/([0-9a-f]+)$)`), Kubernetes},
		{regexp.MustCompile(`kubepods`), Kubernetes},
		{regexp.MustCompile(`(?:^|/)(?:cri-containerd|crio)-([0-9a-f]+)\.scope`), Kubernetes},
		{regexp.MustCompile(`(?:^|/)docker[-/]([0-9a-f]+)(?:\.scope)?(?:/|$)`), Docker},
		{regexp.MustCompile(`(?:^|/)libpod-(?:conmon-)?([0-9a-f]+)(?:\.scope)?(?:/|$)`), Podman},
		{regexp.MustCompile(`(?:^|/)nerdctl-([0-9a-f]+)\.scope`), Containerd},
		// containerd with the cgroupfs driver: /<namespace>/<id>.
		{regexp.MustCompile(`^/[a-z0-9._-]+/([0-9a-f]+)$`), Containerd},
		// LXC 4+ puts the payload in lxc.payload.<name>; older LXC in /lxc/<name>.
		// lxc.monitor.<name> is the host-side monitor, not a container.
		{regexp.MustCompile(`(?:^|/)(?:lxc\.payload[./]|lxc/)([^/]+)`), LXC},
	}
})

// pattern maps what a regexp matches to an engine; its first non-empty
// group is the container's id.
type pattern struct {
	re     *regexp.Regexp
	engine string
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
		for _, p := range cgroupPatterns() {
			m := p.re.FindStringSubmatch(path)
			if m == nil {
				continue
			}
			id := cmp.Or(m[1:]...)
			if p.engine != LXC && id != "" && len(id) != 64 {
				continue // not an engine's container id
			}
			return []signal{{tierCgroup, p.engine, id, fmt.Sprintf("%s has %s", file, path)}}
		}
	}
	return nil
}
