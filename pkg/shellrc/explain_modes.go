package shellrc

import (
	"path/filepath"

	"github.com/devboot/devboot/pkg/host"
)

// sshdPATH is the PATH Debian's sshd gives a session (its compiled-in
// default; pam_env may add /etc/environment's).
const sshdPATH = "/usr/local/bin:/usr/bin:/bin:/usr/games"

// systemdUserPATH is the PATH systemd's user manager starts with (its
// compiled-in default) before environment.d applies.
const systemdUserPATH = "/usr/local/bin:/usr/bin:/bin"

// The documented rules, shown beside what the traced runs found.
const (
	ruleBashLogin       = "login bash (bash -l, console/ssh login): /etc/profile, then the FIRST of ~/.bash_profile, ~/.bash_login, ~/.profile that exists (the others are skipped); ~/.bash_logout at exit"
	ruleBashInteractive = "interactive non-login bash (a terminal window): /etc/bash.bashrc (Debian), then ~/.bashrc"
	ruleBashNonInter    = "bash -c / scripts: no startup file, only $BASH_ENV when set; PATH is inherited"
	ruleBashSSH         = "command over ssh (ssh host cmd): sshd runs bash -c; Debian's bash then reads /etc/bash.bashrc and ~/.bashrc because SSH_CLIENT is set (SHLVL < 2), though Debian's ~/.bashrc returns early when not interactive"
	ruleShLogin         = "login sh/dash: /etc/profile, then ~/.profile; interactive ones then read $ENV"
	ruleShInteractive   = "interactive non-login sh/dash: only $ENV"
	ruleShNonInter      = "sh -c / scripts: no startup file; PATH is inherited"
	ruleZsh             = "every zsh: /etc/zsh/zshenv, $ZDOTDIR/.zshenv; login adds /etc/zsh/zprofile, $ZDOTDIR/.zprofile; interactive adds /etc/zsh/zshrc, $ZDOTDIR/.zshrc; login then /etc/zsh/zlogin, $ZDOTDIR/.zlogin (ZDOTDIR defaults to ~)"
	ruleFish            = "every fish, in every mode: conf.d/*.fish (user, then /etc/fish, then vendor dirs; a user file shadows one of the same name), /etc/fish/config.fish, ~/.config/fish/config.fish; `status is-login`/`is-interactive` guards decide the rest"
	ruleSystemd         = "systemd user session (user services, and the graphical session on GNOME/KDE): environment.d files from ~/.config/environment.d, /etc/environment.d, /run/environment.d, /usr/local/lib/environment.d, /usr/lib/environment.d (by file name, later names override), applied by systemd's environment-d generator; no shell file is read"
	ruleGUI             = "graphical login: the display manager's session script (GDM's /etc/gdm3/Xsession, LightDM, SDDM) runs /bin/sh sourcing /etc/profile and ~/.profile on top of the systemd user environment; GNOME on Wayland instead starts gnome-session through the user's login shell ($SHELL -l)"
)

// modeSpec is one shell started one way.
type modeSpec struct {
	shell, mode, rule string
	bin               string
	flags             []string          // before -c
	env               map[string]string // on top of the user's base environment
	tracer            tracer
	// ruleFiles, for tracers that cannot name files, lists what the shell
	// reads by its own rules (given the final $ENV/$BASH_ENV it printed).
	ruleFiles func(h *host.Host, printedEnv string) []string
}

