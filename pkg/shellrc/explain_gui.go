package shellrc

import (
	"context"
	"os"

	"github.com/devboot/devboot/pkg/host"
)

// environmentGenerator is systemd's user environment generator, "" when
// systemd is not installed.
func environmentGenerator() string {
	for _, p := range []string{"/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator", "/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// displayManagers are the session scripts that source ~/.profile.
var displayManagers = map[string]string{
	"/etc/gdm3/Xsession":               "GDM (X11 sessions source /etc/profile and ~/.profile; Wayland sessions go through $SHELL -l)",
	"/etc/lightdm/lightdm.conf":        "LightDM (its session wrapper sources /etc/profile and ~/.profile)",
	"/usr/share/sddm/scripts/Xsession": "SDDM (its Xsession sources the login files of the user's shell)",
}

// guiReport traces a graphical login: the systemd session environment,
// then /bin/sh sourcing /etc/profile and ~/.profile as display managers'
// session scripts do. Real display managers differ in details; the notes
// say which ones are installed. specs are Explain's modeSpecs(h).
func guiReport(ctx context.Context, h *host.Host, specs []modeSpec, reports []ModeReport) *ModeReport {
	var login modeSpec
	for _, s := range specs {
		if s.shell == "sh" && s.mode == "login" {
			login = s
		}
	}
	if login.bin == "" {
		return nil
	}
	session := map[string]string{"PATH": systemdUserPATH}
	var sessionFiles []FileRead
	for _, r := range reports {
		if r.Shell == "systemd" && r.Error == "" {
			session, sessionFiles = r.env, r.Files
		}
	}
	r := login.runWith(ctx, h, session)
	r.Shell, r.Mode, r.Rule = "gui", "session", ruleGUI
	r.Files = append(append([]FileRead{}, sessionFiles...), r.Files...)
	found := false
	for p, what := range displayManagers {
		if _, err := os.Stat(p); err == nil {
			r.Notes = append(r.Notes, "installed: "+what)
			found = true
		}
	}
	if !found {
		r.Notes = append(r.Notes, "no display manager is installed here: this is what GDM and LightDM would do")
	}
	return &r
}
