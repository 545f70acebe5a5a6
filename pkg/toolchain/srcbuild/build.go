package srcbuild

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/devboot/devboot/pkg/toolchain"
)

// BuildOptions say what to build.
type BuildOptions struct {
	Source    Source
	Bootstrap Candidate
	Platform  toolchain.Platform
	// Work is a fresh directory for the copy of the source (removed by the caller).
	Work string
	// Log receives make.bash's whole output; Progress one line per phase.
	Log      io.Writer
	Progress io.Writer
}

// Build copies the source into o.Work/go and runs src/make.bash there with
// o.Bootstrap as GOROOT_BOOTSTRAP; for another platform it sets GOOS/GOARCH
// and re-lays the result out as src/bootstrap.bash does, so bin/ holds the
// target's binaries. It returns the built GOROOT, checked: VERSION and the
// ELF machine of bin/go.
func Build(ctx context.Context, o BuildOptions) (string, error) {
	root := filepath.Join(o.Work, "go")
	t := time.Now()
	progress(o.Progress, "copying source of %s from %s", o.Source.Version, o.Source.GOROOT)
	if err := copySource(o.Source.GOROOT, root); err != nil {
		return "", fmt.Errorf("copy source: %w", err)
	}
	progress(o.Progress, "building %s for %s with make.bash (GOROOT_BOOTSTRAP=%s, %s)", o.Source.Version, o.Platform, o.Bootstrap.GOROOT, o.Bootstrap.Version)
	if err := makeBash(ctx, root, o); err != nil {
		return "", err
	}
	if o.Platform != toolchain.HostPlatform() {
		if err := relayout(root, o.Platform); err != nil {
			return "", fmt.Errorf("re-layout for %s: %w", o.Platform, err)
		}
	}
	// Build-only leftovers that release archives do not carry.
	for _, d := range []string{"pkg/bootstrap", "pkg/obj"} {
		if err := os.RemoveAll(filepath.Join(root, d)); err != nil {
			return "", err
		}
	}
	if got := toolchain.ReadVERSION(os.ReadFile, root); got != o.Source.Version {
		return "", fmt.Errorf("the build says it is %q, not %s", got, o.Source.Version)
	}
	for _, bin := range []string{"bin/go", "bin/gofmt"} {
		if err := CheckELF(filepath.Join(root, bin), o.Platform); err != nil {
			return "", err
		}
	}
	progress(o.Progress, "built %s for %s in %s", o.Source.Version, o.Platform, time.Since(t).Round(time.Second))
	return root, nil
}

func progress(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "devboot: "+format+"\n", args...)
	}
}

// makeBash runs src/make.bash, sending its output to the log and its
// "Building ..." phase lines to the progress writer.
func makeBash(ctx context.Context, root string, o BuildOptions) error {
	cmd := exec.CommandContext(ctx, "bash", "make.bash", "--no-banner")
	cmd.Dir = filepath.Join(root, "src")
	cmd.Env = buildEnv(o)
	// make.bash starts cmd/dist and go commands of its own: cancelling must
	// stop the whole process group, not orphan them.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("make.bash: %w", err)
	}
	done := make(chan []string)
	go func() { done <- follow(pr, o) }()
	err := cmd.Wait()
	pw.Close()
	tail := <-done
	if err != nil {
		return fmt.Errorf("make.bash failed (%v); its last lines:\n%s", err, strings.Join(tail, "\n"))
	}
	return nil
}

// follow copies make.bash's output and keeps its last lines for the error.
func follow(r io.Reader, o BuildOptions) []string {
	var tail []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if o.Log != nil {
			fmt.Fprintln(o.Log, line)
		}
		if strings.HasPrefix(line, "Building ") {
			progress(o.Progress, "  %s", line)
		}
		if tail = append(tail, line); len(tail) > 15 {
			tail = tail[1:]
		}
	}
	io.Copy(io.Discard, r)
	return tail
}

// buildEnv is the environment make.bash needs: the bootstrap toolchain,
// the target platform, and nothing that would make the new toolchain build
// for another GOROOT, GOOS or toolchain than the one asked for.
func buildEnv(o BuildOptions) []string {
	drop := map[string]bool{"GOROOT": true, "GOBIN": true, "GOFLAGS": true, "GOTOOLCHAIN": true, "GOOS": true, "GOARCH": true,
		"GOEXPERIMENT": true, "GOROOT_BOOTSTRAP": true, "GOROOT_FINAL": true, "GOENV": true}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			env = append(env, kv)
		}
	}
	env = append(env, "GOROOT_BOOTSTRAP="+o.Bootstrap.GOROOT, "GOTOOLCHAIN=local", "GOENV=off")
	if o.Platform != toolchain.HostPlatform() {
		env = append(env, "GOOS="+o.Platform.OS, "GOARCH="+o.Platform.Arch)
	}
	return env
}

// relayout moves the target's binaries from bin/GOOS_GOARCH/ into bin/ and
// drops the host's tools, as src/bootstrap.bash does.
func relayout(root string, p toolchain.Platform) error {
	host := toolchain.HostPlatform()
	os.Remove(filepath.Join(root, "bin", "go_"+p.OS+"_"+p.Arch+"_exec"))
	sub := filepath.Join(root, "bin", p.OS+"_"+p.Arch)
	ents, err := os.ReadDir(sub)
	if err != nil {
		return fmt.Errorf("make.bash produced no %s: %w", sub, err)
	}
	for _, e := range ents {
		if err := os.Rename(filepath.Join(sub, e.Name()), filepath.Join(root, "bin", e.Name())); err != nil {
			return err
		}
	}
	if err := os.Remove(sub); err != nil {
		return err
	}
	hostPair := host.OS + "_" + host.Arch
	for _, d := range []string{"pkg/" + hostPair, "pkg/tool/" + hostPair} {
		if err := os.RemoveAll(filepath.Join(root, d)); err != nil {
			return err
		}
	}
	return nil
}
