package shellrc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// probe prints which go a shell finds and what that go says its GOPATH and
// GOBIN are. It is valid sh, zsh and fish.
const probe = "command -v go; go env GOPATH GOBIN"

// TestEveryShellModeFindsDevbootGo installs the blocks into a home with
// typical Debian startup files, then starts each real shell in each mode.
func TestEveryShellModeFindsDevbootGo(t *testing.T) {
	for _, variant := range []string{"profile", "bash_profile"} {
		t.Run(variant, func(t *testing.T) {
			h, home := newHome(t)
			write(t, filepath.Join(home, ".profile"), debianProfile, 0o644)
			write(t, filepath.Join(home, ".bashrc"), debianBashrc, 0o644)
			if variant == "bash_profile" {
				// bash login now reads this file and skips ~/.profile.
				write(t, filepath.Join(home, ".bash_profile"), "export FROM_BASH_PROFILE=1\n", 0o644)
			}
			install(t, runner(t, h, filepath.Join(t.TempDir(), "journal.json")))
			wantGo := filepath.Join(h.DataDir(), "current", "bin", "go")
			want := []string{wantGo, filepath.Join(home, "go"), filepath.Join(home, "go", "bin")}
			env := []string{"HOME=" + home, "PATH=" + basePATH, "TERM=dumb", "GOROOT=/stale/goroot"}
			for _, m := range []struct {
				name string
				argv []string
				env  []string
			}{
				{"bash -lc", []string{"bash", "-lc", probe}, env},
				{"bash -ic", []string{"bash", "-ic", probe}, env},
				{"env -i bash -l", []string{"env", "-i", "HOME=" + home, "bash", "-l", "-c", probe}, nil},
				{"dash -lc", []string{"dash", "-lc", probe}, env},
				{"sh -lc", []string{"sh", "-lc", probe}, env},
				{"zsh -lc", []string{"zsh", "-lc", probe}, env},
				{"zsh -ic", []string{"zsh", "-ic", probe}, env},
				{"zsh -c", []string{"zsh", "-c", probe}, env},
				{"fish -c", []string{"fish", "-c", probe}, env},
				{"fish -lc", []string{"fish", "-l", "-c", probe}, env},
			} {
				t.Run(m.name, func(t *testing.T) {
					got := runShell(t, m.argv, m.env)
					if strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Fatalf("got %q\nwant %q", got, want)
					}
				})
			}
		})
	}
}

// TestBashCReadsNoFile documents `bash -c` with BASH_ENV unset: it
// reads no startup file, so it has devboot's Go only when the session that
// starts it does (a login shell, or systemd's environment.d, tested below).
func TestBashCReadsNoFile(t *testing.T) {
	h, home := newHome(t)
	install(t, runner(t, h, filepath.Join(t.TempDir(), "journal.json")))
	wantGo := filepath.Join(h.DataDir(), "current", "bin", "go")
	bare := []string{"HOME=" + home, "PATH=" + basePATH}
	out, _ := exec.Command("env", append(append([]string{"-i"}, bare...), "bash", "-c", "command -v go || echo none")...).Output()
	if strings.TrimSpace(string(out)) == wantGo {
		t.Fatalf("bash -c found devboot's go without inheriting it: the test premise is wrong")
	}
	gen := lookGenerator(t)
	sessionEnv := generate(t, gen, h.ConfigHome(), basePATH)
	var env []string
	for k, v := range sessionEnv {
		env = append(env, k+"="+v)
	}
	env = append(env, "HOME="+home)
	got := runShell(t, []string{"bash", "-c", probe}, env)
	want := []string{wantGo, filepath.Join(home, "go"), filepath.Join(home, "go", "bin")}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("bash -c in the systemd session environment: got %q, want %q", got, want)
	}
}

// TestEnvironmentDGenerator runs systemd's own generator over the written
// file and checks the PATH it produces puts devboot's Go first.
func TestEnvironmentDGenerator(t *testing.T) {
	gen := lookGenerator(t)
	h, home := newHome(t)
	install(t, runner(t, h, filepath.Join(t.TempDir(), "journal.json")))
	got := generate(t, gen, h.ConfigHome(), basePATH)
	wantPath := strings.Join([]string{filepath.Join(h.DataDir(), "current", "bin"), filepath.Join(home, "go", "bin"), filepath.Join(h.DataDir(), "bin"), basePATH}, ":")
	if got["PATH"] != wantPath || got["GOPATH"] != filepath.Join(home, "go") || got["GOBIN"] != filepath.Join(home, "go", "bin") {
		t.Fatalf("generator: PATH=%q GOPATH=%q GOBIN=%q\nwant PATH=%q", got["PATH"], got["GOPATH"], got["GOBIN"], wantPath)
	}
}

// envGenerator is systemd's user environment generator (environment.d).
const envGenerator = "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"

func lookGenerator(t *testing.T) string {
	if _, err := os.Stat(envGenerator); err != nil {
		t.Skip("systemd's environment-d generator is not installed")
	}
	return envGenerator
}

// runShell runs argv and returns its stdout lines (stderr only on failure:
// interactive shells without a terminal complain about job control).
func runShell(t *testing.T, argv, env []string) []string {
	t.Helper()
	lookShell(t, argv[0])
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%q: %v\nstdout: %s\nstderr: %s", argv, err, out, stderr.String())
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// Debian 12's /etc/skel files, shortened but with what matters: .profile
// sources .bashrc and prepends ~/bin; .bashrc returns early when not
// interactive.
const debianProfile = `# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi
`

const debianBashrc = `# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
alias ll='ls -l'
`
