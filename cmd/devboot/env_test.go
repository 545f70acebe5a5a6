package main

import (
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

// goEnvIn runs the machine's real `go env keys...` for a user whose home is
// home, optionally with extra environment (the exports devboot printed).
func goEnvIn(t *testing.T, home string, extra []string, keys ...string) []string {
	t.Helper()
	goCmd := "/usr/local/go/bin/go"
	if _, err := os.Stat(goCmd); err != nil {
		t.Skip("no Go at /usr/local/go to read the settings back")
	}
	gohome.TelemetryOff(t, home)
	cmd := exec.Command(goCmd, append([]string{"env"}, keys...)...)
	cmd.Env = append([]string{"HOME=" + home, "PATH=/usr/bin:/bin"}, extra...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go env: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

var proxyFlags = []string{"--goproxy", "https://proxy.corp.example/go,direct", "--gosumdb", "off", "--goprivate", "*.corp.example,github.com/org"}

func TestEnvPersistWritesGoEnvFile(t *testing.T) {
	home := gohome.New(t)
	want := []string{"https://proxy.corp.example/go,direct", "off", "*.corp.example,github.com/org"}
	keys := []string{"GOPROXY", "GOSUMDB", "GOPRIVATE"}

	code, out, errOut := runIn(t, home, append([]string{"--dry-run", "env", "--shell", "bash", "--persist"}, proxyFlags...)...)
	if code != 0 || !strings.Contains(errOut, "would: set GOPROXY=") || strings.Contains(out, "GOPROXY") {
		t.Fatalf("dry run: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "go", "env")); err == nil {
		t.Fatal("--dry-run wrote go's env file")
	}

	code, out, errOut = runIn(t, home, append([]string{"env", "--shell", "bash", "--persist"}, proxyFlags...)...)
	if code != 0 || strings.Contains(out, "GOPROXY") {
		t.Fatalf("persist: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if got := goEnvIn(t, home, nil, keys...); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("go env read %q, want %q", got, want)
	}
	// The journal lets `devboot down` take them back out.
	h := host.New("/", []string{"HOME=" + home})
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	r := &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "test"}
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := goEnvIn(t, home, nil, "GOPROXY"); got[0] != "https://proxy.golang.org,direct" {
		t.Fatalf("after undo go still sees GOPROXY=%q", got[0])
	}
}

func TestEnvPrintsSettingsAsExports(t *testing.T) {
	home := gohome.New(t)
	code, out, errOut := runIn(t, home, append([]string{"env", "--shell", "sh"}, proxyFlags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Evaluate the printed script in a real shell and ask go inside it.
	gohome.TelemetryOff(t, home)
	sh := exec.Command("sh", "-c", out+"\n/usr/local/go/bin/go env GOPROXY GOSUMDB GOPRIVATE")
	sh.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	got, err := sh.CombinedOutput()
	if err != nil {
		t.Skipf("cannot run go in sh: %v %s", err, got)
	}
	if string(got) != "https://proxy.corp.example/go,direct\noff\n*.corp.example,github.com/org\n" {
		t.Fatalf("go in the eval'd shell read %q", got)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "go", "env")); err == nil {
		t.Fatal("without --persist go's env file was written")
	}
}

func TestEnvRejectsBadSettings(t *testing.T) {
	home := gohome.New(t)
	for _, args := range [][]string{
		{"env", "--goproxy", "ftp://mirror"},
		{"env", "--gosumdb", "sum.golang.org+broken"},
		{"env", "--goprivate", "[bad"},
		{"env", "--persist"},
	} {
		if code, _, errOut := runIn(t, home, args...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want 2 with a message", args, code, errOut)
		}
	}
}
