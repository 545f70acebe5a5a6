package shellrc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
)

// nastyEnv has paths with spaces, quotes, $, backslashes and a glob.
func nastyEnv(base string) goenv.Env {
	gopath := filepath.Join(base, `it's "my" $HOME \go *`)
	return goenv.Env{
		GOPATH:       gopath,
		GOBIN:        filepath.Join(gopath, "bin"),
		GOROOTReason: "test",
		PathPrepend:  []string{filepath.Join(base, "cur `x`/bin"), filepath.Join(gopath, "bin"), filepath.Join(base, "$(data)/bin")},
	}
}

// TestRenderSourcedTwice sources the output twice in each real shell and
// checks the values arrive intact and PATH gains devboot's dirs only once.
func TestRenderSourcedTwice(t *testing.T) {
	base := t.TempDir()
	e := nastyEnv(base)
	wantPath := strings.Join(e.PathPrepend, ":") + ":/usr/bin:/bin"
	for _, c := range []struct{ shell, render, script string }{
		{"sh", "sh", `. "$1"; . "$1"; printf '%s\n%s\n%s\n' "$GOPATH" "$GOBIN" "$PATH"`},
		{"dash", "sh", `. "$1"; . "$1"; printf '%s\n%s\n%s\n' "$GOPATH" "$GOBIN" "$PATH"`},
		{"bash", "bash", `. "$1"; . "$1"; printf '%s\n%s\n%s\n' "$GOPATH" "$GOBIN" "$PATH"`},
		{"zsh", "zsh", `. "$1"; . "$1"; printf '%s\n%s\n%s\n' "$GOPATH" "$GOBIN" "$PATH"`},
		{"fish", "fish", `source $argv[1]; source $argv[1]; printf '%s\n' "$GOPATH" "$GOBIN" (string join : $PATH)`},
	} {
		t.Run(c.shell, func(t *testing.T) {
			sh := lookShell(t, c.shell)
			text, err := Render(e, c.render)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), "env")
			os.WriteFile(f, []byte(text), 0o644)
			args := []string{"-c", c.script, "x", f}
			if c.shell == "fish" {
				args = []string{"-c", c.script, f}
			}
			cmd := exec.Command(sh, args...)
			cmd.Env = []string{"HOME=" + base, "PATH=/usr/bin:/bin", "GOROOT=/stale"}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s\n--- rendered:\n%s", err, out, text)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(got) != 3 || got[0] != e.GOPATH || got[1] != e.GOBIN || got[2] != wantPath {
				t.Fatalf("got %q\nwant %q %q %q\n--- rendered:\n%s", got, e.GOPATH, e.GOBIN, wantPath, text)
			}
		})
	}
}

func TestRenderEnvironmentDThroughSystemd(t *testing.T) {
	gen := "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"
	if _, err := os.Stat(gen); err != nil {
		t.Skip("systemd's environment-d generator is not installed")
	}
	base := t.TempDir()
	e := nastyEnv(base)
	text, err := Render(e, "environment.d")
	if err != nil {
		t.Fatal(err)
	}
	cfg := t.TempDir()
	os.MkdirAll(filepath.Join(cfg, "environment.d"), 0o755)
	os.WriteFile(filepath.Join(cfg, "environment.d", "50-devboot.conf"), []byte(text), 0o644)
	got := generate(t, gen, cfg, "/usr/bin:/bin")
	if got["GOPATH"] != e.GOPATH || got["GOBIN"] != e.GOBIN || got["PATH"] != strings.Join(e.PathPrepend, ":")+":/usr/bin:/bin" {
		t.Fatalf("generator produced %q\n--- from:\n%s", got, text)
	}
}

func TestRenderRejects(t *testing.T) {
	e := nastyEnv("/x")
	if _, err := Render(e, "tcsh"); err == nil {
		t.Error("unknown shell accepted")
	}
	e.PathPrepend = append(e.PathPrepend, "/a:b")
	if _, err := Render(e, "sh"); err == nil {
		t.Error("a PATH entry with ':' accepted")
	}
}
