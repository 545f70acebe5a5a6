package toolchain

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/goserver"
	"github.com/devboot/devboot/testenv/sudouser"
)

// sudoHost creates a throwaway user with a home and returns the Host that
// `sudo devboot` run by that user would have. The user is removed after.
func sudoHost(t *testing.T) *host.Host {
	t.Helper()
	u := sudouser.New(t, "dbtc", "/bin/sh")
	name, home := u.Username, u.HomeDir
	h := host.New("/", []string{"HOME=/root", "PATH=/usr/bin:/bin", "SUDO_USER=" + name, "SUDO_UID=" + u.Uid, "SUDO_GID=" + u.Gid})
	if err := h.ResolveUser(""); err != nil {
		t.Fatal(err)
	}
	if !h.User.Sudo || h.User.Home != home {
		t.Fatalf("not resolved as the sudo user: %+v", h.User)
	}
	return h
}

// TestSudoInstallOwnership: run as root for SUDO_USER, installs from the
// download index (streamed) and from a GOPROXY checked against a checksum
// database, then a switch, leave nothing in the user's home that is not
// theirs: toolchains, metadata, lock files, the download cache, sumdb state
// and every directory made for them.
func TestSudoInstallOwnership(t *testing.T) {
	h := sudoHost(t)
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4", "1.23.0"}})
	ctx := context.Background()
	dl, err := NewSource(h, SourceOptions{DLURL: srv.DLURL, Fetch: fastFetch()})
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := NewSource(h, SourceOptions{GOPROXY: srv.GOPROXY, GOSUMDB: srv.GOSUMDB})
	if err != nil {
		t.Fatal(err)
	}
	for v, src := range map[string]Source{"go1.22.4": dl, "go1.23.0": proxy} {
		steps, err := PlanInstall(ctx, h, src, v, HostPlatform(), fastFetch())
		if err != nil {
			t.Fatal(err)
		}
		run(t, h, append(steps, PlanUse(h, v)...))
	}
	l := LayoutOf(h)
	for _, p := range []string{l.LockPath("go1.22.4"), l.meta("go1.23.0"), filepath.Join(l.Cache, goserver.Filename("go1.22.4", "linux", HostPlatform().Arch)), filepath.Join(filepath.Dir(l.Cache), "sumdb")} {
		if _, err := os.Lstat(p); err != nil {
			t.Fatalf("the test expects %s to exist: %v", p, err)
		}
	}
	n := 0
	err = filepath.WalkDir(h.User.Home, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		if int(st.Uid) != h.User.UID || int(st.Gid) != h.User.GID {
			t.Errorf("%s is owned by %d:%d, not the user %d:%d", p, st.Uid, st.Gid, h.User.UID, h.User.GID)
			if n++; n > 20 {
				return fs.SkipAll
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
