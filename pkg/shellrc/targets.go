package shellrc

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Target is one startup file devboot writes its block into.
type Target struct {
	Path  string `json:"path"`
	Shell string `json:"shell"` // the syntax: sh, bash, zsh, fish or environment.d
	// Owned files belong to devboot entirely: uninstall deletes them.
	Owned bool `json:"owned"`
	// ReadBy says which shells, in which modes, read the file.
	ReadBy string `json:"read_by"`
}

// Targets lists the files each shell really reads, for h's user:
//
//   - ~/.profile: login sh/dash/ksh, display managers, and bash login when
//     it has no ~/.bash_profile or ~/.bash_login.
//   - ~/.bash_profile or ~/.bash_login, when one exists: bash login reads
//     the first of those INSTEAD of ~/.profile.
//   - ~/.bashrc: interactive non-login bash. `bash -c` (non-interactive,
//     BASH_ENV unset) reads no file at all: it inherits the environment of
//     the session that started it, which the files above and environment.d
//     set. devboot does not set BASH_ENV, which would make every bash
//     script source startup files.
//   - $ZDOTDIR/.zshenv (ZDOTDIR defaults to ~): read by every zsh, login or
//     not, interactive or not, so it also covers `zsh -c`. Plus .zprofile
//     when the system's zprofile may reset PATH after .zshenv (distros
//     whose /etc/zprofile sources /etc/profile), or the user has one.
//   - fish: <config>/fish/conf.d/devboot.fish, a whole file devboot owns.
//   - systemd user sessions: <config>/environment.d/50-devboot.conf.
//
// zsh and fish files are written only when that shell is installed or
// already configured, environment.d only on systemd machines.
func Targets(h *host.Host) []Target {
	home := h.User.Home
	var ts []Target
	add := func(path, shell, readBy string, owned bool) {
		ts = append(ts, Target{Path: path, Shell: shell, ReadBy: readBy, Owned: owned})
	}
	add(filepath.Join(home, ".profile"), "sh", "login sh/dash, display managers"+bashLoginNote(h), false)
	if f := bashLoginFile(h); f != "" {
		add(f, "bash", "login bash (it skips ~/.profile when this file exists)", false)
	}
	add(filepath.Join(home, ".bashrc"), "bash", "interactive non-login bash", false)
	if zshWanted(h) {
		dir := zdotdir(h)
		add(filepath.Join(dir, ".zshenv"), "zsh", "every zsh (login, interactive, zsh -c)", false)
		if userFile(h, filepath.Join(dir, ".zprofile")) || systemZprofileActive(h) {
			add(filepath.Join(dir, ".zprofile"), "zsh", "login zsh, after the system zprofile", false)
		}
	}
	if installed(h, "fish") || h.Exists(filepath.Join(h.ConfigHome(), "fish")) {
		add(filepath.Join(h.ConfigHome(), "fish", "conf.d", "devboot.fish"), "fish", "every fish", true)
	}
	if h.Exists("/usr/lib/systemd") || h.Exists("/lib/systemd") {
		add(filepath.Join(h.ConfigHome(), "environment.d", "50-devboot.conf"), "environment.d", "systemd user services and graphical sessions", true)
	}
	return ts
}

// bashLoginFile is the file bash login reads instead of ~/.profile.
func bashLoginFile(h *host.Host) string {
	for _, name := range []string{".bash_profile", ".bash_login"} {
		if p := filepath.Join(h.User.Home, name); userFile(h, p) {
			return p
		}
	}
	return ""
}

func bashLoginNote(h *host.Host) string {
	if bashLoginFile(h) != "" {
		return ""
	}
	return ", login bash"
}

// userFile reports whether a file in the user's home exists (real path:
// the home is where devboot writes, not a probe of the --root fixture).
func userFile(h *host.Host, p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func zdotdir(h *host.Host) string {
	if d := h.Getenv("ZDOTDIR"); filepath.IsAbs(d) && !h.User.Sudo {
		return d
	}
	return h.User.Home
}

func zshWanted(h *host.Host) bool {
	if installed(h, "zsh") {
		return true
	}
	for _, f := range []string{".zshenv", ".zshrc", ".zprofile"} {
		if userFile(h, filepath.Join(zdotdir(h), f)) {
			return true
		}
	}
	return false
}

// systemZprofileActive reports whether the system's zprofile has commands
// (Debian ships it empty; others source /etc/profile, resetting PATH).
func systemZprofileActive(h *host.Host) bool {
	for _, p := range []string{"/etc/zsh/zprofile", "/etc/zprofile"} {
		data, err := h.ReadFile(p)
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				return true
			}
		}
	}
	return false
}

func installed(h *host.Host, name string) bool {
	for _, dir := range []string{"/usr/bin", "/bin", "/usr/local/bin"} {
		if h.Exists(filepath.Join(dir, name)) {
			return true
		}
	}
	return false
}

// allTargets is Targets plus every other file an earlier install may have
// written (a shell since removed, a .bash_profile since deleted...), for
// uninstall and status.
func allTargets(h *host.Host) []Target {
	ts := Targets(h)
	seen := map[string]bool{}
	for _, t := range ts {
		seen[t.Path] = true
	}
	extra := []Target{
		{Path: filepath.Join(h.User.Home, ".bash_profile"), Shell: "bash", ReadBy: "login bash"},
		{Path: filepath.Join(h.User.Home, ".bash_login"), Shell: "bash", ReadBy: "login bash"},
		{Path: filepath.Join(zdotdir(h), ".zshenv"), Shell: "zsh", ReadBy: "every zsh"},
		{Path: filepath.Join(zdotdir(h), ".zprofile"), Shell: "zsh", ReadBy: "login zsh"},
		{Path: filepath.Join(h.ConfigHome(), "fish", "conf.d", "devboot.fish"), Shell: "fish", ReadBy: "every fish", Owned: true},
		{Path: filepath.Join(h.ConfigHome(), "environment.d", "50-devboot.conf"), Shell: "environment.d", ReadBy: "systemd user sessions", Owned: true},
	}
	for _, t := range extra {
		if !seen[t.Path] {
			seen[t.Path] = true
			ts = append(ts, t)
		}
	}
	return ts
}
