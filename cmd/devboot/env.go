package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/shellrc"
)

// EnvCmd prints the Go environment for one shell, for eval, and with
// --persist stores the go settings in go's own env file.
type EnvCmd struct {
	Shell     string `name:"shell" enum:",bash,zsh,fish,sh,environment.d" default:"" help:"Syntax to print: bash, zsh, fish, sh or environment.d (default: from $SHELL)."`
	GOPROXY   string `name:"goproxy" placeholder:"LIST" help:"Module proxies, as GOPROXY (e.g. https://proxy.corp,direct, or file:///srv/mirror)."`
	GOSUMDB   string `name:"gosumdb" placeholder:"DB" help:"Checksum database, as GOSUMDB (off, sum.golang.org, or \"name+key URL\")."`
	GOPRIVATE string `name:"goprivate" placeholder:"GLOBS" help:"Private module path patterns, as GOPRIVATE (e.g. *.corp.example.com,github.com/org)."`
	// Persist, as in `gopath fix --persist`: make it outlast this shell.
	// go's env file is read by every go command, with or without a shell.
	Persist bool `name:"persist" help:"Write --goproxy/--gosumdb/--goprivate into go's env file (as go env -w does; journaled, undone by 'devboot down') instead of printing them as exports."`
}

// envReport is the --json form of devboot env.
type envReport struct {
	Shell     string       `json:"shell"`
	Env       goenv.Env    `json:"env"`
	Script    string       `json:"script"`
	Persisted *plan.Result `json:"persisted,omitempty"`
}

// settings are the go settings given on the command line.
func (c *EnvCmd) settings() map[string]string {
	return goSettings(c.GOPROXY, c.GOSUMDB, c.GOPRIVATE)
}

// goSettings maps the --goproxy/--gosumdb/--goprivate flags that env and
// up share to go env settings; an empty flag sets nothing.
func goSettings(goproxy, gosumdb, goprivate string) map[string]string {
	m := map[string]string{}
	for k, v := range map[string]string{"GOPROXY": goproxy, "GOSUMDB": gosumdb, "GOPRIVATE": goprivate} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

func (c *EnvCmd) Run(g *Globals) error {
	settings := c.settings()
	if c.Persist && len(settings) == 0 {
		return exitcode.BadInput(fmt.Errorf("--persist needs at least one of --goproxy, --gosumdb, --goprivate"))
	}
	h, e, err := resolveEnvWith(g, settings)
	if err != nil {
		return err
	}
	shell := c.Shell
	if shell == "" {
		if shell, err = shellFromEnv(h.Getenv("SHELL")); err != nil {
			return exitcode.BadInput(err)
		}
	}
	script, err := shellrc.Render(e, shell)
	if err != nil {
		return exitcode.BadInput(err)
	}
	for _, w := range e.Warnings {
		fmt.Fprintln(g.stderr, "devboot: warning:", w)
	}
	var persisted *plan.Result
	if c.Persist {
		if persisted, err = persistSettings(g, e); err != nil {
			return err
		}
	} else {
		exports, err := shellrc.RenderSettings(settings, shell)
		if err != nil {
			return exitcode.BadInput(err)
		}
		script += exports
	}
	if g.JSON {
		return g.PrintJSON(envReport{Shell: shell, Env: e, Script: script, Persisted: persisted})
	}
	_, err = fmt.Fprint(g.stdout, script)
	return err
}

// persistSettings runs goenv's setting steps. What it did goes to stderr, so
// stdout stays fit for eval.
func persistSettings(g *Globals, e goenv.Env) (*plan.Result, error) {
	r, err := g.Runner("env --persist", "journal.json")
	if err != nil {
		return nil, err
	}
	if r.Out != nil {
		r.Out = g.stderr
	}
	res, err := r.Run(context.Background(), e.SettingSteps())
	if err != nil {
		return res, err
	}
	if !g.JSON && !g.DryRun {
		for _, s := range res.Steps {
			fmt.Fprintf(g.stderr, "%s: %s\n", s.Status, s.Summary)
		}
	}
	return res, nil
}

// shellFromEnv maps $SHELL to a syntax devboot renders.
func shellFromEnv(sh string) (string, error) {
	switch base := filepath.Base(sh); base {
	case "bash", "zsh", "fish":
		return base, nil
	case "sh", "dash", "ash", "ksh", "mksh", "busybox":
		return "sh", nil
	case ".", "":
		return "sh", nil
	default:
		return "", fmt.Errorf("$SHELL is %s, which devboot cannot write for: pass --shell bash|zsh|fish|sh|environment.d", sh)
	}
}

// resolveEnv is the Go environment for the user devboot works for.
func resolveEnv(g *Globals) (*host.Host, goenv.Env, error) { return resolveEnvWith(g, nil) }

// resolveEnvWith is resolveEnv with go settings, validated (bad ones exit 2).
func resolveEnvWith(g *Globals, settings map[string]string) (*host.Host, goenv.Env, error) {
	h, err := g.Host()
	if err != nil {
		return nil, goenv.Env{}, err
	}
	e, err := goenv.Resolve(h, settings)
	if err != nil {
		return nil, goenv.Env{}, exitcode.BadInput(err)
	}
	return h, e, nil
}
