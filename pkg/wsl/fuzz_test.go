package wsl

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/devboot/devboot/testenv/roots"
)

func FuzzParseMountInfo(f *testing.F) {
	for _, name := range roots.WSLFixtureNames() {
		f.Add(roots.WSLFixtures[name]()["/proc/self/mountinfo"])
	}
	f.Add(dockerHostLine)
	f.Add("1 0 8:1 / / rw - ext4 /dev/sdc rw\n2 1 0:2 /\\040x /a\\134b rw - 9p C:\\134 aname=drvfs;path=UNC\\s\\h\n")
	f.Fuzz(func(t *testing.T, table string) {
		mounts, _ := ParseMountInfo(strings.NewReader(table))
		lines := 0
		for _, l := range strings.Split(table, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if len(mounts) > lines {
			t.Fatalf("%d mounts from %d lines", len(mounts), lines)
		}
		for _, m := range mounts {
			if !strings.HasPrefix(m.MountPoint, "/") {
				t.Fatalf("mount point %q is not absolute", m.MountPoint)
			}
			// The super options are the raw end of some line.
			if !strings.Contains(table, m.SuperOptions) {
				t.Fatalf("super options %q are not in the input", m.SuperOptions)
			}
			if m.WindowsPath != "" && !m.NTFS {
				t.Fatalf("Windows path %q on a non-NTFS mount", m.WindowsPath)
			}
			if got := MountFor(mounts, m.MountPoint); got == nil {
				t.Fatalf("MountFor(%q) found nothing", m.MountPoint)
			}
			// Translation over any parsed table must not panic.
			_, _ = ToWindows(mounts, "Ubuntu", m.MountPoint+"/x", false)
			_, _ = ToWindows(mounts, "Ubuntu", m.MountPoint, true)
			if m.WindowsPath != "" {
				_, _ = ToLinux(mounts, DefaultConf(), "Ubuntu", m.WindowsPath+`\x`)
			}
		}
	})
}

// fuzzMounts is a table with every kind of drive mount ToLinux must handle.
func fuzzMounts(t testing.TB) []Mount {
	table := strings.Join([]string{
		`1 0 8:1 / / rw - ext4 /dev/sdc rw`,
		`2 1 0:50 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;symlinkroot=/mnt/,mmap,trans=fd,rfd=5,wfd=5`,
		`3 1 0:51 / /mnt/d rw,noatime - 9p drvfs rw,aname=drvfs;path=D:\;symlinkroot=/mnt/,trans=virtio`,
		`4 1 0:52 / /home/me/box rw - 9p C:\134Users\134me\134Box rw,aname=drvfs;path=C:\Users\me\Box;symlinkroot=/mnt/,trans=fd,rfd=6,wfd=6`,
		`5 1 0:53 / /mnt/share rw - 9p \134\134srv\134share rw,aname=drvfs;path=UNC\srv\share;symlinkroot=/mnt/,trans=fd,rfd=7,wfd=7`,
	}, "\n")
	mounts, err := ParseMountInfo(strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	return mounts
}

func FuzzToLinux(f *testing.F) {
	for _, s := range []string{`C:\Users\me`, `c:/x/../y`, `\\?\C:\x`, `\\wsl.localhost\Ubuntu\home`, `\\wsl$\ubuntu`, `D:\`, `\\srv\share\x`, `C:\Users\me\Box\a\`, `Z:\q`, `C:`, `\\?\UNC\srv\share`, `C:\a` + "\uf03a"} {
		f.Add(s)
	}
	mounts := fuzzMounts(f)
	conf := DefaultConf()
	f.Fuzz(func(t *testing.T, win string) {
		linux, err := ToLinux(mounts, conf, "Ubuntu", win)
		if err != nil {
			return
		}
		if !strings.HasPrefix(linux, "/") {
			t.Fatalf("ToLinux(%q) = %q, not absolute", win, linux)
		}
		back, err := ToWindows(mounts, "Ubuntu", linux, false)
		if err != nil {
			t.Fatalf("ToWindows(ToLinux(%q) = %q): %v", win, linux, err)
		}
		// Round trip: a drive or share path with no character that WSL
		// escapes comes back in canonical form (the mount's spelling of the
		// prefix, backslashes, . and .. collapsed).
		canon, _ := canonicalWindows(win)
		if !utf8.ValidString(win) || strings.ContainsAny(canon[2:], `"*:<>?|`) || strings.ContainsAny(canon, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\xef") {
			return
		}
		if hasPrefixFold(canon, uncLocalhost) || hasPrefixFold(canon, uncCompat) {
			return // distribution shares come back as \\wsl.localhost\<distro>
		}
		m, n := windowsMount(mounts, canon)
		if m == nil {
			t.Fatalf("%q translated without a mount", win)
		}
		want := strings.TrimSuffix(m.WindowsPath, `\`) + canon[n:]
		if want == strings.TrimSuffix(m.WindowsPath, `\`) && len(want) == 2 {
			want += `\`
		}
		if back != want {
			t.Fatalf("round trip %q → %q → %q, want %q", win, linux, back, want)
		}
	})
}

func FuzzToWindows(f *testing.F) {
	for _, s := range []string{"/mnt/c/x", "/home/me", "/", "/mnt/c/a:b", "/mnt/share/x/", "/../x", "/home/me/box/.."} {
		f.Add(s)
	}
	mounts := fuzzMounts(f)
	f.Fuzz(func(t *testing.T, linux string) {
		win, err := ToWindows(mounts, "Ubuntu", linux, false)
		if err != nil {
			return
		}
		// Every Linux path has a Windows form, and it leads back to the same
		// place (wslpath's own round trip through the escape mapping).
		back, err := ToLinux(mounts, DefaultConf(), "Ubuntu", win)
		if err != nil {
			t.Fatalf("ToLinux(ToWindows(%q) = %q): %v", linux, win, err)
		}
		// A name holding WSL's escape characters themselves (U+F000-F07F,
		// lead byte 0xEF) reads back unescaped, in wslpath too.
		clean, _ := collapse(linux, '/')
		if strings.HasPrefix(win, `\\wsl.localhost\`) && !strings.Contains(linux, "\xef") && back != clean {
			t.Fatalf("round trip %q → %q → %q, want %q", linux, win, back, clean)
		}
	})
}
