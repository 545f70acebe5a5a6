package shellrc

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
// checks the values arrive intact, PATH gains devboot's dirs only once, and
// a stale GOROOT is unset (or GOROOT set, when it must be).
func TestRenderSourcedTwice(t *testing.T) {
	base := t.TempDir()
	posix := `. "$1"; . "$1"; printf '%s\n' "$GOPATH" "$GOBIN" "$PATH" "${GOROOT-unset}"`
	fish := `source $argv[1]; source $argv[1]; set -q GOROOT; or set GOROOT unset; printf '%s\n' "$GOPATH" "$GOBIN" (string join : $PATH) "$GOROOT"`
	for _, goroot := range []string{"", filepath.Join(base, "go root's")} {
		e := nastyEnv(base)
		e.GOROOT = goroot
		wantGOROOT := goroot
		if goroot == "" {
			wantGOROOT = "unset"
		}
		// One of devboot's directories is already on PATH, not first: it
		// moves to the front instead of appearing twice.
		inherited := "/usr/bin:" + e.PathPrepend[1] + "::/bin"
		want := []string{e.GOPATH, e.GOBIN, strings.Join(e.PathPrepend, ":") + ":/usr/bin::/bin", wantGOROOT}
		for _, c := range []struct{ shell, render, script string }{
			{"sh", "sh", posix}, {"dash", "sh", posix}, {"bash", "bash", posix}, {"zsh", "zsh", posix}, {"fish", "fish", fish},
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
				cmd.Env = []string{"HOME=" + base, "PATH=" + inherited, "GOROOT=/stale"}
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%v\n%s\n--- rendered:\n%s", err, out, text)
				}
				got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
				want := slices.Clone(want)
				if c.shell == "fish" {
					// fish itself reads an empty PATH entry as ".".
					want[2] = strings.Replace(want[2], "::", ":.:", 1)
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("got %q\nwant %q\n--- rendered:\n%s", got, want, text)
				}
			})
		}
	}
}

func TestRenderEnvironmentDThroughSystemd(t *testing.T) {
	gen := "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"
	if _, err := os.Stat(gen); err != nil {
		t.Skip("systemd's environment-d generator is not installed")
	}
	base := t.TempDir()
	e := nastyEnv(base)
	e.GOROOT = filepath.Join(base, "$go `root`")
	text, err := Render(e, "environment.d")
	if err != nil {
		t.Fatal(err)
	}
	cfg := t.TempDir()
	os.MkdirAll(filepath.Join(cfg, "environment.d"), 0o755)
	os.WriteFile(filepath.Join(cfg, "environment.d", "50-devboot.conf"), []byte(text), 0o644)
	got := generate(t, gen, cfg, "/usr/bin:/bin")
	if got["GOPATH"] != e.GOPATH || got["GOROOT"] != e.GOROOT || got["GOBIN"] != e.GOBIN || got["PATH"] != strings.Join(e.PathPrepend, ":")+":/usr/bin:/bin" {
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

// TestRenderShellcheck: the POSIX output has no shellcheck warnings as sh or bash.
func TestRenderShellcheck(t *testing.T) {
	sc := lookShell(t, "shellcheck")
	text, err := Render(nastyEnv(t.TempDir()), "sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, dialect := range []string{"sh", "bash"} {
		cmd := exec.Command(sc, "-S", "warning", "-s", dialect, "-") // SC2016 infos: the $ in these paths is meant literally
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shellcheck -s %s: %v\n%s\n--- rendered:\n%s", dialect, err, out, text)
		}
	}
}

// TestRenderSettingsInRealShells: the exports `devboot env` prints for go
// settings give the exact values back in sh and fish.
func TestRenderSettingsInRealShells(t *testing.T) {
	settings := map[string]string{"GOPROXY": "https://p.example/it's,direct", "GOPRIVATE": `*.corp\x,$HOME`}
	for _, sh := range []string{"sh", "fish"} {
		lookShell(t, sh)
		script, err := RenderSettings(settings, sh)
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(sh, "-c", script+"\nprintf '%s\\n' \"$GOPROXY\" \"$GOPRIVATE\"").CombinedOutput()
		if err != nil || string(out) != settings["GOPROXY"]+"\n"+settings["GOPRIVATE"]+"\n" {
			t.Errorf("%s: %v %q\n%s", sh, err, out, script)
		}
	}
	if _, err := RenderSettings(settings, "csh"); err == nil {
		t.Error("unknown shell accepted")
	}
}
