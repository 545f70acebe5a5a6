package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/gohome"
	"github.com/devboot/devboot/testenv/roots"
)

// runWslpath runs devboot wslpath against a fixture root with env.
func runWslpath(t *testing.T, root string, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env = append(env, "HOME="+gohome.New(t), "PATH=/usr/bin:/bin")
	code := run(append([]string{"--root", root, "wslpath"}, args...), &out, &errOut, env)
	return code, out.String(), errOut.String()
}

func TestWslpathCommand(t *testing.T) {
	root := roots.Build(t, roots.WSL2(roots.DockerDesktop(), roots.SubdirMount(`C:\Users\me\Box`, "/home/me/box")))
	env := []string{"WSL_DISTRO_NAME=" + roots.WSLDistro}
	cases := []struct {
		args []string
		env  []string
		code int
		out  string
		err  string
	}{ // out "*": not checked
		{[]string{`C:\Users\me\go`}, env, 0, "/mnt/c/Users/me/go\n", ""},
		{[]string{"-u", `c:/Program Files/Docker/Docker/resources/bin`}, env, 0, "/Docker/host/bin\n", ""},
		{[]string{`C:\Users\me\Box\src`}, env, 0, "/home/me/box/src\n", ""},
		{[]string{"-w", "/mnt/c/Users/me"}, env, 0, `C:\Users\me` + "\n", ""},
		{[]string{"-m", "/home/me/go"}, env, 0, "//wsl.localhost/Ubuntu/home/me/go\n", ""},
		{[]string{`\\wsl$\Ubuntu\etc`}, env, 0, "/etc\n", ""},
		// sudo drops WSL_DISTRO_NAME: say so, and --distro fixes it.
		{[]string{`\\wsl.localhost\Ubuntu\etc`}, nil, 1, "", "--distro"},
		{[]string{"--distro", "Ubuntu", `\\wsl.localhost\Ubuntu\etc`}, nil, 0, "/etc\n", ""},
		{[]string{"-w", "/home/me"}, nil, 1, "", "WSL_DISTRO_NAME"},
		// No translation: exit 1 with a message; malformed input: exit 2.
		{[]string{`E:\data`}, env, 1, "", "not mounted"},
		{[]string{`C:..\x`}, env, 2, "", "no root"},
		{[]string{`C:\..`}, env, 2, "", "climbs"},
		{[]string{"-u", "-w", "/x"}, env, 2, "*", "can't be used together"},
	}
	for _, tc := range cases {
		code, out, errOut := runWslpath(t, root, tc.env, tc.args...)
		if code != tc.code || out != tc.out && tc.out != "*" || !strings.Contains(errOut, tc.err) {
			t.Errorf("wslpath %q: exit %d, out %q, err %q; want exit %d, out %q, err containing %q", tc.args, code, out, errOut, tc.code, tc.out, tc.err)
		}
	}
}

func TestWslpathJSON(t *testing.T) {
	root := roots.Build(t, roots.WSL2(roots.AutomountRoot("/")))
	code, out, errOut := runWslpath(t, root, nil, "--json", "-m", "/c/Users")
	var res wslpathResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Output != "C:/Users" || res.Mode != "m" || res.Input != "/c/Users" {
		t.Fatalf("exit %d, %q (%s)", code, out, errOut)
	}
}

// Relative paths are read from the working directory and answered relative
// to it, as wslpath does; -a makes the answer absolute.
func TestWslpathRelative(t *testing.T) {
	root := roots.Build(t, roots.WSL2())
	cwd := t.TempDir()
	t.Chdir(cwd)
	env := []string{"WSL_DISTRO_NAME=" + roots.WSLDistro}
	if code, out, errOut := runWslpath(t, root, env, "-w", "sub/x"); code != 0 || out != `sub\x`+"\n" {
		t.Errorf("-w sub/x: exit %d, %q, %s", code, out, errOut)
	}
	want := `\\wsl.localhost\Ubuntu` + strings.ReplaceAll(cwd, "/", `\`) + `\sub\x` + "\n"
	if code, out, errOut := runWslpath(t, root, env, "-a", "-w", "sub/x"); code != 0 || out != want {
		t.Errorf("-a -w sub/x: exit %d, %q, want %q, %s", code, out, want, errOut)
	}
	if code, out, errOut := runWslpath(t, root, env, `sub\y`); code != 0 || out != "sub/y\n" {
		t.Errorf(`sub\y: exit %d, %q, %s`, code, out, errOut)
	}
}
