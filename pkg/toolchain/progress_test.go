package toolchain

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY returns the terminal side of a new pseudo-terminal.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no /dev/ptmx here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { slave.Close() })
	go io.Copy(io.Discard, master) // keep the terminal from filling up
	return slave
}

func TestProgressBarOnlyOnTerminals(t *testing.T) {
	tty := openPTY(t)
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	if !UseProgressBar(tty, env("TERM", "xterm")) {
		t.Error("a terminal gets no bar")
	}
	if UseProgressBar(tty, env("TERM", "xterm", "CI", "true")) {
		t.Error("CI gets a bar")
	}
	if UseProgressBar(tty, env("TERM", "dumb")) {
		t.Error("TERM=dumb gets a bar")
	}
	if UseProgressBar(&bytes.Buffer{}, env()) || UseProgressBar(os.NewFile(^uintptr(0), "x"), env()) {
		t.Error("a non-terminal gets a bar")
	}
	// Not a terminal: two plain lines.
	var buf bytes.Buffer
	p := newProgress(FetchOptions{Progress: &buf}, "go1.22.4.linux-amd64.tar.gz", 3<<20)
	p.add(3 << 20)
	p.done(3<<20, true)
	if got := buf.String(); got != "downloading go1.22.4.linux-amd64.tar.gz (3.0 MiB)\ndownloaded go1.22.4.linux-amd64.tar.gz (3.0 MiB)\n" {
		t.Errorf("plain progress: %q", got)
	}
	// A bar draws with carriage returns, not lines.
	buf.Reset()
	p = newProgress(FetchOptions{Progress: &buf, ProgressBar: true}, "x.tar.gz", 1000)
	p.add(1000)
	p.done(1000, true)
	if !strings.Contains(buf.String(), "\r") || !strings.Contains(buf.String(), "100%") {
		t.Errorf("bar output: %q", buf.String())
	}
}
