package modproxy

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Under sudo the download cache proxy fill creates in the user's home is
// the user's, as toolchain install leaves it: a root-owned ~/.cache/devboot
// would make the user's own later installs fail.
func TestFillUnderSudoLeavesCacheDirToUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files to another user")
	}
	h := testHost(t)
	h.User.Sudo, h.User.UID, h.User.GID = true, 4242, 4242
	app := t.TempDir()
	write(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	_, _, cleanup, err := Plan(context.Background(), h, t.TempDir(), Options{Module: app, Env: goEnv(t, "GOPROXY=off")})
	defer cleanup()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Dir(h.CacheDir()), h.CacheDir()} {
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 4242 || st.Gid != 4242 {
			t.Errorf("%s is owned by %d:%d, want the sudo user 4242:4242", dir, st.Uid, st.Gid)
		}
	}
}
