package main

import (
	"bytes"
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
	"github.com/devboot/devboot/pkg/plan"
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
	return runEmit(g, "emit dockerfile", emit.FileSteps([]emit.File{
		{Path: c.Output, Data: df, Mode: 0o644},
		{Path: dockerIgnorePath(c.Output), Data: dockerfile.DockerIgnore(), Mode: 0o644},
	}))
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
	Out      string   `default:"devboot" type:"path" placeholder:"DIR" help:"Directory to write the feature into."`
	Binary   []string `type:"path" sep:"none" placeholder:"PATH" help:"A static Linux devboot build to bundle instead of this devboot, named devboot-linux-amd64 or devboot-linux-arm64 by its ELF machine; repeat it to ship both arches."`
	NoBinary bool     `help:"Bundle no devboot binary and leave the devboot-linux-<arch> files in DIR alone (install.sh needs them); otherwise those not bundled now are removed."`
}

func (c *EmitFeatureCmd) Run(g *Globals) error {
	bins, err := featureBinaries(c.Out, c.Binary, c.NoBinary)
	if err != nil {
		return err
	}
	return runEmit(g, "emit feature", append(emit.FileSteps(feature.Files(c.Out)), bins...))
}

// runningExecutable is the devboot bundled by default; tests point it at
// builds of their own, since theirs is the test binary.
var runningExecutable = os.Executable

// featureBinaries are the steps that bundle devboot builds into the feature
// in dir: write the --binary files if any, else the running devboot, and
// remove the builds an earlier emit bundled that these do not replace, so
// no stale devboot ships beside them. With --no-binary the user supplies
// the builds: those in dir are left alone.
func featureBinaries(dir string, paths []string, noBinary bool) ([]plan.Step, error) {
	if noBinary {
		if len(paths) > 0 {
			return nil, exitcode.BadInput(errors.New("--binary and --no-binary contradict each other: pass one of them"))
		}
		return nil, nil
	}
	bins, err := bundledBinaries(dir, paths)
	if err != nil {
		return nil, err
	}
	var keep []string
	for _, b := range bins {
		keep = append(keep, b.Path)
	}
	old, err := feature.OldBinaries(dir, keep)
	if err != nil {
		return nil, err
	}
	return append(emit.FileSteps(bins), emit.RemoveSteps(old)...), nil
}

// bundledBinaries are the --binary files, or else the running devboot, as
// the feature's binaries in dir.
func bundledBinaries(dir string, paths []string) ([]emit.File, error) {
	if len(paths) == 0 {
		self, err := selfBinary(dir)
		if err != nil {
			return nil, err
		}
		return []emit.File{self}, nil
	}
	var files []emit.File
	byName := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, exitcode.BadInput(fmt.Errorf("--binary: %w", err))
		}
		f, err := bundledBinary(dir, p, data)
		if err != nil {
			return nil, exitcode.BadInput(fmt.Errorf("--binary %w: pass static Linux builds of devboot (CGO_ENABLED=0 GOOS=linux GOARCH=amd64 or arm64)", err))
		}
		if prev, dup := byName[f.Path]; dup {
			return nil, exitcode.BadInput(fmt.Errorf("--binary %s and %s are both %s: pass one build per arch", prev, p, filepath.Base(f.Path)))
		}
		byName[f.Path] = p
		files = append(files, f)
	}
	return files, nil
}

// selfBinary is the running devboot, bundled for this machine's arch when it
// can run in any image: a dynamically linked build (cgo) is refused.
func selfBinary(dir string) (emit.File, error) {
	if runtime.GOOS != "linux" {
		return emit.File{}, exitcode.BadInput(errors.New("only a Linux devboot can bundle itself into a feature: pass --binary with Linux builds of devboot, or --no-binary"))
	}
	exe, err := runningExecutable()
	if err != nil {
		return emit.File{}, err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return emit.File{}, err
	}
	f, err := bundledBinary(dir, exe, data)
	if err != nil {
		return emit.File{}, exitcode.BadInput(fmt.Errorf("cannot bundle this devboot: %w; build devboot with CGO_ENABLED=0, "+
			"pass --binary PATH with static devboot builds (once per arch: amd64, arm64), "+
			"or pass --no-binary and put devboot-linux-<arch> files into %s", err, dir))
	}
	return f, nil
}

// bundledBinary is data, the devboot build read from path, as the feature's
// binary for the arch its ELF header names.
func bundledBinary(dir, path string, data []byte) (emit.File, error) {
	arch, err := feature.BinaryArch(bytes.NewReader(data))
	if err != nil {
		return emit.File{}, fmt.Errorf("%s %w", path, err)
	}
	return emit.File{Path: filepath.Join(dir, feature.BinaryName(arch)), Data: data, Mode: 0o755}, nil
}

// EmitDevcontainerCmd is `devboot emit devcontainer`.
type EmitDevcontainerCmd struct {
	Out       string   `default:".devcontainer" type:"path" placeholder:"DIR" help:"Directory to write devcontainer.json into."`
	Published bool     `help:"Reference the published feature (ghcr.io/devboot/features/devboot:0) instead of a local copy."`
	Image     string   `default:"mcr.microsoft.com/devcontainers/base:bookworm" placeholder:"IMAGE" help:"Base image (it must have the remote user)."`
	User      string   `default:"vscode" placeholder:"NAME" help:"remoteUser the feature installs Go for."`
	Go        string   `name:"go" placeholder:"VERSION" help:"Go version for the feature (default: go.mod's toolchain, then go line; latest without go.mod)."`
	Binary    []string `type:"path" sep:"none" placeholder:"PATH" help:"With a local feature, a static Linux devboot build to bundle into it instead of this devboot (see emit feature --binary); repeat it to ship both arches."`
	NoBinary  bool     `help:"With a local feature, bundle no devboot binary into it."`
	Proxy     string   `enum:"athens," default:"" placeholder:"NAME" help:"Add a module proxy service: athens (gomods/athens in a docker-compose.yml next to devcontainer.json; go in the dev container uses it through GOPROXY)."`
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
	steps := emit.FileSteps(files)
	if c.Published {
		if len(c.Binary) > 0 {
			return exitcode.BadInput(errors.New("--binary bundles into a local feature; --published uses the published one: pass one of them"))
		}
	} else {
		bins, err := featureBinaries(filepath.Join(c.Out, feature.ID), c.Binary, c.NoBinary)
		if err != nil {
			return err
		}
		steps = append(steps, bins...)
	}
	return runEmit(g, "emit devcontainer", steps)
}

// runEmit runs an emit's steps (emit.FileSteps, emit.RemoveSteps),
// journaled in emit.json (not up's journal, so `devboot down` leaves
// emitted files alone).
func runEmit(g *Globals, command string, steps []plan.Step) error {
	r, err := g.Runner(command, "emit.json")
	if err != nil {
		return err
	}
	res, err := r.Run(context.Background(), steps)
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
