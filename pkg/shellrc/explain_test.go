package shellrc

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// traceHome makes a home for a user that is not root (nobody, when the
// tests run as root: bash ignores PS4 from the environment for root), with
// devboot's current toolchain linked to the machine's Go.
func traceHome(t *testing.T, env ...string) *host.Host {
	t.Helper()
	parent, err := os.MkdirTemp("", "devboot-explain-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	os.Chmod(parent, 0o755)
	home := filepath.Join(parent, "home")
	os.MkdirAll(home, 0o755)
	h := host.New("/", append([]string{"HOME=" + home, "PATH=" + basePATH}, env...))
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		h.User.Name, h.User.UID, h.User.GID = "nobody", 65534, 65534
	}
	os.MkdirAll(h.DataDir(), 0o755)
	if err := os.Symlink(realGoroot(t), filepath.Join(h.DataDir(), "current")); err != nil {
		t.Fatal(err)
	}
	return h
}

// giveHome hands every file in the home to the test user.
func giveHome(t *testing.T, h *host.Host) {
	t.Helper()
	filepath.Walk(h.User.Home, func(p string, _ os.FileInfo, _ error) error {
		return os.Lchown(p, h.User.UID, h.User.GID)
	})
}

func installFor(t *testing.T, h *host.Host) goenv.Env {
	t.Helper()
	e, err := goenv.Resolve(h, nil)
	if err != nil {
		t.Fatal(err)
	}
	install(t, runner(t, h, filepath.Join(t.TempDir(), "journal.json")))
	giveHome(t, h)
	return e
}

// realRun starts a shell untraced, as the test user, the way a user would,
// with ORDER_LOG set so the fixture files log themselves; it returns the
// PATH it printed and the files that logged, in order.
func realRun(t *testing.T, h *host.Host, r ModeReport, extra map[string]string) (string, []string) {
	t.Helper()
	logf := filepath.Join(h.User.Home, "order.log")
	os.Remove(logf)
	env := baseEnv(h)
	for k, v := range extra {
		env[k] = v
	}
	env["ORDER_LOG"] = logf
	flags := r.Command[1 : len(r.Command)-2]
	script := `printf '%s\n' "$PATH"`
	if r.Shell == "fish" {
		script = `string join : -- $PATH`
	}
	cmd := exec.Command(shellBinary(r.Command[0]), append(slices.Clone(flags), "-c", script)...)
	cmd.Env, cmd.Dir = environ(env), h.User.Home
	if os.Geteuid() == 0 && h.User.UID != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(h.User.UID), Gid: uint32(h.User.GID)}}
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v", r.Shell, r.Mode, err)
	}
	data, _ := os.ReadFile(logf)
	var order []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if l != "" {
			order = append(order, l)
		}
	}
	return strings.TrimRight(string(out), "\n"), order
}

// logLine makes a fixture file log its own path when ORDER_LOG is set.
func logLine(path string) string {
	return `[ -n "${ORDER_LOG-}" ] && printf '%s\n' '` + path + `' >> "$ORDER_LOG"` + "\n"
}

func userFiles(r ModeReport, dirs ...string) []string {
	var fs []string
	for _, f := range r.Files {
		for _, d := range dirs {
			if strings.HasPrefix(f.Path, d+"/") {
				fs = append(fs, f.Path)
				break
			}
		}
	}
	return fs
}

func find(t *testing.T, rs []ModeReport, shell, mode string) ModeReport {
	t.Helper()
	for _, r := range rs {
		if r.Shell == shell && r.Mode == mode {
			return r
		}
	}
	t.Fatalf("no report for %s %s", shell, mode)
	return ModeReport{}
}

func markerLine(t *testing.T, file string) int {
	t.Helper()
	for i, l := range strings.Split(read(t, file), "\n") {
		if l == BeginMarker {
			return i + 1
		}
	}
	t.Fatalf("no devboot block in %s", file)
	return 0
}

