package toolchain

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/devboot/devboot/testenv/goserver"
)

// TestKilledInstall kills (SIGKILL) a child process installing a toolchain
// at several points, then checks nothing half-made is registered and a
// retry in this process succeeds and cleans up.
func TestKilledInstall(t *testing.T) {
	if os.Getenv("DEVBOOT_TC_CHILD") != "" {
		return // only the child helper below runs in the child
	}
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.4"}, ExtraFiles: 300})
	for _, point := range []string{"downloading", "downloaded", "staging", "unpacked"} {
		t.Run(point, func(t *testing.T) {
			home := t.TempDir()
			name := goserver.Filename("go1.22.4", "linux", runtime.GOARCH)
			if point == "downloading" {
				srv.Misbehave(name, goserver.Stall) // half the archive, then silence
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledInstallChild$", "-test.v")
			cmd.Env = append(os.Environ(), "DEVBOOT_TC_CHILD="+point, "DEVBOOT_TC_HOME="+home, "DEVBOOT_TC_DL="+srv.DLURL)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			marker := "AT " + point
			if point == "downloading" {
				marker = "downloading " + name // printed once bytes flow
			}
			reached := false
			for sc.Scan() {
				if strings.Contains(sc.Text(), marker) {
					reached = true
					break
				}
			}
			cmd.Process.Kill()
			cmd.Wait()
			srv.Misbehave(name, goserver.Normal)
			if !reached {
				t.Fatalf("child never reached %s", point)
			}
			h := testHost(t, "HOME="+home)
			h.ResolveUser(home)
			if ts, _ := Installed(h); len(ts) != 0 {
				t.Fatalf("killed at %s, yet registered: %+v", point, ts)
			}
			src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
			steps, err := PlanInstall(context.Background(), h, src, "go1.22.4", HostPlatform(), fastFetch())
			if err != nil {
				t.Fatal(err)
			}
			run(t, h, steps)
			if !complete(LayoutOf(h).Dir("go1.22.4")) {
				t.Fatal("retry did not install")
			}
			ents, _ := os.ReadDir(LayoutOf(h).Toolchains())
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".staging") || strings.HasPrefix(e.Name(), ".trash") {
					t.Fatalf("left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestKilledInstallChild is the child of TestKilledInstall.
func TestKilledInstallChild(t *testing.T) {
	point := os.Getenv("DEVBOOT_TC_CHILD")
	if point == "" {
		t.Skip("helper process for TestKilledInstall")
	}
	home := os.Getenv("DEVBOOT_TC_HOME")
	h := testHost(t, "HOME="+home)
	h.ResolveUser(home)
	testCrashHook = func(phase string) {
		if phase == point {
			fmt.Println("AT " + phase)
			select {} // wait for SIGKILL
		}
	}
	src, _ := NewSource(h, SourceOptions{DLURL: os.Getenv("DEVBOOT_TC_DL")})
	o := FetchOptions{StallTimeout: 1 << 40}
	if point == "downloading" {
		o.Progress = os.Stdout // its "downloading ..." line marks the point
	}
	steps, _ := PlanInstall(context.Background(), h, src, "go1.22.4", HostPlatform(), o)
	runner(h).Run(context.Background(), steps)
}
