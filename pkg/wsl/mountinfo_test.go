package wsl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/moby/sys/mountinfo"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// The line Docker Desktop adds, as reported in docker/for-win#13318: its
// superblock options hold an unescaped space.
const dockerHostLine = `2260 190 0:311 / /Docker/host rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\Program Files\Docker\Docker\resources;symlinkroot=/mnt/,mmap,access=client,msize=262144,trans=virtio`

func TestParseDockerDesktopLine(t *testing.T) {
	mounts, err := ParseMountInfo(strings.NewReader(dockerHostLine + "\n"))
	if err != nil || len(mounts) != 1 {
		t.Fatalf("got %d mounts, %v", len(mounts), err)
	}
	m := mounts[0]
	wantSuper := `rw,dirsync,aname=drvfs;path=C:\Program Files\Docker\Docker\resources;symlinkroot=/mnt/,mmap,access=client,msize=262144,trans=virtio`
	if m.SuperOptions != wantSuper {
		t.Errorf("super options %q\nwant %q", m.SuperOptions, wantSuper)
	}
	if m.ID != 2260 || m.Parent != 190 || m.Minor != 311 || m.MountPoint != "/Docker/host" || m.FSType != "9p" || m.Source != "drvfs" {
		t.Errorf("fields %+v", m)
	}
	if !m.NTFS || m.WindowsPath != `C:\Program Files\Docker\Docker\resources` || m.SymlinkRoot != "/mnt/" {
		t.Errorf("WSL view: NTFS %v, %q, %q", m.NTFS, m.WindowsPath, m.SymlinkRoot)
	}
}