// TestExplainMatchesRealShells: for every shell and mode, the files Explain
// reports (those in the home and ZDOTDIR) are the files a real, untraced
// run of that shell reads, in the same order, and the PATH is the one the
// real run prints.
func TestExplainMatchesRealShells(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "sh"} {
		lookShell(t, sh)
	}
	h := traceHome(t)
	home := h.User.Home
	zdot := filepath.Join(home, "zdot")
	h.Env["ZDOTDIR"] = zdot
	files := map[string]string{
		".profile":       "PATH=\"$HOME/profile-bin:$PATH\"\n",
		".bash_profile":  ". \"$HOME/.bashrc\"\nPATH=\"$HOME/bash-profile-bin:$PATH\"\n",
		".bashrc":        "PATH=\"$HOME/bashrc-bin:$PATH\"\n",
		".zshenv":        "echo this file is shadowed by ZDOTDIR\n", // must not be read
		"zdot/.zshenv":   "",
		"zdot/.zprofile": "path=($HOME/zprofile-bin $path)\n",
		"zdot/.zshrc":    "",
	}
	for name, body := range files {
		p := filepath.Join(home, name)
		write(t, p, logLine(p)+body, 0o644)
	}
	fishConfig := filepath.Join(h.ConfigHome(), "fish", "config.fish")
	write(t, fishConfig, "if set -q ORDER_LOG; echo '"+fishConfig+"' >> $ORDER_LOG; end\n", 0o644)
	e := installFor(t, h)

	reports, err := Explain(context.Background(), h, e)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.Shell == "systemd" || r.Shell == "gui" {
			continue
		}
		t.Run(r.Shell+" "+r.Mode, func(t *testing.T) {
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			var extra map[string]string
			if r.Mode == "ssh" {
				extra = sshEnv()
			}
			path, order := realRun(t, h, r, extra)
			if r.PATH != path {
				t.Errorf("PATH: reported %q, the real shell prints %q", r.PATH, path)
			}
			got := userFiles(r, home)
			// The devboot-only fish file does not log itself.
			got = slices.DeleteFunc(got, func(p string) bool { return strings.HasSuffix(p, "devboot.fish") })
			if !slices.Equal(got, order) {
				t.Errorf("files: reported %q, the real shell read %q", got, order)
			}
			if slices.Contains(got, filepath.Join(home, ".zshenv")) {
				t.Errorf("reported ~/.zshenv although ZDOTDIR is %s", zdot)
			}
		})
	}
	// Where devboot's block runs, to the line.
	for _, c := range []struct{ shell, mode, file string }{
		{"bash", "login", filepath.Join(home, ".bash_profile")},
		{"bash", "interactive", filepath.Join(home, ".bashrc")},
		// Debian's bash reads ~/.bashrc for an ssh command (this one has
		// no early return for non-interactive shells).
		{"bash", "ssh", filepath.Join(home, ".bashrc")},
		{"zsh", "non-interactive", filepath.Join(zdot, ".zshenv")},
		{"sh", "login", filepath.Join(home, ".profile")},
		{"fish", "non-interactive", filepath.Join(h.ConfigHome(), "fish", "conf.d", "devboot.fish")},
	} {
		r := find(t, reports, c.shell, c.mode)
		if !r.BlockRead || r.BlockFile != c.file || r.BlockLine != markerLine(t, c.file) || !r.DevbootFirst {
			t.Errorf("%s %s: block %v at %s:%d (devboot first %v), want %s:%d", c.shell, c.mode, r.BlockRead, r.BlockFile, r.BlockLine, r.DevbootFirst, c.file, markerLine(t, c.file))
		}
	}
	if r := find(t, reports, "bash", "non-interactive"); len(r.Files) != 0 || r.BlockRead {
		t.Errorf("bash -c without SSH_CLIENT read %+v", r.Files)
	}
	// bash's trace names files for a user that is not root.
	if r := find(t, reports, "bash", "login"); r.Method != methodXtrace || r.Files[0].Path != "/etc/profile" {
		t.Errorf("bash login: method %s, files %+v", r.Method, r.Files)
	}
}

