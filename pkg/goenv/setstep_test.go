package goenv

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/gohome"
)

// realGo is the machine's Go, used to check that go reads what devboot wrote.
func realGo(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/local/go/bin/go"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go binary on this machine to check the env file against")
	}
	return p
}

// testHost is a Host for a fresh user home.
func testHost(t *testing.T, env ...string) *host.Host {
	t.Helper()
	home := t.TempDir()
	h := host.New("/", append([]string{"HOME=" + home}, env...))
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	return h
}

// goEnv runs the real `go env keys...` as the user of h would.
func goEnv(t *testing.T, h *host.Host, keys ...string) []string {
	t.Helper()
	gohome.TelemetryOff(t, h.User.Home)
	cmd := exec.Command(realGo(t), append([]string{"env"}, keys...)...)
	cmd.Env = []string{"HOME=" + h.User.Home, "PATH=/usr/bin:/bin"}
	if v := h.Getenv("GOENV"); v != "" {
		cmd.Env = append(cmd.Env, "GOENV="+v)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go env: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

func runSteps(t *testing.T, h *host.Host, steps ...plan.Step) *plan.Runner {
	t.Helper()
	r := &plan.Runner{Host: h, Journal: filepath.Join(t.TempDir(), "journal.json"), Command: "test"}
	if _, err := r.Run(context.Background(), steps); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSetStepReadByGoAndUndone(t *testing.T) {
	h := testHost(t)
	r := runSteps(t, h, SetStep("GOPROXY", "http://proxy.example/a b"), SetStep("GOPRIVATE", "*.corp"))
	got := goEnv(t, h, "GOPROXY", "GOPRIVATE")
	if got[0] != "http://proxy.example/a b" || got[1] != "*.corp" {
		t.Fatalf("go env read %q", got)
	}
	if m, err := ReadFile(h); err != nil || m["GOPROXY"] != "http://proxy.example/a b" {
		t.Fatalf("ReadFile: %v %v", m, err)
	}
	// Running again changes nothing.
	res, err := r.Run(context.Background(), []plan.Step{SetStep("GOPROXY", "http://proxy.example/a b")})
	if err != nil || res.Changed() {
		t.Fatalf("second run: %v %+v", err, res)
	}
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	// go itself created telemetry files under ~/.config/go, so only the file is gone.
	if file, _ := EnvFilePath(h); fileExists(file) {
		t.Fatalf("undo left %s behind", file)
	}
	if got := goEnv(t, h, "GOPROXY"); got[0] != "https://proxy.golang.org,direct" {
		t.Fatalf("after undo go sees GOPROXY=%q", got[0])
	}
}

func TestSetStepKeepsOtherLinesAndRestores(t *testing.T) {
	for name, before := range map[string]string{
		"no trailing newline": "# mine\nGOFLAGS=-mod=mod\nGOPROXY=old",
		"duplicate key":       "GOPROXY=first\nGONOSUMDB=x\nGOPROXY=old\n",
		"crlf":                "GOFLAGS=-x\r\nGOPROXY=old\r\n",
		"absent key":          "GOFLAGS=-x\n",
	} {
		t.Run(name, func(t *testing.T) {
			h := testHost(t, "GOENV="+filepath.Join(t.TempDir(), "my env"))
			file, _ := EnvFilePath(h)
			if err := os.WriteFile(file, []byte(before), 0o600); err != nil {
				t.Fatal(err)
			}
			r := runSteps(t, h, SetStep("GOPROXY", "http://new"), SetStep("GOSUMDB", "off"))
			if got := goEnv(t, h, "GOPROXY", "GOSUMDB"); got[0] != "http://new" || got[1] != "off" {
				t.Fatalf("go env read %q from %q", got, readString(t, file))
			}
			if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o600 {
				t.Fatalf("mode changed to %v", fi.Mode())
			}
			if _, err := r.Undo(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if after := readString(t, file); after != before {
				t.Fatalf("undo: got %q, want %q", after, before)
			}
		})
	}
}

func TestUnsetStep(t *testing.T) {
	h := testHost(t)
	file, _ := EnvFilePath(h)
	os.MkdirAll(filepath.Dir(file), 0o755)
	before := "GOPROXY=off\nGOFLAGS=-x\n"
	os.WriteFile(file, []byte(before), 0o644)
	r := runSteps(t, h, UnsetStep("GOPROXY"))
	if got := goEnv(t, h, "GOPROXY"); got[0] != "https://proxy.golang.org,direct" {
		t.Fatalf("GOPROXY still %q", got[0])
	}
	r.Undo(context.Background(), nil)
	if after := readString(t, file); !bytes.Equal([]byte(after), []byte("GOFLAGS=-x\nGOPROXY=off\n")) && after != before {
		t.Fatalf("undo of unset: %q", after)
	}
	if got := goEnv(t, h, "GOPROXY"); got[0] != "off" {
		t.Fatalf("undo did not restore GOPROXY: %q", got[0])
	}
}

func TestUndoRemovesCreatedDirs(t *testing.T) {
	h := testHost(t)
	r := runSteps(t, h, SetStep("GOPROXY", "http://a"))
	r.Undo(context.Background(), nil)
	if fileExists(filepath.Join(h.User.Home, ".config")) {
		t.Fatal("undo left the created ~/.config behind")
	}
}

func fileExists(p string) bool { _, err := os.Lstat(p); return err == nil }

func TestUndoLeavesUserChange(t *testing.T) {
	h := testHost(t)
	r := runSteps(t, h, SetStep("GOPROXY", "http://a"))
	file, _ := EnvFilePath(h)
	os.WriteFile(file, []byte("GOPROXY=http://mine\n"), 0o644)
	r.Undo(context.Background(), nil)
	if got := readString(t, file); got != "GOPROXY=http://mine\n" {
		t.Fatalf("undo clobbered the user's later change: %q", got)
	}
}

func TestSetStepRejects(t *testing.T) {
	h := testHost(t)
	for _, s := range []plan.Step{SetStep("GOMODCACHE", "relative/dir"), SetStep("GOENV", "/x"), SetStep("goproxy", "x"), SetStep("GOFLAGS", "a\nb")} {
		if _, err := s.Prepare(context.Background(), h); err == nil {
			t.Errorf("%s: want error", s.Describe())
		}
	}
	off := testHost(t, "GOENV=off")
	if _, err := SetStep("GOPROXY", "https://x").Prepare(context.Background(), off); err == nil || !strings.Contains(err.Error(), "GOENV=off") {
		t.Errorf("GOENV=off: %v", err)
	}
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
