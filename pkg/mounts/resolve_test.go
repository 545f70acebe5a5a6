package mounts

import (
	"errors"
	"strings"
	"testing"
)

// fakeToLinux maps C: to /mnt/c and knows no other drive.
func fakeToLinux(win string) (string, error) {
	if rest, ok := cutWindowsPrefix(win, `C:\`); ok {
		return "/mnt/c/" + rest, nil
	}
	return "", errors.New("no mount for " + win)
}

func TestDecide(t *testing.T) {
	r := &resolver{dir: "/home/me/go", symlinkRoot: "/mnt/", origin: `C:\Users\me\go`, toLinux: fakeToLinux}
	for _, tc := range []struct {
		path, target, action, new string
	}{
		{"src/a/link", "/mnt/c/Users/me/go/src/b", ActionRewrite, "../b"},
		{"src/a/link", `C:\Users\ME\go\src\b`, ActionRewrite, "../b"},
		{"src/a/link", `c:/Users/me/go`, ActionRewrite, "../.."},
		{"link", "/mnt/c/Users/me/other", ActionKeep, ""}, // outside DIR, resolves as stored
		{"link", `C:\Users\me\other`, ActionRewrite, "/mnt/c/Users/me/other"},
		{"link", `D:\data`, ActionUnresolvable, ""},
		{"link", "/mnt/d/data", ActionUnresolvable, ""},
		{"link", "../outside", ActionKeep, ""},
		{"a/link", "../b", ActionKeep, ""},
		{"link", "/usr/share", ActionKeep, ""},
	} {
		f := r.decide(Link{Path: tc.path, Target: tc.target})
		if f.Action != tc.action || f.New != tc.new {
			t.Errorf("%s -> %s: got %s %q (%s), want %s %q", tc.path, tc.target, f.Action, f.New, f.Reason, tc.action, tc.new)
		}
	}
	if f := r.decide(Link{Path: "link", Target: "../outside"}); !strings.Contains(f.Reason, "outside") {
		t.Errorf("escaping relative link not reported: %+v", f)
	}
}