// TestExplainBashProfileWithoutProfile: with a ~/.bash_profile that does
// not source ~/.profile, devboot's block in ~/.profile is not read by
// bash -l, and status says so; `shell install` then writes the block into
// ~/.bash_profile, after which bash -l runs it.
func TestExplainBashProfileWithoutProfile(t *testing.T) {
	lookShell(t, "bash")
	h := traceHome(t)
	home := h.User.Home
	e := installFor(t, h) // only ~/.profile and ~/.bashrc exist yet
	bp := filepath.Join(home, ".bash_profile")
	write(t, bp, "export FROM_BASH_PROFILE=1\n", 0o644)
	giveHome(t, h)

	// Starting every shell leaves the home exactly as it was.
	before := snapshot(t, home)
	reports, err := Explain(context.Background(), h, e)
	if err != nil {
		t.Fatal(err)
	}
	diffSnapshots(t, before, snapshot(t, home))
	r := find(t, reports, "bash", "login")
	path, _ := realRun(t, h, r, nil)
	if r.BlockRead || r.DevbootFirst || r.PATH != path {
		t.Fatalf("bash login: block read %v, devboot first %v, PATH %q (real %q)", r.BlockRead, r.DevbootFirst, r.PATH, path)
	}
	if !slices.Equal(userFiles(r, home), []string{bp}) {
		t.Fatalf("bash login read %+v, want only %s from the home", r.Files, bp)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "bash -l reads "+bp+" instead") {
		t.Fatalf("no note about the shadowed ~/.profile: %q", r.Notes)
	}
	if sh := find(t, reports, "sh", "login"); !sh.BlockRead || sh.BlockFile != filepath.Join(home, ".profile") {
		t.Fatalf("sh login should still read ~/.profile's block: %+v", sh)
	}
	// Targets now include ~/.bash_profile; installing again fixes bash -l.
	installFor(t, h)
	reports, err = Explain(context.Background(), h, e)
	if err != nil {
		t.Fatal(err)
	}
	r = find(t, reports, "bash", "login")
	if !r.BlockRead || r.BlockFile != bp || r.BlockLine != markerLine(t, bp) || !r.DevbootFirst {
		t.Fatalf("after install: %+v", r)
	}
}

// TestExplainAsRoot: bash run as root ignores PS4 from the environment;
// the report falls back to bash's rules and still matches the real shell.
func TestExplainAsRoot(t *testing.T) {
	lookShell(t, "bash")
	if os.Geteuid() != 0 {
		t.Skip("needs root: the fallback is for bash running as root")
	}
	h, home := newHome(t)
	write(t, filepath.Join(home, ".profile"), logLine(filepath.Join(home, ".profile")), 0o644)
	e := installFor(t, h)
	reports, err := Explain(context.Background(), h, e)
	if err != nil {
		t.Fatal(err)
	}
	r := find(t, reports, "bash", "login")
	path, order := realRun(t, h, r, nil)
	if r.Method != methodRules || r.PATH != path || !slices.Equal(userFiles(r, home), order) || !r.BlockRead || !r.DevbootFirst {
		t.Fatalf("bash login as root: %+v\nreal PATH %q, files %q", r, path, order)
	}
}

// TestExplainSystemdSession: the session report lists devboot's
// environment.d file as read and takes PATH from systemd's generator.
func TestExplainSystemdSession(t *testing.T) {
	lookGenerator(t)
	h := traceHome(t)
	e := installFor(t, h)
	reports, err := Explain(context.Background(), h, e)
	if err != nil {
		t.Fatal(err)
	}
	r := find(t, reports, "systemd", "session")
	conf := filepath.Join(h.ConfigHome(), "environment.d", "50-devboot.conf")
	want := strings.Join(e.PathPrepend, ":") + ":" + systemdUserPATH
	if r.Error != "" || !r.BlockRead || r.BlockFile != conf || r.PATH != want {
		t.Fatalf("systemd session: %+v\nwant PATH %q", r, want)
	}
	gui := find(t, reports, "gui", "session")
	if !gui.DevbootFirst || !readIn(&gui, conf) || !readIn(&gui, filepath.Join(h.User.Home, ".profile")) {
		t.Fatalf("gui session: %+v", gui)
	}
}
