package shellrc

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/sudouser"
)

// sudoUser creates a throwaway user with a home and returns the Host that
// `sudo devboot` run by that user would have. The user is removed after.
func sudoUser(t *testing.T) (*host.Host, *user.User) {
	t.Helper()
	u := sudouser.New(t, "dbt", "/bin/bash")
	name, home := u.Username, u.HomeDir
	h := host.New("/", []string{"HOME=/root", "PATH=/usr/local/go/bin:" + basePATH, "SUDO_USER=" + name, "SUDO_UID=" + u.Uid, "SUDO_GID=" + u.Gid,
		"XDG_CONFIG_HOME=/root/.config"})
	if err := h.ResolveUser(""); err != nil {
		t.Fatal(err)
	}
	if !h.User.Sudo || h.User.Home != home {
		t.Fatalf("not resolved as the sudo user: %+v", h.User)
	}
	return h, u
}

// TestSudoInstallOwnership: run as root for SUDO_USER, every file and
// directory devboot creates in the user's home belongs to the user, and an
// existing file keeps its owner.
func TestSudoInstallOwnership(t *testing.T) {
	h, u := sudoUser(t)
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	home := h.User.Home
	os.RemoveAll(filepath.Join(home, ".bashrc")) // created fresh by devboot
	e, err := goenv.Resolve(h, map[string]string{"GOPROXY": "off"})
	if err != nil {
		t.Fatal(err)
	}
	steps, err := InstallSteps(h, e)
	if err != nil {
		t.Fatal(err)
	}
	// The journal lives in the user's data dir, as with the real CLI.
	r := &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "up"}
	if _, err := r.Run(context.Background(), append(e.SettingSteps(), steps...)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".bashrc", ".profile", ".config/environment.d/50-devboot.conf", ".config/fish/conf.d/devboot.fish", ".config/go/env"} {
		if _, err := os.Stat(filepath.Join(home, p)); err != nil {
			t.Errorf("%s was not written: %v", p, err)
		}
	}
	filepath.WalkDir(home, func(p string, d fs.DirEntry, err error) error {
		fi, _ := os.Lstat(p)
		st := fi.Sys().(*syscall.Stat_t)
		if int(st.Uid) != uid || int(st.Gid) != gid {
			t.Errorf("%s is owned by %d:%d, want the sudo user %d:%d", p, st.Uid, st.Gid, uid, gid)
		}
		return nil
	})
	// The user's own shell, run as the user, reads it.
	out, err := exec.Command("runuser", "-u", u.Username, "--", "env", "-i", "HOME="+home, "bash", "-lc", "echo $GOBIN; go env GOPROXY").CombinedOutput()
	if err != nil || string(out) != filepath.Join(home, "go", "bin")+"\noff\n" {
		t.Fatalf("as the user: %v %q", err, out)
	}
}
