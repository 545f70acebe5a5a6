package shellrc

import (
	"path/filepath"
	"strconv"
	"strings"
)

// How a tracer found the files (ModeReport.Method).
const (
	methodXtrace = "xtrace"       // file and line of every command
	methodSource = "source-trace" // every file sourced
	methodRules  = "rules+trace"  // the shell's rules plus the `.` commands traced
)

// traceMark starts every trace line devboot asks for, so that the user's
// own output on the same stream is never taken for a trace.
const traceMark = "devboot\t"

// tracer knows how to trace one kind of shell and read its trace.
type tracer interface {
	args(flags []string) []string
	env() map[string]string
	parse(o output) traced
}

// traced is what a trace says.
type traced struct {
	method  string
	files   []string         // in order of first appearance
	lines   map[string][]int // lines seen running, per file (xtrace)
	printed []byte           // what the -c command printed on fd 3
	env     map[string]string
	note    string
}

// xtraceRecords reads "+devboot\tFILE\tLINE\t..." lines (any number of
// leading '+': bash repeats it per nesting level). Lines of the -c command
// itself name no absolute file and are left out.
func xtraceRecords(trace []byte) (files []string, lines map[string][]int) {
	lines = map[string][]int{}
	for _, l := range strings.Split(string(trace), "\n") {
		l = strings.TrimLeft(l, "+")
		rest, ok := strings.CutPrefix(l, traceMark)
		if !ok {
			continue
		}
		file, rest, ok := strings.Cut(rest, "\t")
		if !ok || !filepath.IsAbs(file) {
			continue
		}
		num, command, _ := strings.Cut(rest, "\t")
		n, err := strconv.Atoi(num)
		if err != nil {
			continue
		}
		if _, seen := lines[file]; !seen {
			files = append(files, file)
		}
		lines[file] = append(lines[file], n)
		// A sourced file shows even when it runs no command (empty, or
		// only comments): it was read all the same.
		for _, src := range sourcedFiles([]byte(command), "") {
			if _, seen := lines[src]; !seen {
				files = append(files, src)
				lines[src] = nil
			}
		}
	}
	return files, lines
}

// sourcedFiles reads the files a plain `set -x` trace shows being sourced
// ("+ . FILE", "+ source FILE"), in order.
func sourcedFiles(trace []byte, prefix string) []string {
	var files []string
	seen := map[string]bool{}
	for _, l := range strings.Split(string(trace), "\n") {
		l = strings.TrimLeft(l, "+")
		rest, ok := strings.CutPrefix(l, prefix)
		if !ok {
			continue
		}
		var arg string
		if a, ok := strings.CutPrefix(rest, ". "); ok {
			arg = a
		} else if a, ok := strings.CutPrefix(rest, "source "); ok {
			arg = a
		} else {
			continue
		}
		// bash quotes an argument with special characters: '/a b/x'.
		arg = strings.TrimSpace(arg)
		if len(arg) > 1 && arg[0] == '\'' && arg[len(arg)-1] == '\'' {
			arg = arg[1 : len(arg)-1]
		}
		if filepath.IsAbs(arg) && !seen[arg] {
			seen[arg] = true
			files = append(files, arg)
		}
	}
	return files
}

// bashTracer: -x with PS4 naming ${BASH_SOURCE} and ${LINENO}, the trace
// sent to fd 4 by BASH_XTRACEFD so the user's stderr never mixes in. bash
// ignores PS4 from the environment when it runs as root: then the trace has
// bash's plain "+ " lines, and the files come from bash's rules plus the
// `.`/`source` commands in the trace.
type bashTracer struct{}

func (bashTracer) args(flags []string) []string {
	return append(append([]string{"-x"}, flags...), "-c", printPOSIX)
}

func (bashTracer) env() map[string]string {
	return map[string]string{"PS4": "+" + traceMark + "${BASH_SOURCE}\t${LINENO}\t", "BASH_XTRACEFD": "4"}
}

func (bashTracer) parse(o output) traced {
	files, lines := xtraceRecords(o.fd4)
	if hasMark(o.fd4) {
		return traced{method: methodXtrace, files: files, lines: lines, printed: o.fd3}
	}
	return traced{method: methodRules, files: sourcedFiles(o.fd4, " "), printed: o.fd3,
		note: "bash ignores PS4 from the environment when it runs as root, so its trace names no files: the files are bash's rules for this mode plus every file the trace shows being sourced"}
}

