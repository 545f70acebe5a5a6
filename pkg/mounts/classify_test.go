package mounts

import (
	"strings"
	"testing"
)

func TestClassifyTarget(t *testing.T) {
	for _, tc := range []struct {
		target, root string
		want         Form
		win          string
	}{
		{`C:\Users\me\go`, "/mnt/", FormWindows, ""},
		{`c:/Users/me`, "/mnt/", FormWindows, ""},
		{`D:`, "/mnt/", FormWindows, ""},
		{`\\wsl$\Ubuntu\home`, "/mnt/", FormWindows, ""},
		{`\\wsl.localhost\Ubuntu\home`, "/mnt/", FormWindows, ""},
		{`\\?\C:\x`, "/mnt/", FormWindows, ""},
		{`\\server\share\x`, "", FormWindows, ""},
		{"/mnt/c/Users/me/go/src", "/mnt/", FormDrive, `C:\Users\me\go\src`},
		{"/mnt/c", "/mnt/", FormDrive, `C:\`},
		{"/mnt/c/", "/mnt", FormDrive, `C:\`},
		{"/c/x", "/", FormDrive, `C:\x`},
		{"/mnt/wsl/x", "/mnt/", FormAbsolute, ""},
		{"/mnt/cd/x", "/mnt/", FormAbsolute, ""},
		{"/mnt/c/x", "", FormAbsolute, ""},
		{"/usr/lib", "/", FormAbsolute, ""},
		{"../x", "/mnt/", FormRelative, ""},
		{"C:x", "/mnt/", FormRelative, ""}, // drive-relative on Windows, a plain name on Linux
		{"x", "/mnt/", FormRelative, ""},
	} {
		if got := ClassifyTarget(tc.target, tc.root); got != tc.want {
			t.Errorf("ClassifyTarget(%q, %q) = %s, want %s", tc.target, tc.root, got, tc.want)
		}
		win, ok := DriveToWindows(tc.target, tc.root)
		if ok != (tc.want == FormDrive) || win != tc.win {
			t.Errorf("DriveToWindows(%q, %q) = %q %v, want %q", tc.target, tc.root, win, ok, tc.win)
		}
	}
}

func FuzzClassifyTarget(f *testing.F) {
	for _, s := range []string{`C:\x`, "/mnt/c/x", `\\wsl$\U\x`, "../x", "/c", "", "/mnt/", "c:"} {
		f.Add(s, "/mnt/")
		f.Add(s, "/")
	}
	f.Fuzz(func(t *testing.T, target, root string) {
		form := ClassifyTarget(target, root)
		win, ok := DriveToWindows(target, root)
		if ok != (form == FormDrive) {
			t.Fatalf("%q under %q: form %s but DriveToWindows ok=%v", target, root, form, ok)
		}
		switch form {
		case FormDrive:
			// The Windows path it stands for is itself a Windows path.
			if ClassifyTarget(win, root) != FormWindows || strings.Contains(win, "/") {
				t.Fatalf("%q → %q is not a clean Windows path", target, win)
			}
		case FormRelative:
			if strings.HasPrefix(target, "/") || strings.HasPrefix(target, `\\`) {
				t.Fatalf("%q called relative", target)
			}
		case FormAbsolute:
			if !strings.HasPrefix(target, "/") {
				t.Fatalf("%q called absolute", target)
			}
		}
	})
}
