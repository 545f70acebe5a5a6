package doctor

import (
	"context"
	"sync"
	"time"

	"github.com/devboot/devboot/pkg/detect"
	"github.com/devboot/devboot/pkg/gopath"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/toolchain"
	"github.com/devboot/devboot/pkg/wsl"
)

// Options tune a doctor run.
type Options struct {
	// WorkDir is the project directory whose go.mod is checked ("" skips it).
	WorkDir string
	// Network lets the network checks contact GOPROXY and GOSUMDB; without
	// it only their syntax is checked and nothing leaves the machine.
	Network bool
	// Timeout bounds each network probe (default 3s).
	Timeout time.Duration
	// Only restricts the run to these check ids (all when empty).
	Only []string
	// Detect reuses a detection the caller already made (nil: probe,
	// without asking the Docker engine).
	Detect *detect.Report
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 3 * time.Second
}

// goRunTimeout bounds one `go env`: generous, since a cold go on a busy
// machine is slow, but a hung go must not hang doctor.
const goRunTimeout = 20 * time.Second

// Facts is everything the checks look at, gathered once.
type Facts struct {
	Host *host.Host
	Opts Options
	// Gos is every go on PATH, in PATH order; the first is what runs.
	Gos []GoBinary
	// Env is `go env` of the first go (nil when there is none).
	Env map[string]string
	// GOTOOLCHAIN is the user's setting (environment, go env file, or
	// the toolchain's go.env), which doctor overrides to run go safely.
	GOTOOLCHAIN string
	// Project is what go.mod/.go-version ask for (nil: no project).
	Project *toolchain.ProjectRequest
	Detect  *detect.Report
	Mounts  []wsl.Mount
	// Probes holds the network answers, by URL (only with Network).
	Probes map[string]error
	// CaseInsensitive tests one directory; Gather sets the real probe.
	CaseInsensitive func(dir string) (bool, error)

	// Active is devboot's active toolchain (nil: none).
	Active *toolchain.Toolchain
	// Gopath is pkg/gopath's placement of the Go paths on filesystems.
	Gopath    *gopath.Report
	GopathErr string

	shellOnce sync.Once
	shell     shellFacts
	// gorootMiss is what GOROOT lacks, worked out once for four checks.
	gorootOnce sync.Once
	gorootMiss []string
}

// Gather collects the facts: detection, the mount table, the project's
// request, and `go env` from every go on PATH (run concurrently).
func Gather(ctx context.Context, h *host.Host, opts Options) (*Facts, error) {
	f := &Facts{Host: h, Opts: opts, Detect: opts.Detect, CaseInsensitive: caseInsensitive}
	if f.Detect == nil {
		// Detection reads the mount table too: use its copy.
		facts := detect.Gather(h, detect.Options{SkipEngine: true, WorkDir: opts.WorkDir})
		f.Detect, f.Mounts = detect.Decide(facts), facts.Mounts
	} else {
		f.Mounts, _ = wsl.LoadMounts(h) // unreadable table: no NTFS verdicts
	}
	var err error
	if opts.WorkDir != "" {
		// The user's GOWORK decides whether a go.work counts, as it does
		// for their go; doctor's own environment may differ (sudo, up).
		if p, err := toolchain.FindProjectEnv(opts.WorkDir, h.Getenv); err == nil && p.File != "" {
			f.Project = &p
		}
	}
	if f.Gopath, err = gopath.StatusFrom(h, opts.WorkDir, f.Detect.Platform, f.Mounts); err != nil {
		f.GopathErr = err.Error()
	}
	f.Active, _ = toolchain.Active(h) // unreadable data dir: none to compare
	f.Gos = findGos(ctx, h, goRunTimeout)
	if len(f.Gos) > 0 && f.Gos[0].Env != nil {
		f.Env = f.Gos[0].Env
	}
	f.GOTOOLCHAIN = userGOTOOLCHAIN(h, f.Env)
	if opts.Network {
		f.Probes = probeNetwork(ctx, f.Env, opts.timeout())
	}
	return f, nil
}