func TestParseEscapesAndBinds(t *testing.T) {
	table := strings.Join([]string{
		`1 0 8:1 / / rw - ext4 /dev/sdc rw`,
		// A fd-transport line: the source is escaped, the options are not.
		`84 1 0:52 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5`,
		// A bind of a directory of the drive onto a path with a space, a tab and a newline.
		`90 1 0:52 /Users/me/My\040Go /home/me/go\040win\011x\012y rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;symlinkroot=/mnt/,trans=fd,rfd=5,wfd=5`,
		// A bind inside a subdirectory mount.
		`91 1 0:53 /src /home/me/src rw - 9p C:\134Box rw,aname=drvfs;path=C:\Users\me\Box;symlinkroot=/mnt/,trans=fd,rfd=6,wfd=6`,
		// A WSL1 bind of a drvfs subtree.
		`92 1 0:14 /Users /users rw - drvfs C: rw,case=off`,
		// Optional fields and a " - " inside the options.
		`93 1 0:54 / /mnt/e rw shared:1 master:2 - 9p E:\134 rw,aname=drvfs;path=E:\a - b;symlinkroot=/mnt/,trans=fd,rfd=8,wfd=8`,
	}, "\n")
	mounts, err := ParseMountInfo(strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ point, source, root, win string }{
		{"/", "/dev/sdc", "/", ""},
		{"/mnt/c", `C:\`, "/", `C:\`},
		{"/home/me/go win\tx\ny", `C:\`, "/Users/me/My Go", `C:\Users\me\My Go`},
		{"/home/me/src", `C:\Box`, "/src", `C:\Users\me\Box\src`},
		{"/users", "C:", "/Users", `C:\Users`},
		{"/mnt/e", `E:\`, "/", `E:\a - b`},
	}
	if len(mounts) != len(want) {
		t.Fatalf("%d mounts, want %d", len(mounts), len(want))
	}
	for i, w := range want {
		m := mounts[i]
		if m.MountPoint != w.point || m.Source != w.source || m.Root != w.root || m.WindowsPath != w.win {
			t.Errorf("line %d: %q %q %q %q, want %q %q %q %q", i+1, m.MountPoint, m.Source, m.Root, m.WindowsPath, w.point, w.source, w.root, w.win)
		}
	}
	if mounts[5].FSType != "9p" || mounts[5].Options != "rw" {
		t.Errorf("optional fields confused the parse: %+v", mounts[5])
	}
}

func TestParseSkipsMalformedLines(t *testing.T) {
	table := strings.Join([]string{
		`1 0 8:1 / / rw - ext4 /dev/sdc rw`,
		`garbage`,
		`2 1 0:52 / /mnt/c rw,noatime - 9p`, // truncated
		`x 1 0:52 / /mnt/d rw - 9p D:\134 rw`,
		`3 1 0:52 / /mnt/c rw,noatime - 9p C:\134 rw,aname=drvfs;path=C:\;symlinkroot=/mnt/,trans=fd,rfd=5,wfd=5`,
		`4 1 nodevice / /x rw - tmpfs none rw`,
		``,
	}, "\n")
	mounts, err := ParseMountInfo(strings.NewReader(table))
	var me *MalformedError
	if !errors.Is(err, ErrMalformed) || !errors.As(err, &me) || fmt.Sprint(me.Lines) != "[2 3 4 6]" {
		t.Fatalf("err %v, want lines 2 3 4 6 reported", err)
	}
	if len(mounts) != 2 || NTFSMountFor(mounts, "/mnt/c/x") == nil {
		t.Errorf("kept %d mounts (%+v), want / and /mnt/c", len(mounts), mounts)
	}
}

func TestWSLSharesAreNotNTFS(t *testing.T) {
	mounts, _ := load(t, roots.WSL2())
	for _, p := range []string{"/usr/lib/wsl/drivers", "/init"} {
		m := MountFor(mounts, p)
		if m == nil || m.FSType != "9p" || m.NTFS {
			t.Errorf("%s: %+v; want WSL's own 9p share, not NTFS", p, m)
		}
	}
}

func TestMountForPrefixes(t *testing.T) {
	mounts, _ := load(t, roots.WSL2(roots.DockerDesktop()))
	for p, want := range map[string]string{
		"/mnt/c":                              "/mnt/c",
		"/mnt/c/":                             "/mnt/c",
		"/mnt/c/x/../y":                       "/mnt/c",
		"/mnt/cc":                             "/mnt",
		"/mnt/wsl/x":                          "/mnt/wsl",
		"/home/me":                            "/",
		"/Docker/host/a":                      "/Docker/host",
		"/mnt/wslg/x":                         "/mnt/wslg",
		"/proc/sys/fs/binfmt_misc/WSLInterop": "/proc/sys/fs/binfmt_misc",
	} {
		m := MountFor(mounts, p)
		got := ""
		if m != nil {
			got = m.MountPoint
		}
		if want == "/mnt" {
			want = "/" // /mnt is no mount point in WSL
		}
		if got != want {
			t.Errorf("MountFor(%s) = %q, want %q", p, got, want)
		}
	}
	if MountFor(mounts, "relative") != nil {
		t.Error("a relative path has no mount")
	}
}

// On the machine running the tests, every line of the real mount table
// parses, and agrees with moby's parser field by field (no line here has
// spaces in its options).
func TestRealMountTable(t *testing.T) {
	h := host.New("/", nil)
	mounts, err := LoadMounts(h)
	if err != nil {
		t.Fatalf("LoadMounts on this machine: %v", err)
	}
	infos, err := mountinfo.GetMounts(nil)
	if err != nil {
		t.Skipf("moby cannot read this machine's mount table: %v", err)
	}
	// Both read the same namespace, but not atomically together: compare
	// the mounts both saw, by ID.
	byID := map[int]Mount{}
	for _, m := range mounts {
		byID[m.ID] = m
	}
	same := 0
	for _, in := range infos {
		m, ok := byID[in.ID]
		if !ok {
			continue
		}
		same++
		if m.MountPoint != in.Mountpoint || m.FSType != in.FSType || m.Source != in.Source || m.Root != in.Root || m.SuperOptions != in.VFSOptions {
			t.Errorf("mount %d: %+v, moby says %+v", in.ID, m, *in)
		}
	}
	if same == 0 || MountFor(mounts, "/") == nil {
		t.Fatalf("no mount in common with moby's view (%d vs %d), or no root mount", len(mounts), len(infos))
	}
}

// Virtiofs shares are drive mounts even before their tag links are read;
// the 2.0-era tags name their drive.
func TestParseVirtiofsWithoutTagLinks(t *testing.T) {
	table := "1 0 8:32 / / rw - ext4 /dev/sdc rw\n" +
		"2 1 0:90 /1b4e28ba-2fa1-11d2-883f-0016d3cca427/src /mnt/d rw,noatime - virtiofs drvfs rw\n" +
		"3 1 0:91 / /mnt/e rw,noatime - virtiofs drvfsaE4 rw\n" +
		"4 1 0:92 / /shared rw - virtiofs kataShared rw\n"
	mounts, err := ParseMountInfo(strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	if m := mounts[1]; !m.NTFS || m.WindowsPath != "" {
		t.Errorf("aggregate share: NTFS %v, Windows path %q; want NTFS, path unknown", m.NTFS, m.WindowsPath)
	}
	if m := mounts[2]; !m.NTFS || m.WindowsPath != `E:\` {
		t.Errorf("legacy tag: NTFS %v, Windows path %q; want E:\\", m.NTFS, m.WindowsPath)
	}
	if mounts[3].NTFS {
		t.Error("a virtiofs share that is not WSL's is not NTFS")
	}
}

func TestVirtiofsTagLinks(t *testing.T) {
	tags := map[string]string{"1b4e28ba-2fa1-11d2-883f-0016d3cca427": `C:\Users\me`, "drvfsC0": `C:\`}
	for _, tc := range []struct{ source, root, win string }{
		{"drvfs", "/1b4e28ba-2fa1-11d2-883f-0016d3cca427", `C:\Users\me`},
		{"drvfsa", "/1b4e28ba-2fa1-11d2-883f-0016d3cca427/go/src", `C:\Users\me\go\src`},
		{"drvfsC0", "/", `C:\`},
		{"drvfsC0", "/Windows", `C:\Windows`},
		{"1b4e28ba-2fa1-11d2-883f-0016d3cca427", "/", `C:\Users\me`},
	} {
		m := Mount{FSType: "virtiofs", Source: tc.source, Root: tc.root}
		decodeVirtiofs(&m, tags)
		if !m.NTFS || m.WindowsPath != tc.win {
			t.Errorf("%s %s: NTFS %v, %q; want %q", tc.source, tc.root, m.NTFS, m.WindowsPath, tc.win)
		}
	}
}
