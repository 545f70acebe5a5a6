package main

import (
	"fmt"
	"path/filepath"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/shellrc"
)

// EnvCmd prints the Go environment for one shell, for eval.
type EnvCmd struct {
	Shell string `name:"shell" enum:",bash,zsh,fish,sh,environment.d" default:"" help:"Syntax to print: bash, zsh, fish, sh or environment.d (default: from $SHELL)."`
}

// envReport is the --json form of devboot env.
type envReport struct {
	Shell  string    `json:"shell"`
	Env    goenv.Env `json:"env"`
	Script string    `json:"script"`
}

func (c *EnvCmd) Run(g *Globals) error {
	h, e, err := resolveEnv(g)
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
	if g.JSON {
		return g.PrintJSON(envReport{Shell: shell, Env: e, Script: script})
	}
	_, err = fmt.Fprint(g.stdout, script)
	return err
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
func resolveEnv(g *Globals) (*host.Host, goenv.Env, error) {
	h, err := g.Host()
	if err != nil {
		return nil, goenv.Env{}, err
	}
	e, err := goenv.Resolve(h, nil)
	if err != nil {
		return nil, goenv.Env{}, exitcode.BadInput(err)
	}
	return h, e, nil
}
