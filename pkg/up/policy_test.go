package up

import "testing"

func TestPolicyFor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		facts HostFacts
		want  Policy
	}{
		{"bare with systemd, terminal", HostFacts{Platform: PlatformBare, SystemdUser: true, Terminal: true},
			Policy{Prompt: true, EnvironmentD: true}},
		{"bare as root, no terminal", HostFacts{Platform: PlatformBare, Root: true},
			Policy{Mounts: true}},
		{"wsl2 without systemd", HostFacts{Platform: PlatformWSL2, Terminal: true},
			Policy{Prompt: true, GopathFix: true}},
		{"wsl2 under sudo with systemd", HostFacts{Platform: PlatformWSL2, Root: true, Sudo: true, SystemdUser: true, Terminal: true},
			Policy{Prompt: true, EnvironmentD: true, Mounts: true, GopathFix: true}},
		{"wsl1: drvfs is native there", HostFacts{Platform: PlatformWSL1, Root: true},
			Policy{Mounts: true}},
		{"docker: no prompt even on a terminal, no systemd, no mounts", HostFacts{Platform: PlatformDocker, Root: true, SystemdUser: true, Terminal: true},
			Policy{}},
		{"privileged docker may mount and use systemd", HostFacts{Platform: PlatformDocker, Root: true, Privileged: true, SystemdUser: true, Terminal: true},
			Policy{EnvironmentD: true, Mounts: true}},
		{"podman rootless", HostFacts{Platform: PlatformPodman}, Policy{}},
		{"kubernetes", HostFacts{Platform: PlatformKubernetes, Root: true, Terminal: true}, Policy{}},
		{"containerd", HostFacts{Platform: PlatformContainerd, Root: true}, Policy{}},
		{"lxc with systemd", HostFacts{Platform: PlatformLXC, SystemdUser: true, Terminal: true}, Policy{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PolicyFor(tc.facts); got != tc.want {
				t.Errorf("PolicyFor(%+v) = %+v, want %+v", tc.facts, got, tc.want)
			}
		})
	}
}
