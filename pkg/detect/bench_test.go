package detect

import (
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// BenchmarkProbe times a whole detection (no engine) on the Docker-on-WSL2
// fixture, which exercises the container, WSL-kernel and mount paths.
func BenchmarkProbe(b *testing.B) {
	m := roots.DockerOnWSL2()
	h := host.New(roots.Build(b, m.Tree), m.Env)
	h.User = host.User{Name: "root", Home: "/root"}
	for b.Loop() {
		if _, err := Probe(b.Context(), h, Options{SkipEngine: true, WorkDir: "/root"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProbeWSL2 times detection on the WSL2 fixture with Docker
// Desktop's mounts (the longest mount table).
func BenchmarkProbeWSL2(b *testing.B) {
	h := host.New(roots.Build(b, roots.WSL2(roots.DockerDesktop())), []string{"WSL_DISTRO_NAME=Ubuntu", "GOPATH=/mnt/c/Users/me/go"})
	h.User = host.User{Name: "me", Home: "/home/me", UID: 1000}
	for b.Loop() {
		if _, err := Probe(b.Context(), h, Options{SkipEngine: true, WorkDir: "/mnt/c/src"}); err != nil {
			b.Fatal(err)
		}
	}
}
