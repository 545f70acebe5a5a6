package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/wsl"
)

// WslpathCmd translates paths from the mount table, as WSL's wslpath does,
// without interop, under sudo, and against --root.
type WslpathCmd struct {
	Unix     bool   `short:"u" xor:"mode" help:"Windows path to Linux path (the default)."`
	Windows  bool   `short:"w" xor:"mode" help:"Linux path to Windows path."`
	Mixed    bool   `short:"m" xor:"mode" help:"Linux path to Windows path with forward slashes."`
	Absolute bool   `short:"a" help:"Print an absolute path even for relative input."`
	Distro   string `name:"distro" placeholder:"NAME" help:"This distribution's name, for \\\\wsl.localhost\\NAME paths (default: $WSL_DISTRO_NAME, or under sudo that of the invoking processes)."`
	Path     string `arg:"" help:"The path to translate (Windows paths: quote the backslashes)."`
}

type wslpathResult struct {
	Input  string `json:"input"`
	Mode   string `json:"mode"`
	Output string `json:"output"`
}

func (c *WslpathCmd) Run(g *Globals) error {
	h, err := g.Host()
	if err != nil {
		return err
	}
	mounts, err := wsl.LoadMounts(h)
	if errors.Is(err, wsl.ErrMalformed) {
		g.log.Warn("skipped unreadable mount table lines", "err", err)
	} else if err != nil {
		return err
	}
	conf, err := wsl.ReadConf(h)
	if err != nil {
		g.log.Warn("ignored values in wsl.conf", "err", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	req := wsl.Request{Mode: wsl.ToUnix, Path: c.Path, Distro: c.Distro, Cwd: cwd, Absolute: c.Absolute}
	if req.Distro == "" {
		var from string
		req.Distro, from = wsl.DistroName(h)
		g.log.Debug("distribution name", "name", req.Distro, "from", from)
	}
	if c.Windows || c.Mixed {
		req.Mode, req.Path = wsl.ToWin, wsl.Realpath(h, c.Path)
		if c.Mixed {
			req.Mode = wsl.ToMixed
		}
	}
	out, err := wsl.Translate(mounts, conf, req)
	if errors.Is(err, wsl.ErrBadPath) {
		return exitcode.BadInput(err)
	}
	if err != nil {
		return err
	}
	if g.JSON {
		return g.PrintJSON(wslpathResult{Input: c.Path, Mode: string(req.Mode), Output: out})
	}
	_, err = fmt.Fprintln(g.stdout, out)
	return err
}
