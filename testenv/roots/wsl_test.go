package roots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/sys/mountinfo"
)

// Every WSL fixture is a readable root whose mount table a real parser
// accepts, with the files detection reads.
func TestWSLFixturesAreWellFormed(t *testing.T) {
	for _, name := range WSLFixtureNames() {
		t.Run(name, func(t *testing.T) {
			tree := WSLFixtures[name]()
			root := Build(t, tree)
			data, err := os.ReadFile(filepath.Join(root, "proc/self/mountinfo"))
			if err != nil {
				t.Fatal(err)
			}
			infos, err := mountinfo.GetMountsFromReader(strings.NewReader(string(data)), nil)
			if err != nil {
				t.Fatalf("moby rejects the table: %v", err)
			}
			if len(infos) == 0 || infos[0].Mountpoint != "/" {
				t.Fatalf("the table does not start with /: %+v", infos)
			}
			ids := map[int]bool{}
			for _, in := range infos {
				if ids[in.ID] {
					t.Errorf("mount ID %d twice", in.ID)
				}
				ids[in.ID] = true
				if in.Mountpoint != "/" && !ids[in.Parent] {
					t.Errorf("%s: parent %d is not listed before it", in.Mountpoint, in.Parent)
				}
			}
			for _, f := range []string{"/proc/version", "/proc/sys/kernel/osrelease", "/etc/os-release", "/etc/wsl.conf"} {
				if _, err := os.Stat(filepath.Join(root, f)); err != nil {
					t.Errorf("missing %s", f)
				}
			}
			release := strings.TrimSpace(tree["/proc/sys/kernel/osrelease"])
			if !strings.Contains(tree["/proc/version"], release) {
				t.Errorf("/proc/version does not name the release %q", release)
			}
		})
	}
}

func TestWSLOptionsShapeTheRoot(t *testing.T) {
	wsl1 := WSL1()
	if !strings.Contains(wsl1["/proc/sys/kernel/osrelease"], "-Microsoft") || !strings.Contains(wsl1["/proc/self/mountinfo"], " - lxfs rootfs ") || !strings.Contains(wsl1["/proc/self/mountinfo"], " - drvfs C:\\134 ") {
		t.Errorf("WSL1 lacks its lxcore release, lxfs root or drvfs C:")
	}
	wsl2 := WSL2()
	if _, ok := wsl2["/proc/sys/fs/binfmt_misc/WSLInterop"]; !ok || !strings.Contains(wsl2["/proc/self/mountinfo"], `- 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5`) {
		t.Errorf("WSL2 lacks WSLInterop or the classic 9p C: line:\n%s", wsl2["/proc/self/mountinfo"])
	}
	if off := WSL2(InteropOff()); off["/proc/sys/fs/binfmt_misc/WSLInterop"] != "" || !strings.Contains(off["/etc/wsl.conf"], "[interop]\nenabled = false") {
		t.Error("InteropOff left WSLInterop or did not say so in wsl.conf")
	}
	if late := WSL2(InteropLate()); late["/proc/sys/fs/binfmt_misc/WSLInterop-late"] == "" || late["/proc/sys/fs/binfmt_misc/WSLInterop"] != "" {
		t.Error("InteropLate does not name the entry WSLInterop-late")
	}
	if k := WSL2(Kernel("6.6.36.3-custom+")); strings.Contains(strings.ToLower(k["/proc/sys/kernel/osrelease"]+k["/proc/version"]), "microsoft") {
		t.Error("a custom kernel still says microsoft")
	}
	slash := WSL2(AutomountRoot("/"))
	if !strings.Contains(slash["/proc/self/mountinfo"], " / /c rw,noatime - 9p ") || !strings.Contains(slash["/proc/self/mountinfo"], "symlinkroot=/,") || !strings.Contains(slash["/etc/wsl.conf"], "root = /\n") {
		t.Error("AutomountRoot(/) does not mount C: at /c with symlinkroot=/")
	}
	dd := WSL2(DockerDesktop())["/proc/self/mountinfo"]
	if !strings.Contains(dd, `path=C:\Program Files\Docker\Docker\resources;`) || !strings.Contains(dd, "/mnt/wsl/docker-desktop/cli-tools") {
		t.Error("DockerDesktop lacks /Docker/host with its unescaped space, or the cli-tools mount")
	}
	vfs := WSL2(Transport(Virtiofs), Drives("C", "D"))
	if vfs["/run/wsl/virtiofs/drvfsC0"] != `->C:\` || !strings.Contains(vfs["/proc/self/mountinfo"], " - virtiofs drvfsC0 rw") || !strings.Contains(vfs["/proc/self/mountinfo"], "/run/wsl/virtiofs-mounts/drvfs") {
		t.Errorf("virtiofs fixture lacks its tag link or mounts:\n%s", vfs["/proc/self/mountinfo"])
	}
}
