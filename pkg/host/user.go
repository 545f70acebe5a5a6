package host

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// ResolveUser decides whose environment devboot configures. An explicit home
// wins; under sudo (running as root with SUDO_USER set) it is the invoking
// user, so files devboot creates do not end up owned by root in their home.
func (h *Host) ResolveUser(explicitHome string) error {
	u := User{UID: os.Getuid(), GID: os.Getgid()}
	if cur, err := user.Current(); err == nil {
		u.Name, u.Home = cur.Username, cur.HomeDir
	}
	if sudoUser := h.Getenv("SUDO_USER"); sudoUser != "" && os.Geteuid() == 0 && sudoUser != "root" {
		su, err := user.Lookup(sudoUser)
		if err != nil {
			return fmt.Errorf("running under sudo for %q, but that user is unknown here: %w (pass --home DIR)", sudoUser, err)
		}
		u.Name, u.Home, u.Sudo = su.Username, su.HomeDir, true
		u.UID, _ = strconv.Atoi(su.Uid)
		u.GID, _ = strconv.Atoi(su.Gid)
		if id, err := strconv.Atoi(h.Getenv("SUDO_UID")); err == nil {
			u.UID = id
		}
		if id, err := strconv.Atoi(h.Getenv("SUDO_GID")); err == nil {
			u.GID = id
		}
	} else if home := h.Getenv("HOME"); home != "" {
		u.Home = home
	}
	if explicitHome != "" {
		u.Home = explicitHome
	}
	if u.Home == "" {
		return fmt.Errorf("cannot tell the user's home: set HOME or pass --home DIR")
	}
	abs, err := filepath.Abs(u.Home)
	if err != nil {
		return err
	}
	u.Home = abs
	h.User = u
	return nil
}

// xdg returns $env (when set and absolute, per the XDG spec) or home/fallback.
func (h *Host) xdg(env, fallback string) string {
	if v := h.Getenv(env); filepath.IsAbs(v) && !h.User.Sudo {
		return v
	}
	return filepath.Join(h.User.Home, fallback)
}

// DataDir is devboot's data directory: toolchains, current, journal.json.
func (h *Host) DataDir() string {
	return filepath.Join(h.xdg("XDG_DATA_HOME", ".local/share"), "devboot")
}

// CacheDir is where downloads are cached.
func (h *Host) CacheDir() string { return filepath.Join(h.xdg("XDG_CACHE_HOME", ".cache"), "devboot") }

// ConfigHome is $XDG_CONFIG_HOME or ~/.config.
func (h *Host) ConfigHome() string { return h.xdg("XDG_CONFIG_HOME", ".config") }

// Chown gives a path devboot created in the user's home to that user when
// devboot runs as root on their behalf. Elsewhere it does nothing.
func (h *Host) Chown(path string) error {
	if !h.User.Sudo {
		return nil
	}
	return os.Lchown(path, h.User.UID, h.User.GID)
}
