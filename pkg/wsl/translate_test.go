package wsl

import (
	"errors"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/testenv/roots"
)

const distro = roots.WSLDistro

type toLinuxCase struct {
	win, want string
	err       error
}

type toWinCase struct {
	linux, want, mixed string
	err                error
}

func TestToLinuxOnFixtures(t *testing.T) {
	common := []toLinuxCase{
		{`\\wsl.localhost\Ubuntu\home\me`, "/home/me", nil},
		{`\\wsl$\ubuntu\home\me\`, "/home/me/", nil},
		{`//wsl.localhost/Ubuntu`, "/", nil},
		{`\\wsl.localhost\Ubuntu\tmp\a` + "\uf03a" + `b`, "/tmp/a:b", nil},
		{`\\wsl$\Debian\home`, "", ErrNoTranslation},
		{`\\wsl.localhost\Ubuntu-22.04\home`, "", ErrNoTranslation},
		{`Q:\nothing`, "", ErrNoTranslation},
		{`C:relative`, "", ErrBadPath},
		{`C:\..\x`, "", ErrBadPath},
		{`\\?\`, "", ErrBadPath},
	}
	cases := map[string][]toLinuxCase{
		"wsl1": {{`C:\Users\me\go`, "/mnt/c/Users/me/go", nil}, {`d:/src`, "/mnt/d/src", nil}, {`D:`, "", ErrBadPath}},
		"wsl1-subdir": {
			{`C:\Users\me\Box\pkg`, "/home/me/box/pkg", nil},
			{`C:\Users\me\Boxes`, "/mnt/c/Users/me/Boxes", nil},
		},
		"wsl2-9p-fd": {
			{`C:\Users\me\go`, "/mnt/c/Users/me/go", nil},
			{`c:/Users//me/./go/../src`, "/mnt/c/Users/me/src", nil},
			{`\\?\C:\Users\me`, "/mnt/c/Users/me", nil},
			{`C:\`, "/mnt/c/", nil},
			{`C:\Program Files`, "/mnt/c/Program Files", nil},
			{`D:\src`, "", ErrNoTranslation},
		},
		"wsl2-9p-fd-cache5":    {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-9p-virtio":       {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-9p-virtio-admin": {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-virtiofs":        {{`C:\x`, "/mnt/c/x", nil}, {`D:\go\src`, "/mnt/d/go/src", nil}},
		"wsl2-root-slash":      {{`C:\x`, "/c/x", nil}, {`d:\`, "/d/", nil}},
		"wsl2-subdir":          {{`C:\Users\me\Box\pkg`, "/home/me/box/pkg", nil}, {`c:\users\ME\box`, "/home/me/box", nil}},
		"wsl2-unc": {
			{`\\fileserver\Go Share\pkg`, "/mnt/share/pkg", nil},
			{`\\FILESERVER\go share`, "/mnt/share", nil},
			{`\\?\UNC\fileserver\Go Share\x`, "/mnt/share/x", nil},
			{`\\fileserver\Other`, "", ErrNoTranslation},
		},
		"wsl2-docker-desktop": {
			{`C:\Program Files\Docker\Docker\resources\bin`, "/Docker/host/bin", nil},
			{`C:\Program Files\Docker`, "/mnt/c/Program Files/Docker", nil},
		},
		"wsl2-interop-off":   {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-custom-kernel": {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-systemd":       {{`C:\x`, "/mnt/c/x", nil}},
		"wsl2-automount-off": {{`C:\x`, "", ErrNoTranslation}},
	}
	for _, name := range roots.WSLFixtureNames() {
		tcs, ok := cases[name]
		if !ok {
			t.Errorf("fixture %s has no translation cases", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			mounts, conf := load(t, roots.WSLFixtures[name]())
			for _, tc := range append(tcs, common...) {
				got, err := ToLinux(mounts, conf, distro, tc.win)
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Errorf("ToLinux(%q) = %q, %v; want error %v", tc.win, got, err, tc.err)
					}
					continue
				}
				if err != nil || got != tc.want {
					t.Errorf("ToLinux(%q) = %q, %v; want %q", tc.win, got, err, tc.want)
				}
			}
		})
	}
}

func TestToWindowsOnFixtures(t *testing.T) {
	common := []toWinCase{
		{"/home/me/go", `\\wsl.localhost\Ubuntu\home\me\go`, "//wsl.localhost/Ubuntu/home/me/go", nil},
		{"/", `\\wsl.localhost\Ubuntu\`, "//wsl.localhost/Ubuntu/", nil},
		{"/tmp/a:b|c", `\\wsl.localhost\Ubuntu\tmp\a` + "\uf03a" + "b\uf07cc", "//wsl.localhost/Ubuntu/tmp/a\uf03ab\uf07cc", nil},
		{"/usr/lib/wsl/drivers/x", `\\wsl.localhost\Ubuntu\usr\lib\wsl\drivers\x`, "", nil},
		{"relative/path", "", "", ErrBadPath},
		{"/..", "", "", ErrBadPath},
	}
	cases := map[string][]toWinCase{
		"wsl1":        {{"/mnt/c", `C:\`, "C:/", nil}, {"/mnt/d/src/x", `D:\src\x`, "D:/src/x", nil}},
		"wsl1-subdir": {{"/home/me/box/pkg", `C:\Users\me\Box\pkg`, "C:/Users/me/Box/pkg", nil}},
		"wsl2-9p-fd": {
			{"/mnt/c/Users/me/go", `C:\Users\me\go`, "C:/Users/me/go", nil},
			{"/mnt/c", `C:\`, "C:/", nil},
			{"/mnt/c/", `C:\`, "C:/", nil},
			{"/mnt/c//Users/./me/../x/", `C:\Users\x\`, "C:/Users/x/", nil},
			{"/mnt/c/a:b", `C:\a` + "\uf03a" + "b", "", nil},
			{"/mnt/cx", `\\wsl.localhost\Ubuntu\mnt\cx`, "", nil},
		},
		"wsl2-9p-fd-cache5":    {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-9p-virtio":       {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-9p-virtio-admin": {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-virtiofs":        {{"/mnt/c/x", `C:\x`, "", nil}, {"/mnt/d/go", `D:\go`, "D:/go", nil}},
		"wsl2-root-slash":      {{"/c/x", `C:\x`, "", nil}, {"/d", `D:\`, "", nil}, {"/mnt/c/x", `\\wsl.localhost\Ubuntu\mnt\c\x`, "", nil}},
		"wsl2-subdir":          {{"/home/me/box", `C:\Users\me\Box`, "C:/Users/me/Box", nil}, {"/home/me/boxes", `\\wsl.localhost\Ubuntu\home\me\boxes`, "", nil}},
		"wsl2-unc":             {{"/mnt/share/pkg", `\\fileserver\Go Share\pkg`, "//fileserver/Go Share/pkg", nil}},
		"wsl2-docker-desktop":  {{"/Docker/host/bin", `C:\Program Files\Docker\Docker\resources\bin`, "", nil}},
		"wsl2-interop-off":     {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-custom-kernel":   {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-systemd":         {{"/mnt/c/x", `C:\x`, "", nil}},
		"wsl2-automount-off":   {{"/mnt/c/x", `\\wsl.localhost\Ubuntu\mnt\c\x`, "", nil}},
	}
	for _, name := range roots.WSLFixtureNames() {
		tcs, ok := cases[name]
		if !ok {
			t.Errorf("fixture %s has no translation cases", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			mounts, _ := load(t, roots.WSLFixtures[name]())
			for _, tc := range append(tcs, common...) {
				got, err := ToWindows(mounts, distro, tc.linux, false)
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Errorf("ToWindows(%q) = %q, %v; want error %v", tc.linux, got, err, tc.err)
					}
					continue
				}
				if err != nil || got != tc.want {
					t.Errorf("ToWindows(%q) = %q, %v; want %q", tc.linux, got, err, tc.want)
				}
				if tc.mixed == "" {
					continue
				}
				if got, err := ToWindows(mounts, distro, tc.linux, true); err != nil || got != tc.mixed {
					t.Errorf("ToWindows(%q, mixed) = %q, %v; want %q", tc.linux, got, err, tc.mixed)
				}
			}
		})
	}
}

func TestDistroNameMissing(t *testing.T) {
	mounts, conf := load(t, roots.WSL2())
	_, err := ToLinux(mounts, conf, "", `\\wsl.localhost\Ubuntu\home`)
	if !errors.Is(err, ErrNoDistro) || !strings.Contains(err.Error(), "--distro") {
		t.Errorf("ToLinux without a distro: %v; want ErrNoDistro naming --distro", err)
	}
	_, err = ToWindows(mounts, "", "/home/me", false)
	if !errors.Is(err, ErrNoDistro) {
		t.Errorf("ToWindows without a distro: %v; want ErrNoDistro", err)
	}
	// Drive paths need no distribution name.
	if got, err := ToWindows(mounts, "", "/mnt/c/x", false); err != nil || got != `C:\x` {
		t.Errorf("ToWindows(/mnt/c/x) without a distro = %q, %v", got, err)
	}
}

func TestUnmountedDriveMessage(t *testing.T) {
	mounts, conf := load(t, roots.WSL2(roots.AutomountRoot("/win")))
	_, err := ToLinux(mounts, conf, distro, `E:\data`)
	if !errors.Is(err, ErrNoTranslation) || !strings.Contains(err.Error(), "/win/e") {
		t.Errorf("unmounted drive: %v; want ErrNoTranslation naming /win/e", err)
	}
	mounts, conf = load(t, roots.WSL2(roots.AutomountOff()))
	_, err = ToLinux(mounts, conf, distro, `C:\data`)
	if !errors.Is(err, ErrNoTranslation) || !strings.Contains(err.Error(), "automount is off") {
		t.Errorf("automount off: %v; want a message saying automount is off", err)
	}
}

// A mount attached later over a parent of a drive mount hides it, in both
// directions, and a later mount at the same point replaces it.
func TestLaterMountsHide(t *testing.T) {
	base := "1 0 8:1 / / rw - ext4 /dev/sdc rw\n" +
		`2 1 0:50 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;symlinkroot=/mnt/,mmap,trans=fd,rfd=5,wfd=5` + "\n"
	hidden, _ := ParseMountInfo(strings.NewReader(base + "3 1 0:51 / /mnt rw - tmpfs none rw\n"))
	if _, err := ToLinux(hidden, DefaultConf(), distro, `C:\x`); !errors.Is(err, ErrNoTranslation) {
		t.Errorf("C:\\x with /mnt over-mounted: %v; want no translation", err)
	}
	if got, _ := ToWindows(hidden, distro, "/mnt/c/x", false); got != `\\wsl.localhost\Ubuntu\mnt\c\x` {
		t.Errorf("/mnt/c/x with /mnt over-mounted = %q", got)
	}
	replaced, _ := ParseMountInfo(strings.NewReader(base + `4 1 0:52 / /mnt/c rw - 9p drvfs rw,aname=drvfs;path=E:\;symlinkroot=/mnt/,trans=virtio` + "\n"))
	if got, _ := ToWindows(replaced, distro, "/mnt/c/x", false); got != `E:\x` {
		t.Errorf("/mnt/c/x with E: mounted over C: = %q; want E:\\x", got)
	}
	// The directory mount wins over the drive even when listed first.
	sub := "1 0 8:1 / / rw - ext4 /dev/sdc rw\n" +
		`2 1 0:50 / /box rw - 9p C:\134Box rw,aname=drvfs;path=C:\Box;trans=fd,rfd=5,wfd=5` + "\n" +
		`3 1 0:51 / /mnt/c rw - 9p C:\134 rw,aname=drvfs;path=C:\;trans=fd,rfd=5,wfd=5` + "\n"
	mounts, _ := ParseMountInfo(strings.NewReader(sub))
	if got, _ := ToLinux(mounts, DefaultConf(), distro, `C:\Box\x`); got != "/box/x" {
		t.Errorf(`C:\Box\x = %q; want /box/x`, got)
	}
}

func TestTranslateRelative(t *testing.T) {
	mounts, conf := load(t, roots.WSL2())
	cases := []struct {
		cwd, path string
		mode      Mode
		want      string
	}{
		{"/mnt/c/Users/me", `go\src`, ToUnix, "go/src"},
		{"/mnt/c/Users/me", `.`, ToUnix, "."},
		{"/mnt/c/Users/me", `..\you`, ToUnix, "/mnt/c/Users/you"},
		{"/mnt/c/Users/me", `\Windows`, ToUnix, "/mnt/c/Windows"},
		{"/home/me", `go\src`, ToUnix, "go/src"},
		{"/mnt/c/Users/me", "go/src", ToWin, `go\src`},
		{"/mnt/c/Users/me", "go/src", ToMixed, "go/src"},
		{"/mnt/c/Users/me", "../you", ToWin, `C:\Users\you`},
		{"/home/me", "go", ToWin, "go"},
		{"/home/me", "/mnt/c/x", ToMixed, "C:/x"},
		{"/home/me", `C:\x`, ToUnix, "/mnt/c/x"},
	}
	for _, tc := range cases {
		got, err := Translate(mounts, conf, Request{Mode: tc.mode, Path: tc.path, Distro: distro, Cwd: tc.cwd})
		if err != nil || got != tc.want {
			t.Errorf("Translate(cwd %s, %q, -%c) = %q, %v; want %q", tc.cwd, tc.path, tc.mode, got, err, tc.want)
		}
	}
	if got, err := Translate(mounts, conf, Request{Mode: ToUnix, Path: `go\src`, Distro: distro, Cwd: "/mnt/c/Users/me", Absolute: true}); err != nil || got != "/mnt/c/Users/me/go/src" {
		t.Errorf("-a go\\src = %q, %v", got, err)
	}
	if got, err := Translate(mounts, conf, Request{Mode: ToWin, Path: "go", Distro: distro, Cwd: "/mnt/c/Users/me", Absolute: true}); err != nil || got != `C:\Users\me\go` {
		t.Errorf("-a -w go = %q, %v", got, err)
	}
	if _, err := Translate(mounts, conf, Request{Mode: ToUnix, Path: `\x`, Distro: distro, Cwd: "/home/me"}); !errors.Is(err, ErrNoTranslation) {
		t.Errorf(`\x from a Linux cwd: %v; want no translation (no drive)`, err)
	}
}

// On every fixture, each drive or share path translates to Linux and back
// to itself, and each Linux path below a drive mount to Windows and back.
func TestRoundTripOnFixtures(t *testing.T) {
	checked := 0
	for _, name := range roots.WSLFixtureNames() {
		mounts, conf := load(t, roots.WSLFixtures[name]())
		for _, m := range mounts {
			if !m.NTFS || m.WindowsPath == "" || fsutil.Within(m.MountPoint, virtiofsMountDir) {
				continue
			}
			win := strings.TrimSuffix(m.WindowsPath, `\`) + `\go\src\My Mod\x.go`
			linux, err := ToLinux(mounts, conf, distro, win)
			if err != nil {
				t.Errorf("%s: ToLinux(%q): %v", name, win, err)
				continue
			}
			if linux != m.MountPoint+"/go/src/My Mod/x.go" {
				t.Errorf("%s: ToLinux(%q) = %q, want it under %s", name, win, linux, m.MountPoint)
			}
			back, err := ToWindows(mounts, distro, linux, false)
			if err != nil || back != win {
				t.Errorf("%s: ToWindows(%q) = %q, %v; want %q", name, linux, back, err, win)
			}
			checked++
		}
	}
	if checked < len(roots.WSLFixtureNames()) {
		t.Errorf("only %d drive mounts across %d fixtures", checked, len(roots.WSLFixtureNames()))
	}
}
