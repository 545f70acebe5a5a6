package toolchain

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"

	"github.com/devboot/devboot/testenv/goserver"
)

// TestTwoProcessesInstallOneVersion starts two processes installing the
// same version into the same home at once: the version lock makes one
// download and unpack it, the other find it done.
func TestTwoProcessesInstallOneVersion(t *testing.T) {
	if os.Getenv("DEVBOOT_TC_PROC") != "" {
		return
	}
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}, ExtraFiles: 500})
	home := t.TempDir()
	var cmds []*exec.Cmd
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestInstallProcess$")
		cmd.Env = append(os.Environ(), "DEVBOOT_TC_PROC=1", "DEVBOOT_TC_HOME="+home, "DEVBOOT_TC_DL="+srv.DLURL)
		cmd.Stderr, cmd.Stdout = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("an installing process failed: %v", err)
		}
	}
	h := testHost(t, "HOME="+home)
	h.ResolveUser(home)
	if !complete(LayoutOf(h).Dir("go1.22.4")) {
		t.Fatal("not installed")
	}
	if n := srv.Hits(goserver.Filename("go1.22.4", "linux", runtime.GOARCH)); n != 1 {
		t.Fatalf("%d downloads, want 1", n)
	}
}

// TestInstallProcess is one of the processes of TestTwoProcessesInstallOneVersion.
func TestInstallProcess(t *testing.T) {
	if os.Getenv("DEVBOOT_TC_PROC") == "" {
		t.Skip("helper process for TestTwoProcessesInstallOneVersion")
	}
	home := os.Getenv("DEVBOOT_TC_HOME")
	h := testHost(t, "HOME="+home)
	h.ResolveUser(home)
	src, _ := NewSource(h, SourceOptions{DLURL: os.Getenv("DEVBOOT_TC_DL")})
	art, err := src.Artifact(context.Background(), "go1.22.4", HostPlatform())
	if err != nil {
		t.Fatal(err)
	}
	// install directly: the plan runner's journal lock would serialise the
	// two processes before the version lock is reached.
	if _, err := install(context.Background(), LayoutOf(h), "go1.22.4", "go1.22.4", art, FetchOptions{}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkReinstallNoop measures planning and running the install of a
// version that is already there: what `devboot toolchain install X` costs
// on a second run, minus process start-up.
func BenchmarkReinstallNoop(b *testing.B) {
	srv := goserver.New(b, goserver.Options{Versions: []string{"1.22.4"}})
	home := b.TempDir()
	h := testHostB(b, home)
	src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
	ctx := context.Background()
	steps, _ := PlanInstall(ctx, h, src, "go1.22.4", HostPlatform(), FetchOptions{})
	if _, err := runner(h).Run(ctx, steps); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		steps, err := PlanInstall(ctx, h, src, "go1.22.4", HostPlatform(), FetchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := runner(h).Run(ctx, steps)
		if err != nil || res.Changed() {
			b.Fatalf("%v %+v", err, res)
		}
	}
}
