package container

import (
	"maps"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/wsl"
)

const id64 = "4f1ba3c6a2e8b7f0d95c3e1a7b6d2c8f9e0a1b2c3d4e5f60718293a4b5c6d7e8"

func TestDecide(t *testing.T) {
	cases := map[string]struct {
		f      Facts
		engine string
		id     string
		warns  bool
	}{
		"nothing":                      {Facts{}, "", "", false},
		"cgroup2 root alone":           {Facts{CgroupSelf: "0::/\n", CgroupPID1: "0::/\n"}, "", "", false},
		"host user session":            {Facts{CgroupSelf: "0::/user.slice/user-1000.slice/session-2.scope\n"}, "", "", false},
		"docker daemon's cgroup":       {Facts{CgroupSelf: "0::/system.slice/docker.service\n"}, "", "", false},
		"lxc monitor on the host":      {Facts{CgroupSelf: "0::/lxc.monitor.dev1\n"}, "", "", false},
		"short hex is no id":           {Facts{CgroupSelf: "0::/user.slice/abc123\n", CgroupPID1: "3:cpu:/docker/abc\n"}, "", "", false},
		"systemd on WSL":               {Facts{SystemdContainer: "wsl"}, "", "", false},
		"dockerenv":                    {Facts{DockerEnv: true}, Docker, "", false},
		"docker cgroup1":               {Facts{CgroupSelf: "12:pids:/docker/" + id64 + "\n0::/\n"}, Docker, id64, false},
		"docker systemd driver":        {Facts{CgroupSelf: "0::/system.slice/docker-" + id64 + ".scope\n"}, Docker, id64, false},
		"podman containerenv":          {Facts{ContainerEnv: map[string]string{"engine": "podman-4.3.1", "id": id64}}, Podman, id64, false},
		"podman libpod cgroup":         {Facts{CgroupSelf: "0::/machine.slice/libpod-" + id64 + ".scope/container\n"}, Podman, id64, false},
		"podman with stale dockerenv":  {Facts{DockerEnv: true, ContainerEnv: map[string]string{"engine": "podman-5.0.2"}}, Podman, "", true},
		"container= nspawn":            {Facts{PID1Container: "systemd-nspawn"}, "systemd-nspawn", "", false},
		"host container-manager":       {Facts{HostContainerManager: "podman"}, Podman, "", false},
		"lxc-libvirt":                  {Facts{PID1Container: "lxc-libvirt"}, LXC, "", false},
		"lxc payload":                  {Facts{CgroupPID1: "0::/lxc.payload.dev1/init.scope\n"}, LXC, "dev1", false},
		"old lxc":                      {Facts{CgroupPID1: "4:memory:/lxc/build01\n"}, LXC, "build01", false},
		"kube env":                     {Facts{KubernetesServiceHost: true}, Kubernetes, "", false},
		"kube beats docker":            {Facts{KubernetesServiceHost: true, DockerEnv: true, CgroupSelf: "0::/kubepods/besteffort/pod1/" + id64 + "\n"}, Kubernetes, id64, false},
		"crio pod":                     {Facts{CgroupSelf: "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/crio-" + id64 + ".scope\n", ContainerEnv: map[string]string{}}, Kubernetes, id64, false},
		"nerdctl scope":                {Facts{CgroupSelf: "0::/system.slice/nerdctl-" + id64 + ".scope\n"}, Containerd, id64, false},
		"containerd namespace":         {Facts{CgroupSelf: "3:cpu:/default/" + id64 + "\n"}, Containerd, id64, false},
		"docker binds":                 {Facts{Mounts: []wsl.Mount{{MountPoint: "/etc/hosts", Root: "/containers/" + id64 + "/hosts"}}}, Docker, id64, false},
		"podman binds":                 {Facts{Mounts: []wsl.Mount{{MountPoint: "/etc/hostname", Root: "/run/user/1000/containers/overlay-containers/" + id64 + "/userdata/hostname"}}}, Podman, id64, false},
		"overlay root from docker":     {Facts{Mounts: []wsl.Mount{{MountPoint: "/", FSType: "overlay", SuperOptions: "rw,lowerdir=/var/lib/docker/overlay2/l/AB:/var/lib/docker/overlay2/l/CD"}}}, Docker, "", false},
		"live system overlay root":     {Facts{Mounts: []wsl.Mount{{MountPoint: "/", FSType: "overlay", SuperOptions: "rw,lowerdir=/run/live/rootfs/filesystem.squashfs"}}}, "", "", false},
		"lxcfs":                        {Facts{Mounts: []wsl.Mount{{MountPoint: "/proc/cpuinfo", FSType: "fuse.lxcfs"}}}, LXC, "", false},
		"docker with containerd store": {Facts{DockerEnv: true, Mounts: []wsl.Mount{{MountPoint: "/", FSType: "overlay", SuperOptions: "lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs"}}}, Docker, "", false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := Decide(c.f)
			if r.Engine != c.engine || r.ID != c.id || (len(r.Warnings) > 0) != c.warns {
				t.Fatalf("got %+v, want engine %q id %q warnings %v", r, c.engine, c.id, c.warns)
			}
			if r.Engine != "" && len(r.Evidence) == 0 {
				t.Fatal("no evidence")
			}
		})
	}
}

func TestParseContainerEnv(t *testing.T) {
	got := ParseContainerEnv("engine=\"podman-5.0.2\"\nname=\"quirky_hopper\"\nrootless=1\n\njunk\n=x\n")
	want := map[string]string{"engine": "podman-5.0.2", "name": "quirky_hopper", "rootless": "1"}
	if !maps.Equal(got, want) {
		t.Fatalf("got %q", got)
	}
	if got := ParseContainerEnv(""); got == nil || len(got) != 0 {
		t.Fatalf("empty file: %v (must be non-nil: the file's presence is the signal)", got)
	}
}

// PID 1's environ is NUL-separated and may hold container= anywhere.
func TestEnvironValue(t *testing.T) {
	if v := environValue(strings.Join([]string{"PATH=/bin", "container=podman", "HOME=/"}, "\x00")+"\x00", "container"); v != "podman" {
		t.Fatalf("got %q", v)
	}
}
