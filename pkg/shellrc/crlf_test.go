package shellrc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// envProbe prints PATH, GOPATH and GOBIN as the shell has them, then which
// go it finds and what that go says. It is valid sh, zsh and fish (fish
// joins a quoted $PATH with ':').
const envProbe = `printf '%s\n' "$PATH" "$GOPATH" "$GOBIN"; command -v go; go env GOPATH GOBIN`

// TestCRLFStartupFilesWorkInEveryShell: startup files saved with CRLF (a
// Windows editor, git's core.autocrlf) get an LF block, which every real
// shell runs: a CR before LF would make bash fail on `in\r` and put a CR
// at the end of GOPATH. Uninstall gives the files back byte for byte.
func TestCRLFStartupFilesWorkInEveryShell(t *testing.T) {
	h, home := newHome(t)
	files := map[string]string{
		".profile": "# ~/.profile\r\nexport EDITOR=vi\r\n",
		".bashrc":  "# ~/.bashrc\r\nalias ll='ls -l'", // no final newline
		".zshenv":  "# ~/.zshenv\r\nexport PAGER=less\r\n",
	}
	for name, content := range files {
		write(t, filepath.Join(home, name), content, 0o644)
	}
	before := snapshot(t, home)
	r := runner(t, h, filepath.Join(t.TempDir(), "journal.json"))
	install(t, r)

	for name, content := range files {
		got := read(t, filepath.Join(home, name))
		if !strings.HasSuffix(content, "\n") {
			content += "\n" // the unterminated last line gets a LF, the block's last line none
		}
		block, ok := strings.CutPrefix(got, content)
		if !ok || !strings.HasPrefix(block, BeginMarker+"\n") || strings.Contains(block, "\r") {
			t.Errorf("%s: user lines changed or block not LF: %q", name, got)
		}
	}
	wantAllCurrent(t, h)
	checkShells(t, h, home, "bash -ic", "bash -lc", "dash -lc", "zsh -c", "zsh -lc", "zsh -ic")

	shellUninstall(t, r)
	diffSnapshots(t, before, snapshot(t, home))
}

// TestOldCRLFBlocksUpgraded: an old devboot wrote its block with the
// file's CRLF (in ~/.bashrc after a last line without newline, and in its
// own fish and environment.d files checked out with core.autocrlf). Status
// calls those blocks outdated, install replaces them with what a fresh
// install writes, the shells and systemd's generator then get clean
// values, and uninstall leaves the user's lines exactly.
func TestOldCRLFBlocksUpgraded(t *testing.T) {
	h, home := newHome(t)
	e := mustEnv(t, h)
	rendered := func(shell string) string {
		body, err := Render(e, shell)
		if err != nil {
			t.Fatal(err)
		}
		return Wrap(body)
	}
	userBashrc := "line1\r\nline2"
	bashrc := filepath.Join(home, ".bashrc")
	write(t, bashrc, oldCRLFInstall(userBashrc, rendered("bash")), 0o644)
	// devboot's own files: fish's (wanted once fish's config dir exists)
	// and environment.d's (on systemd machines).
	os.MkdirAll(filepath.Join(h.ConfigHome(), "fish"), 0o755)
	owned := map[string]string{}
	for _, tg := range Targets(h) {
		if tg.Owned {
			owned[tg.Path] = tg.Shell
			write(t, tg.Path, crlf(rendered(tg.Shell)), 0o644)
		}
	}
	outdated := 0
	for _, st := range Status(h, e) {
		if _, isOwned := owned[st.Path]; isOwned || st.Path == bashrc {
			if st.Block != BlockOutdated {
				t.Errorf("%s: status %q with an old CRLF block, want %q", st.Path, st.Block, BlockOutdated)
			}
			outdated++
		}
	}
	if outdated != len(owned)+1 {
		t.Errorf("status lists %d of the %d files with an old CRLF block", outdated, len(owned)+1)
	}

	r := runner(t, h, filepath.Join(t.TempDir(), "journal.json"))
	install(t, r)
	fresh, _, _ := ReplaceBlock(userBashrc, rendered("bash"))
	if got := read(t, bashrc); got != fresh {
		t.Errorf(".bashrc: %q\nwant %q", got, fresh)
	}
	for p, shell := range owned {
		if got := read(t, p); got != rendered(shell) {
			t.Errorf("%s: %q\nwant %q", p, got, rendered(shell))
		}
	}
	wantAllCurrent(t, h)
	// line1 and line2 are the user's (not found) commands: bash goes on.
	checkShells(t, h, home, "bash -ic", "fish -c")
	if _, err := os.Stat(envGenerator); err == nil && owned[filepath.Join(h.ConfigHome(), "environment.d", "50-devboot.conf")] != "" {
		got := generate(t, envGenerator, h.ConfigHome(), basePATH)
		if got["GOPATH"] != filepath.Join(home, "go") || !strings.HasPrefix(got["PATH"], strings.Join(wantPathPrefix(h, home), ":")+":") {
			t.Errorf("environment.d generator: GOPATH=%q PATH=%q", got["GOPATH"], got["PATH"])
		}
	}

	shellUninstall(t, r)
	if got := read(t, bashrc); got != userBashrc {
		t.Errorf(".bashrc after uninstall: %q, want %q", got, userBashrc)
	}
	for p := range owned {
		if userFile(h, p) {
			t.Errorf("%s (devboot's own file) still exists", p)
		}
	}
}

