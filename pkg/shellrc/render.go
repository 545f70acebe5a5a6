package shellrc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/goenv"
)

// Shells devboot renders for.
var Shells = []string{"sh", "bash", "zsh", "fish", "environment.d"}

// Render returns the environment e as shell (one of Shells) code: static
// text with every path quoted, safe to source any number of times (PATH
// only grows when devboot's directories are not already first).
func Render(e goenv.Env, shell string) (string, error) {
	for _, d := range e.PathPrepend {
		if strings.ContainsAny(d, ":\n\x00") {
			return "", fmt.Errorf("%q cannot go on PATH (it contains ':' or a newline): choose another GOPATH/GOBIN", d)
		}
	}
	for _, v := range []string{e.GOPATH, e.GOBIN, e.GOROOT} {
		if strings.ContainsAny(v, "\n\x00") {
			return "", fmt.Errorf("%q contains a newline: choose another GOPATH/GOBIN", v)
		}
	}
	switch shell {
	case "sh", "bash", "zsh":
		return renderPOSIX(e), nil
	case "fish":
		return renderFish(e), nil
	case "environment.d":
		return renderEnvironmentD(e), nil
	}
	return "", fmt.Errorf("unknown shell %q: use one of %s", shell, strings.Join(Shells, ", "))
}

// comment makes one comment line of s (no CR either: the block is
// written with "\n" line endings only, see ReplaceBlock).
func comment(s string) string {
	return "# " + strings.NewReplacer("\n", " ", "\r", " ").Replace(s) + "\n"
}

// shQuote quotes s for POSIX shells: single quotes, where each quote in s
// ends the quoting, is escaped with a backslash, and reopens it.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// writeVars writes GOPATH, GOBIN and GOROOT (or its unsetting, with the
// reason) in one shell's syntax.
func writeVars(b *strings.Builder, e goenv.Env, assign func(k, v string) string, unsetGOROOT string) {
	b.WriteString(assign("GOPATH", e.GOPATH))
	b.WriteString(assign("GOBIN", e.GOBIN))
	if e.GOROOT != "" {
		b.WriteString(comment("GOROOT must be set: " + e.GOROOTReason))
		b.WriteString(assign("GOROOT", e.GOROOT))
		return
	}
	b.WriteString(comment("GOROOT stays unset: " + e.GOROOTReason))
	b.WriteString(unsetGOROOT)
}

func renderPOSIX(e goenv.Env) string {
	var b strings.Builder
	writeVars(&b, e, func(k, v string) string { return "export " + k + "=" + shQuote(v) + "\n" }, "unset GOROOT\n")
	prefix := strings.Join(e.PathPrepend, ":")
	quoted := make([]string, len(e.PathPrepend))
	for i, d := range e.PathPrepend {
		quoted[i] = shQuote(d)
	}
	// When the directories are not already first, take them out of PATH
	// wherever they are and put them in front, so nested shells and login
	// chains (.profile sourcing .bashrc) never duplicate them.
	b.WriteString("# Put devboot's Go first on PATH, once.\n")
	b.WriteString(`case ":${PATH}:" in` + "\n")
	b.WriteString("  " + shQuote(":"+prefix+":") + "*) ;;\n")
	b.WriteString("  *)\n")
	b.WriteString(`    _devboot_p=":${PATH}:"` + "\n")
	b.WriteString("    for _devboot_d in " + strings.Join(quoted, " ") + "; do\n")
	b.WriteString(`      while case "$_devboot_p" in *":$_devboot_d:"*) true ;; *) false ;; esac; do` + "\n")
	b.WriteString(`        _devboot_p="${_devboot_p%%":$_devboot_d:"*}:${_devboot_p#*":$_devboot_d:"}"` + "\n")
	b.WriteString("      done\n")
	b.WriteString("    done\n")
	b.WriteString(`    _devboot_p="${_devboot_p#:}"; _devboot_p="${_devboot_p%:}"` + "\n")
	b.WriteString("    export PATH=" + shQuote(prefix) + `"${_devboot_p:+:${_devboot_p}}"` + "\n")
	b.WriteString("    unset _devboot_p _devboot_d ;;\n")
	b.WriteString("esac\n")
	return b.String()
}

// fishQuote quotes s for fish: single quotes, with \ and ' escaped.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func renderFish(e goenv.Env) string {
	var b strings.Builder
	writeVars(&b, e, func(k, v string) string { return "set -gx " + k + " " + fishQuote(v) + "\n" }, "set -e GOROOT\n")
	quoted := make([]string, len(e.PathPrepend))
	for i, d := range e.PathPrepend {
		quoted[i] = fishQuote(d)
	}
	// Not fish_add_path: it skips directories that do not exist yet (GOBIN
	// before the first go install).
	fmt.Fprintf(&b, "# Put devboot's Go first on PATH, once.\n")
	fmt.Fprintf(&b, "set -l devboot_path %s\n", strings.Join(quoted, " "))
	fmt.Fprintf(&b, "set -l devboot_head (string join : -- $PATH[1..%d])\n", len(quoted))
	fmt.Fprintf(&b, "if test \"$devboot_head\" != (string join : -- $devboot_path)\n")
	fmt.Fprintf(&b, "    for d in $devboot_path\n")
	fmt.Fprintf(&b, "        while set -l i (contains -i -- $d $PATH)\n")
	fmt.Fprintf(&b, "            set -e PATH[$i]\n")
	fmt.Fprintf(&b, "        end\n")
	fmt.Fprintf(&b, "    end\n")
	fmt.Fprintf(&b, "    set -gx PATH $devboot_path $PATH\n")
	fmt.Fprintf(&b, "end\n")
	return b.String()
}

// envdQuote quotes s for systemd's environment.d: inside double quotes
// backslash escapes \ " and `, and $ must be doubled because systemd
// expands $VAR after unquoting.
func envdQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", "$", "$$").Replace(s) + `"`
}

func renderEnvironmentD(e goenv.Env) string {
	var b strings.Builder
	// environment.d cannot unset; the session has no GOROOT unless another
	// file sets one.
	writeVars(&b, e, func(k, v string) string { return k + "=" + envdQuote(v) + "\n" }, "")
	q := envdQuote(strings.Join(e.PathPrepend, ":"))
	b.WriteString("PATH=" + strings.TrimSuffix(q, `"`) + `:${PATH}"` + "\n")
	return b.String()
}

// RenderSettings returns go settings (GOPROXY, GOSUMDB...) as shell code,
// sorted by key, for a session that should not persist them in go's env
// file. Values are quoted like every other path devboot renders.
func RenderSettings(settings map[string]string, shell string) (string, error) {
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		v := settings[k]
		if strings.ContainsAny(v, "\n\x00") {
			return "", fmt.Errorf("%s contains a newline", k)
		}
		switch shell {
		case "sh", "bash", "zsh":
			b.WriteString("export " + k + "=" + shQuote(v) + "\n")
		case "fish":
			b.WriteString("set -gx " + k + " " + fishQuote(v) + "\n")
		case "environment.d":
			b.WriteString(k + "=" + envdQuote(v) + "\n")
		default:
			return "", fmt.Errorf("unknown shell %q: use one of %s", shell, strings.Join(Shells, ", "))
		}
	}
	return b.String(), nil
}
