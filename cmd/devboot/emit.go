package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"

	"github.com/devboot/devboot/pkg/emit"
	"github.com/devboot/devboot/pkg/emit/devcontainer"
	"github.com/devboot/devboot/pkg/emit/dockerfile"
	"github.com/devboot/devboot/pkg/emit/feature"
	"github.com/devboot/devboot/pkg/exitcode"
)

// EmitCmd writes files for other tools: Dockerfiles, the Dev Container
// Feature, .devcontainer/.
type EmitCmd struct {
	Dockerfile   EmitDockerfileCmd   `cmd:"" help:"Write a multi-stage, cross-compiling Dockerfile (and .dockerignore) for the Go module in the working directory."`
	Feature      EmitFeatureCmd      `cmd:"" help:"Write devboot's Dev Container Feature (devcontainer-feature.json, install.sh, the devboot binary)."`
	Devcontainer EmitDevcontainerCmd `cmd:"" help:"Write a .devcontainer/ for the Go module in the working directory."`
}

// EmitDockerfileCmd is `devboot emit dockerfile`.
type EmitDockerfileCmd struct {
	Platforms string   `default:"linux/amd64,linux/arm64" placeholder:"LIST" help:"Target platforms (shown in the build command; the Dockerfile builds any)."`
	CGO       bool     `name:"cgo" help:"Build with cgo, cross-compiling with Debian's cross gcc; the final stage defaults to debian."`
	Final     string   `enum:"scratch,distroless,alpine,debian," default:"" placeholder:"BASE" help:"Final stage: scratch (default), distroless, alpine or debian."`
	Main      []string `placeholder:"PKG" help:"Main package(s) to build, e.g. ./cmd/x (default: every main package)."`
	Go        string   `name:"go" placeholder:"VERSION" help:"golang image version (default: go.mod's toolchain, then go line)."`
	Output    string   `short:"o" default:"Dockerfile" type:"path" placeholder:"FILE" help:"Where to write; '-' prints the Dockerfile only. The .dockerignore goes next to it."`
	NoSyntax  bool     `help:"Leave out the '# syntax=' line, for engines that cannot fetch a Dockerfile frontend."`
	TZData    bool     `name:"tzdata" help:"Embed the time zone database (-tags timetzdata)."`
}

func (c *EmitDockerfileCmd) Run(g *Globals) error {
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	platforms, err := dockerfile.ParsePlatforms(c.Platforms)
	if err != nil {
		return exitcode.BadInput(err)
	}
	m, err := dockerfile.LoadModule(dir, c.CGO)
	if err != nil {
		return exitcode.BadInput(err)
	}
	df, err := dockerfile.Render(m, dockerfile.Options{
		Platforms: platforms, CGO: c.CGO, Final: c.Final, Mains: c.Main,
		GoVersion: c.Go, NoSyntax: c.NoSyntax, TZData: c.TZData,
	})
	if err != nil {
		return exitcode.BadInput(err)
	}
	if c.Output == "-" {
		_, err := g.stdout.Write(df)
		return err
	}
	return runEmit(g, "emit dockerfile", []emit.File{
		{Path: c.Output, Data: df, Mode: 0o644},
		{Path: dockerIgnorePath(c.Output), Data: dockerfile.DockerIgnore(), Mode: 0o644},
	})
}

// dockerIgnorePath is where BuildKit looks for the Dockerfile's ignore file:
// .dockerignore for a file named Dockerfile, else <file>.dockerignore.
func dockerIgnorePath(dockerfilePath string) string {
	if filepath.Base(dockerfilePath) == "Dockerfile" {
		return filepath.Join(filepath.Dir(dockerfilePath), ".dockerignore")
	}
	return dockerfilePath + ".dockerignore"
}

// EmitFeatureCmd is `devboot emit feature`.
type EmitFeatureCmd struct {
	Out      string `default:"devboot" type:"path" placeholder:"DIR" help:"Directory to write the feature into."`
	NoBinary bool   `help:"Do not copy this devboot binary into the feature (install.sh needs devboot-linux-<arch> there)."`
}

func (c *EmitFeatureCmd) Run(g *Globals) error {
	files := feature.Files(c.Out)
	if !c.NoBinary {
		bin, err := selfBinary(c.Out)
		if err != nil {
			return err
		}
		files = append(files, bin)
	}
	return runEmit(g, "emit feature", files)
}

// selfBinary is the running devboot, to bundle as the feature's binary for
// this machine's architecture.
func selfBinary(dir string) (emit.File, error) {
	if runtime.GOOS != "linux" {
		return emit.File{}, exitcode.BadInput(errors.New("only a Linux devboot can bundle itself into a feature: pass --no-binary"))
	}
	exe, err := os.Executable()
	if err != nil {
		return emit.File{}, err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return emit.File{}, err
	}
	return emit.File{Path: filepath.Join(dir, feature.BinaryName(runtime.GOARCH)), Data: data, Mode: 0o755}, nil
}

// EmitDevcontainerCmd is `devboot emit devcontainer`.
type EmitDevcontainerCmd struct {
	Out       string `default:".devcontainer" type:"path" placeholder:"DIR" help:"Directory to write devcontainer.json into."`
	Published bool   `help:"Reference the published feature (ghcr.io/devboot/features/devboot:0) instead of a local copy."`
	Image     string `default:"mcr.microsoft.com/devcontainers/base:bookworm" placeholder:"IMAGE" help:"Base image (it must have the remote user)."`
	User      string `default:"vscode" placeholder:"NAME" help:"remoteUser the feature installs Go for."`
	Go        string `name:"go" placeholder:"VERSION" help:"Go version for the feature (default: go.mod's toolchain, then go line; latest without go.mod)."`
	NoBinary  bool   `help:"With a local feature, do not copy this devboot binary into it."`
	Proxy     string `enum:"athens," default:"" placeholder:"NAME" help:"Add a module proxy service: athens (gomods/athens in a docker-compose.yml next to devcontainer.json; go in the dev container uses it through GOPROXY)."`
}

func (c *EmitDevcontainerCmd) Run(g *Globals) error {
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	opt := devcontainer.Options{Name: filepath.Base(dir), GoVersion: c.Go, Image: c.Image, User: c.User, Published: c.Published, Proxy: c.Proxy}
	gm, err := emit.ReadGoMod(dir)
	switch {
	case err == nil:
		opt.Name = path.Base(gm.Path)
		if opt.GoVersion == "" {
			opt.GoVersion = gm.GoVersion
		}
	case !errors.Is(err, emit.ErrNoGoMod):
		return exitcode.BadInput(err)
	}
	files, err := devcontainer.Files(c.Out, opt)
	if err != nil {
		return exitcode.BadInput(err)
	}
	if !c.Published && !c.NoBinary {
		bin, err := selfBinary(filepath.Join(c.Out, feature.ID))
		if err != nil {
			return err
		}
		files = append(files, bin)
	}
	return runEmit(g, "emit devcontainer", files)
}

// runEmit writes files as plan steps, journaled in emit.json (not up's
// journal, so `devboot down` leaves emitted files alone).
func runEmit(g *Globals, command string, files []emit.File) error {
	r, err := g.Runner(command, "emit.json")
	if err != nil {
		return err
	}
	res, err := r.Run(context.Background(), emit.FileSteps(files))
	if g.JSON && res != nil {
		if jerr := g.PrintJSON(res); jerr != nil && err == nil {
			err = jerr
		}
	} else if res != nil && !g.DryRun {
		for _, s := range res.Steps {
			fmt.Fprintf(g.stdout, "%s: %s\n", s.Status, s.Summary)
		}
	}
	return err
}
