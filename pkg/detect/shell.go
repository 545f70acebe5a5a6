package detect

import (
	"path"
	"strconv"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// passwdShell is the login shell of h.User in /etc/passwd ("" if absent).
// The entry is matched by name, else by UID.
func passwdShell(h *host.Host, warn func(string, ...any)) string {
	b, err := h.ReadFile("/etc/passwd")
	if err != nil {
		return ""
	}
	uid := strconv.Itoa(h.User.UID)
	byUID := ""
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ":")
		if len(f) != 7 {
			continue
		}
		if h.User.Name != "" && f[0] == h.User.Name {
			return f[6]
		}
		if f[2] == uid && byUID == "" {
			byUID = f[6]
		}
	}
	return byUID
}

// loginShell picks the user's login shell. Under sudo $SHELL is root's (or
// whatever sudo kept), so /etc/passwd speaks for the user; otherwise $SHELL
// is what the user chose to run, and passwd is the fallback.
func loginShell(f Facts) (name, p string) {
	candidates := []string{f.ShellEnv, f.ShellPasswd}
	if f.Sudo {
		candidates = []string{f.ShellPasswd, f.ShellEnv}
	}
	for _, c := range candidates {
		if c = strings.TrimSpace(c); strings.HasPrefix(c, "/") && !strings.HasSuffix(c, "/nologin") && !strings.HasSuffix(c, "/false") {
			return path.Base(c), c
		}
	}
	return Unknown, ""
}
