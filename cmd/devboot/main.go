// Command devboot makes a Go development environment correct in one command,
// on WSL2, in containers and on bare Linux. This package only wires the
// command line (kong) to the packages under pkg/; each command lives in its
// own file as a struct with a Run method.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"

	"github.com/devboot/devboot/pkg/exitcode"
)

// CLI is the whole command line; ../shared/CLI.md is its contract.
type CLI struct {
	Globals

	Detect    DetectCmd    `cmd:"" help:"Tell where devboot runs: WSL1/WSL2, container, or bare Linux; arch, distro, shell, Docker engine, NTFS paths."`
	Toolchain ToolchainCmd `cmd:"" help:"Resolve, install, list, switch and remove Go toolchains."`
	Env       EnvCmd       `cmd:"" help:"Print the Go environment setup for a shell, for eval \"$(devboot env)\"."`
	Shell     ShellCmd     `cmd:"" help:"Install, remove or inspect devboot's managed block in shell startup files."`
	Gopath    GopathCmd    `cmd:"" help:"Inspect and fix where GOPATH and the Go caches live (NTFS on WSL2)."`
	Wslpath   WslpathCmd   `cmd:"" help:"Translate between Windows and Linux paths, as WSL's wslpath does."`
	Symlinks  SymlinksCmd  `cmd:"" help:"Rewrite (and restore) symlinks whose targets are Windows or drive-mount paths."`
	Doctor    DoctorCmd    `cmd:"" help:"Check the Go environment and explain every problem with its fix."`
	Emit      EmitCmd      `cmd:"" help:"Write Dockerfiles, Dev Container Features and .devcontainer files."`
	Up        UpCmd        `cmd:"" help:"Plan, apply and verify a working Go environment on this machine."`
	Down      DownCmd      `cmd:"" help:"Undo everything 'devboot up' recorded in its journal."`
	Proxy     ProxyCmd     `cmd:"" help:"Fill an offline GOPROXY-layout module mirror (devboot proxy fill DIR)."`
	Version   VersionCmd   `cmd:"" help:"Print devboot's version, commit and the Go it was built with."`
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Environ()))
}

// exitPanic carries kong's requested exit code out of Parse.
type exitPanic struct{ code int }

// run is main without the process: tests call it with their own writers.
func run(args []string, stdout, stderr io.Writer, environ []string) (code int) {
	cli := &CLI{}
	cli.Globals.stdout, cli.Globals.stderr, cli.Globals.environ = stdout, stderr, environ
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(exitPanic); ok {
				code = e.code
				return
			}
			panic(r)
		}
	}()
	parser, err := kong.New(cli,
		kong.Name("devboot"),
		kong.Description("devboot makes a Go development environment correct in one command: on WSL2, in containers and on bare Linux.\n\nStart with 'devboot up --dry-run' to see what it would do here."),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) {
			// kong exits 80 on usage errors; the contract says 2.
			if c != 0 {
				c = exitcode.Usage
			}
			panic(exitPanic{c})
		}),
		kong.Bind(&cli.Globals),
	)
	if err != nil {
		fmt.Fprintln(stderr, "devboot:", err)
		return exitcode.Failure
	}
	ctx, err := parser.Parse(args)
	if err != nil {
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			fmt.Fprintln(stderr, "devboot:", err)
			_ = pe.Context.PrintUsage(true)
			return exitcode.Usage
		}
		fmt.Fprintln(stderr, "devboot:", err)
		return exitcode.Usage
	}
	cli.Globals.setup()
	if err := ctx.Run(); err != nil {
		code := exitcode.Code(err)
		if code != exitcode.Problems || !cli.JSON {
			fmt.Fprintln(stderr, "devboot:", err)
		}
		return code
	}
	return exitcode.OK
}
