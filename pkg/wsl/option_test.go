package wsl

import "testing"

func TestHasOption(t *testing.T) {
	m := &Mount{Options: "rw,nosuid,noexec,relatime"}
	for o, want := range map[string]bool{"noexec": true, "rw": true, "relatime": true, "exec": false, "ro": false, "": false, "nosuid,noexec": false} {
		if got := m.HasOption(o); got != want {
			t.Errorf("HasOption(%q) = %v, want %v", o, got, want)
		}
	}
}
