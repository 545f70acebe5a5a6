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
	"slices"

	"github.com/alecthomas/kong"

	"github.com/devboot/devboot/pkg/exitcode"
)

// CLI is the root of the command line: the global flags. The commands
// are registered from commands(), so that a run can build kong's model of
// only the command it runs (see run). ../shared/CLI.md is the contract.
type CLI struct {
	Globals
}

// command is one top-level command of the CLI.
type command struct {
	name, help string
	cmd        any // a fresh *XxxCmd struct with a Run method
}

// commands lists the top-level commands in the order help shows them.
func commands() []command {
	return []command{
		{"detect", "Tell where devboot runs: WSL1/WSL2, container, or bare Linux; arch, distro, shell, Docker engine, NTFS paths.", &DetectCmd{}},
		{"toolchain", "Resolve, install, list, switch and remove Go toolchains.", &ToolchainCmd{}},
		{"env", "Print the Go environment setup for a shell, for eval \"$(devboot env)\".", &EnvCmd{}},
		{"shell", "Install, remove or inspect devboot's managed block in shell startup files.", &ShellCmd{}},
		{"gopath", "Inspect and fix where GOPATH and the Go caches live (NTFS on WSL2).", &GopathCmd{}},
		{"wslpath", "Translate between Windows and Linux paths, as WSL's wslpath does.", &WslpathCmd{}},
		{"symlinks", "Rewrite (and restore) symlinks whose targets are Windows or drive-mount paths.", &SymlinksCmd{}},
		{"doctor", "Check the Go environment and explain every problem with its fix.", &DoctorCmd{}},
		{"emit", "Write Dockerfiles, Dev Container Features and .devcontainer files.", &EmitCmd{}},
		{"up", "Plan, apply and verify a working Go environment on this machine.", &UpCmd{}},
		{"down", "Undo everything 'devboot up' recorded in its journal.", &DownCmd{}},
		{"proxy", "Fill an offline GOPROXY-layout module mirror (devboot proxy fill DIR).", &ProxyCmd{}},
		{"version", "Print devboot's version, commit and the Go it was built with.", &VersionCmd{}},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Environ()))
}

// exitPanic carries kong's requested exit code out of Parse.
type exitPanic struct{ code int }

// run is main without the process: tests call it with their own writers.
//
// Building kong's model of every command costs about 2 ms and 850 KB at
// each start, a third of `devboot detect` (docs/benchmarks.md). So the
// model first holds only the command the arguments name; when they name
// none, or do not parse against it, the whole model parses them again, so
// help and errors are those of the full command line. (A command name used
// as a flag's value cannot mislead it: the real command is then missing
// from the small model, that parse fails, and the full one decides.)
func run(args []string, stdout, stderr io.Writer, environ []string) int {
	cmds := commands()
	for _, a := range args {
		if slices.ContainsFunc(cmds, func(c command) bool { return c.name == a }) {
			if code, parsed := parseAndRun(args, stdout, stderr, environ, a); parsed {
				return code
			}
			break
		}
	}
	code, _ := parseAndRun(args, stdout, stderr, environ, "")
	return code
}

// parseAndRun parses args against a model of the command called only (of all
// commands when only is "") and runs it. With only set, a parse error is
// not reported: parsed is false and the caller parses again.
func parseAndRun(args []string, stdout, stderr io.Writer, environ []string, only string) (code int, parsed bool) {
	cli := &CLI{}
	cli.Globals.stdout, cli.Globals.stderr, cli.Globals.environ = stdout, stderr, environ
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(exitPanic); ok {
				code, parsed = e.code, true
				return
			}
			panic(r)
		}
	}()
	opts := []kong.Option{
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
	}
	for _, c := range commands() {
		if only == "" || c.name == only {
			opts = append(opts, kong.DynamicCommand(c.name, c.help, "", c.cmd))
		}
	}
	parser, err := kong.New(cli, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "devboot:", err)
		return exitcode.Failure, true
	}
	ctx, err := parser.Parse(args)
	if err != nil && only != "" {
		return 0, false
	}
	if err != nil {
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			fmt.Fprintln(stderr, "devboot:", err)
			_ = pe.Context.PrintUsage(true)
			return exitcode.Usage, true
		}
		fmt.Fprintln(stderr, "devboot:", err)
		return exitcode.Usage, true
	}
	cli.Globals.setup()
	if err := ctx.Run(); err != nil {
		code := exitcode.Code(err)
		if code != exitcode.Problems || !cli.JSON {
			fmt.Fprintln(stderr, "devboot:", err)
		}
		return code, true
	}
	return exitcode.OK, true
}
