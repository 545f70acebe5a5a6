// Package goexec runs a go binary to ask it something (go env GOROOT) so
// that the answer is the binary's own and the run leaves nothing behind.
package goexec

import (
	"context"
	"os"
	"os/exec"
	"strings"
)

// Output runs goBin with args and returns its trimmed standard output.
// go writes telemetry counters under the user's config directory on every
// run (GOTELEMETRY cannot be set from the environment), and under sudo those
// would land root-owned in the user's home: it runs with a scratch HOME and
// XDG_CONFIG_HOME, removed afterwards. GOENV=off, GOTOOLCHAIN=local and an
// empty GOFLAGS keep the user's settings from answering for the binary.
// path is the PATH go sees.
func Output(ctx context.Context, goBin, path string, args ...string) (string, error) {
	home, err := os.MkdirTemp("", "devboot-go-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(home)
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = "/"
	cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + home, "PATH=" + path,
		"GOENV=off", "GOTOOLCHAIN=local", "GOFLAGS="}
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}