// shellUninstall does what `devboot shell uninstall` does: undo the
// journal's block steps, then remove any block left.
func shellUninstall(t *testing.T, r *plan.Runner) {
	t.Helper()
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	rest := runner(t, r.Host, filepath.Join(t.TempDir(), "shell-uninstall.json"))
	if _, err := rest.Run(context.Background(), UninstallSteps(r.Host)); err != nil {
		t.Fatal(err)
	}
}

func wantAllCurrent(t *testing.T, h *host.Host) {
	t.Helper()
	for _, st := range Status(h, mustEnv(t, h)) {
		if st.Wanted && st.Block != BlockCurrent {
			t.Errorf("%s: status %q after install, want %q", st.Path, st.Block, BlockCurrent)
		}
	}
}

// wantPathPrefix is what devboot puts first on PATH.
func wantPathPrefix(h *host.Host, home string) []string {
	return []string{filepath.Join(h.DataDir(), "current", "bin"), filepath.Join(home, "go", "bin"), filepath.Join(h.DataDir(), "bin")}
}

// checkShells starts each real shell mode ("bash -ic", "fish -c"...) in
// home and checks that PATH starts with devboot's directories and GOPATH,
// GOBIN and go are devboot's, with no stray CR anywhere.
func checkShells(t *testing.T, h *host.Host, home string, modes ...string) {
	t.Helper()
	prefix := wantPathPrefix(h, home)
	want := []string{filepath.Join(home, "go"), filepath.Join(home, "go", "bin"),
		filepath.Join(h.DataDir(), "current", "bin", "go"), filepath.Join(home, "go"), filepath.Join(home, "go", "bin")}
	env := []string{"HOME=" + home, "PATH=" + basePATH, "TERM=dumb"}
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			got := runShell(t, append(strings.Fields(mode), envProbe), env)
			if strings.Contains(strings.Join(got, "\n"), "\r") {
				t.Fatalf("a CR in the environment: %q", got)
			}
			if len(got) != 1+len(want) {
				t.Fatalf("got %q", got)
			}
			path := strings.Split(got[0], ":")
			if len(path) <= len(prefix) || strings.Join(path[:len(prefix)], ":") != strings.Join(prefix, ":") {
				t.Errorf("PATH %q does not start with %q", got[0], prefix)
			}
			if strings.Join(got[1:], "\n") != strings.Join(want, "\n") {
				t.Errorf("GOPATH, GOBIN, go, go env: got %q\nwant %q", got[1:], want)
			}
		})
	}
}
