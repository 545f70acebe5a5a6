package up

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Expect is what the Go environment must look like after up; empty fields
// are not checked.
type Expect struct {
	Version string // go1.26.8
	GOROOT  string
	GOPATH  string
	GOBIN   string
}

// Check is one verification with its verdict.
type Check struct {
	ID      string `json:"id"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// Verification is what running the installed go reported.
type Verification struct {
	Go     string            `json:"go"` // the binary that ran
	Output string            `json:"go_version"`
	Env    map[string]string `json:"go_env"`
	Checks []Check           `json:"checks"`
}

// OK reports whether every check passed.
func (v *Verification) OK() bool {
	for _, c := range v.Checks {
		if !c.OK {
			return false
		}
	}
	return true
}

// Failed lists the failed checks' messages.
func (v *Verification) Failed() []string {
	var out []string
	for _, c := range v.Checks {
		if !c.OK {
			out = append(out, c.Message)
		}
	}
	return out
}

// VerifyGo runs goBin's `go version` and `go env` in env (the user's
// environment as the shell files set it, with XDG_CONFIG_HOME pointed away
// from the user's home: see verifyAfter) and compares with want.
func VerifyGo(ctx context.Context, goBin string, env []string, want Expect) *Verification {
	v := &Verification{Go: goBin}
	out, err := runGo(ctx, goBin, env, "version")
	v.Output = strings.TrimSpace(out)
	v.add("go-version", err == nil && (want.Version == "" || strings.HasPrefix(v.Output, "go version "+want.Version+" ")),
		"go version: "+orErr(v.Output, err)+expected(want.Version))
	out, err = runGo(ctx, goBin, env, "env", "-json", "GOROOT", "GOPATH", "GOBIN", "GOVERSION")
	if err == nil {
		err = json.Unmarshal([]byte(out), &v.Env)
	}
	if err != nil {
		v.add("go-env", false, "go env: "+err.Error())
		return v
	}
	for _, kv := range [][2]string{{"GOROOT", want.GOROOT}, {"GOPATH", want.GOPATH}, {"GOBIN", want.GOBIN}} {
		got := v.Env[kv[0]]
		v.add("go-env-"+strings.ToLower(kv[0]), kv[1] == "" || samePath(got, kv[1]), fmt.Sprintf("go env %s: %q%s", kv[0], got, expected(kv[1])))
	}
	return v
}

func (v *Verification) add(id string, ok bool, msg string) {
	v.Checks = append(v.Checks, Check{ID: id, OK: ok, Message: msg})
}

func runGo(ctx context.Context, goBin string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// samePath compares after resolving links: GOROOT may be reported through
// the current link or its target.
func samePath(a, b string) bool {
	if a == b {
		return true
	}
	ra, errA := filepath.EvalSymlinks(a)
	rb, errB := filepath.EvalSymlinks(b)
	return errA == nil && errB == nil && ra == rb
}

func orErr(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return s
}

func expected(want string) string {
	if want == "" {
		return ""
	}
	return " (want " + want + ")"
}