func hasMark(trace []byte) bool {
	for _, l := range strings.Split(string(trace), "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, "+"), traceMark) {
			return true
		}
	}
	return false
}

// zshTracer: -x with PS4 naming %x (the file) and %I (its line); zsh has
// no separate trace fd, so the marked lines are picked out of stderr.
type zshTracer struct{}

func (zshTracer) args(flags []string) []string {
	return append(append([]string{"-x"}, flags...), "-c", printPOSIX)
}

func (zshTracer) env() map[string]string {
	return map[string]string{"PS4": "+" + traceMark + "%x\t%I\t"}
}

func (zshTracer) parse(o output) traced {
	files, lines := xtraceRecords(o.stderr)
	return traced{method: methodXtrace, files: files, lines: lines, printed: o.fd3}
}

// fishTracer: fish_trace=1 makes fish print every command it runs,
// arguments expanded, with one '-' per nesting level before '>'; every
// `source FILE` is a startup file read (fish's own function files and
// build paths are left out).
type fishTracer struct{}

func (fishTracer) args(flags []string) []string {
	return append(append([]string{}, flags...), "-c", `printf '%s\n' (string join : -- $PATH) >&3`)
}

func (fishTracer) env() map[string]string { return map[string]string{"fish_trace": "1"} }

func (fishTracer) parse(o output) traced {
	return traced{method: methodSource, files: fishSources(o.stderr), printed: o.fd3}
}

func fishSources(trace []byte) []string {
	var files []string
	seen := map[string]bool{}
	for _, l := range strings.Split(string(trace), "\n") {
		l = strings.TrimLeft(l, "-")
		rest, ok := strings.CutPrefix(l, "> ")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "builtin ")
		file, ok := strings.CutPrefix(rest, "source ")
		if !ok || !filepath.IsAbs(file) || seen[file] || fishInternal(file) {
			continue
		}
		seen[file] = true
		files = append(files, file)
	}
	return files
}

// fishInternal is fish's own machinery under its data dir: autoloaded
// functions, completions and build paths (config.fish and vendor conf.d
// files there are startup files).
func fishInternal(file string) bool {
	if !strings.HasPrefix(file, "/usr/share/fish/") {
		return false
	}
	return filepath.Base(file) != "config.fish" && !strings.HasSuffix(filepath.Dir(file), "conf.d")
}

// shTracer: dash's -x shows commands but not which file they come from
// (and LINENO is empty in PS4), so the files are sh's rules ($ENV as
// printed at the end) plus every `.` the trace shows.
type shTracer struct{}

func (shTracer) args(flags []string) []string {
	return append(append([]string{"-x"}, flags...), "-c", printPOSIX)
}

func (shTracer) env() map[string]string { return map[string]string{"PS4": "+" + traceMark} }

func (shTracer) parse(o output) traced {
	return traced{method: methodRules, files: sourcedFiles(o.stderr, traceMark), printed: o.fd3,
		note: "sh (dash) traces commands but not their files: the files are sh's rules for this mode (with $ENV as it ended up) plus every file the trace shows being sourced"}
}

// generatorTracer runs systemd's environment-d generator with debug
// logging, which names every file it reads, and takes PATH from the
// environment it prints.
type generatorTracer struct{}

func (generatorTracer) args([]string) []string { return nil }

func (generatorTracer) env() map[string]string {
	return map[string]string{"SYSTEMD_LOG_LEVEL": "debug", "PATH": systemdUserPATH, "SYSTEMD_LOG_TARGET": "console"}
}

func (generatorTracer) parse(o output) traced {
	var files []string
	for _, l := range strings.Split(string(o.stderr), "\n") {
		if f, ok := strings.CutPrefix(l, "Reading "); ok {
			f = strings.TrimSuffix(strings.TrimSuffix(f, "…"), "...")
			if filepath.IsAbs(f) {
				files = append(files, f)
			}
		}
	}
	env := map[string]string{"PATH": systemdUserPATH}
	for _, l := range strings.Split(string(o.stdout), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && k != "" {
			env[k] = v
		}
	}
	return traced{method: methodSource, files: files, printed: []byte(env["PATH"]), env: env}
}
