package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/devboot/devboot/pkg/binwhy"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// GoBinary is one go command found on PATH and what it says of itself.
type GoBinary struct {
	Path    string `json:"path"` // as found on PATH
	Real    string `json:"real"` // after symlinks
	Version string `json:"version,omitempty"`
	GOROOT  string `json:"goroot,omitempty"`
	// Env is its `go env -json` for envKeys.
	Env map[string]string `json:"-"`
	Err string            `json:"error,omitempty"`
}

// envKeys are the go env values the checks need.
var envKeys = []string{"GOVERSION", "GOROOT", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOFLAGS",
	"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOSUMDB", "GONOPROXY"}

// maxParallelGo bounds how many go commands run at once.
const maxParallelGo = 4

// findGos runs `go env -json` for each go on PATH, at most maxParallelGo
// at a time; the same file reached twice (/bin -> usr/bin) runs once.
func findGos(ctx context.Context, h *host.Host, timeout time.Duration) []GoBinary {
	files, reals := binwhy.OnPath(h, "go")
	gos := make([]GoBinary, len(files))
	byReal := map[string][]int{}
	for i := range files {
		gos[i] = GoBinary{Path: files[i], Real: reals[i]}
		byReal[reals[i]] = append(byReal[reals[i]], i)
	}
	sem := make(chan struct{}, maxParallelGo)
	var wg sync.WaitGroup
	for real, idx := range byReal {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			env, err := goEnv(ctx, h, real, timeout)
			for _, i := range idx {
				gos[i].Env = env
				gos[i].Version, gos[i].GOROOT = env["GOVERSION"], env["GOROOT"]
				if err != nil {
					gos[i].Err = err.Error()
				}
			}
		}()
	}
	wg.Wait()
	return gos
}

// goEnv runs one go with the user's environment, except GOTOOLCHAIN=local
// (so asking never downloads or switches toolchains) and a neutral working
// directory (so no go.mod steers it).
func goEnv(ctx context.Context, h *host.Host, goPath string, timeout time.Duration) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.Path(goPath), append([]string{"env", "-json"}, envKeys...)...)
	cmd.Env = append(h.Environ(), "GOTOOLCHAIN=local")
	cmd.Dir = "/"
	asUser(cmd, h)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, &goError{goPath, msg}
		}
		return nil, &goError{goPath, err.Error()}
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, &goError{goPath, "go env -json printed no JSON: " + err.Error()}
	}
	return env, nil
}

type goError struct{ path, msg string }

func (e *goError) Error() string { return e.path + " env failed: " + e.msg }

// userGOTOOLCHAIN is GOTOOLCHAIN as the user's go would see it: the
// environment, then go's env file, then the toolchain's own go.env.
func userGOTOOLCHAIN(h *host.Host, env map[string]string) string {
	if v, ok := h.LookupEnv("GOTOOLCHAIN"); ok {
		return v
	}
	if file, err := goenv.ReadFile(h); err == nil && file["GOTOOLCHAIN"] != "" {
		return file["GOTOOLCHAIN"]
	}
	if env != nil && env["GOROOT"] != "" {
		if b, err := h.ReadFile(path.Join(env["GOROOT"], "go.env")); err == nil {
			if v := goenv.ParseEnvFile(b)["GOTOOLCHAIN"]; v != "" {
				return v
			}
		}
	}
	return "auto"
}

// asUser makes cmd run as the user devboot works for when devboot runs as
// root on their behalf (sudo): go answers with that user's settings, and
// the files go writes as it runs (telemetry counters under the config
// directory) do not end up owned by root in their home.
func asUser(cmd *exec.Cmd, h *host.Host) {
	if !h.User.Sudo || os.Geteuid() != 0 {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(h.User.UID), Gid: uint32(h.User.GID)}}
	cmd.Env = append(cmd.Env, "HOME="+h.User.Home, "USER="+h.User.Name, "LOGNAME="+h.User.Name)
}