// modeSpecs lists every installed shell in every mode, plus systemd.
func modeSpecs(h *host.Host) []modeSpec {
	var specs []modeSpec
	home := h.User.Home
	if bin := shellBinary("bash"); bin != "" {
		login := func(*host.Host, string) []string {
			files := []string{"/etc/profile"}
			for _, n := range []string{".bash_profile", ".bash_login", ".profile"} {
				if p := filepath.Join(home, n); readable(p) {
					return append(files, p)
				}
			}
			return files
		}
		rc := func(*host.Host, string) []string { return []string{"/etc/bash.bashrc", filepath.Join(home, ".bashrc")} }
		benv := func(_ *host.Host, v string) []string { return nonEmpty(v) }
		specs = append(specs,
			modeSpec{shell: "bash", mode: "login", rule: ruleBashLogin, flags: []string{"-l"}, ruleFiles: login},
			modeSpec{shell: "bash", mode: "interactive-login", rule: ruleBashLogin, flags: []string{"-l", "-i"}, ruleFiles: login},
			modeSpec{shell: "bash", mode: "interactive", rule: ruleBashInteractive, flags: []string{"-i"}, ruleFiles: rc},
			modeSpec{shell: "bash", mode: "non-interactive", rule: ruleBashNonInter, ruleFiles: benv},
			modeSpec{shell: "bash", mode: "ssh", rule: ruleBashSSH, env: sshEnv(), ruleFiles: rc},
		)
		for i := len(specs) - 5; i < len(specs); i++ {
			specs[i].bin, specs[i].tracer = bin, bashTracer{}
		}
	}
	if bin := shellBinary("zsh"); bin != "" {
		for _, m := range []struct {
			mode  string
			flags []string
			env   map[string]string
		}{{"login", []string{"-l"}, nil}, {"interactive-login", []string{"-l", "-i"}, nil}, {"interactive", []string{"-i"}, nil}, {"non-interactive", nil, nil}, {"ssh", nil, sshEnv()}} {
			specs = append(specs, modeSpec{shell: "zsh", mode: m.mode, rule: ruleZsh, bin: bin, flags: m.flags, env: m.env, tracer: zshTracer{}})
		}
	}
	if bin := shellBinary("fish"); bin != "" {
		for _, m := range []struct {
			mode  string
			flags []string
			env   map[string]string
		}{{"login", []string{"-l"}, nil}, {"interactive", []string{"-i"}, nil}, {"non-interactive", nil, nil}, {"ssh", nil, sshEnv()}} {
			specs = append(specs, modeSpec{shell: "fish", mode: m.mode, rule: ruleFish, bin: bin, flags: m.flags, env: m.env, tracer: fishTracer{}})
		}
	}
	if bin := shellBinary("sh"); bin != "" {
		profile := func(_ *host.Host, env string) []string {
			return append([]string{"/etc/profile", filepath.Join(home, ".profile")}, nonEmpty(env)...)
		}
		loginOnly := func(*host.Host, string) []string { return []string{"/etc/profile", filepath.Join(home, ".profile")} }
		envOnly := func(_ *host.Host, env string) []string { return nonEmpty(env) }
		none := func(*host.Host, string) []string { return nil }
		specs = append(specs,
			modeSpec{shell: "sh", mode: "login", rule: ruleShLogin, bin: bin, flags: []string{"-l"}, tracer: shTracer{}, ruleFiles: loginOnly},
			modeSpec{shell: "sh", mode: "interactive-login", rule: ruleShLogin, bin: bin, flags: []string{"-l", "-i"}, tracer: shTracer{}, ruleFiles: profile},
			modeSpec{shell: "sh", mode: "interactive", rule: ruleShInteractive, bin: bin, flags: []string{"-i"}, tracer: shTracer{}, ruleFiles: envOnly},
			modeSpec{shell: "sh", mode: "non-interactive", rule: ruleShNonInter, bin: bin, tracer: shTracer{}, ruleFiles: none},
			modeSpec{shell: "sh", mode: "ssh", rule: ruleShNonInter, bin: bin, env: sshEnv(), tracer: shTracer{}, ruleFiles: none},
		)
	}
	if gen := environmentGenerator(); gen != "" {
		specs = append(specs, modeSpec{shell: "systemd", mode: "session", rule: ruleSystemd, bin: gen, tracer: generatorTracer{}})
	}
	return specs
}

// sshEnv is what sshd adds for a command: SSH_CLIENT (which bash checks)
// and its own PATH; SHLVL is unset, as for a fresh session.
func sshEnv() map[string]string {
	return map[string]string{"SSH_CLIENT": "192.0.2.1 50000 22", "SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22", "PATH": sshdPATH, "SHLVL": ""}
}

func nonEmpty(p string) []string {
	if p == "" {
		return nil
	}
	return []string{p}
}

func readable(p string) bool {
	f, err := openRead(p)
	if err != nil {
		return false
	}
	f.Close()
	return true
}
