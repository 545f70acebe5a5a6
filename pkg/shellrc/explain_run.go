package shellrc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/devboot/devboot/pkg/host"
)

// runTimeout bounds one traced start: a startup file that waits for input
// or starts something long must not hang `shell status`.
const runTimeout = 5 * time.Second

// printPOSIX writes, on fd 3 so the user's own output cannot be mistaken
// for it, the final PATH and the variables naming further startup files.
const printPOSIX = `printf '%s\n' "$PATH" "${ENV-}" "${BASH_ENV-}" >&3`

// run starts the shell of s traced and reports what it read.
func (s modeSpec) run(ctx context.Context, h *host.Host) ModeReport {
	return s.runWith(ctx, h, nil)
}

// runWith is run with extra environment (the GUI session's).
func (s modeSpec) runWith(ctx context.Context, h *host.Host, extra map[string]string) ModeReport {
	r := ModeReport{Shell: s.shell, Mode: s.mode, Rule: s.rule}
	env := baseEnv(h)
	for _, m := range []map[string]string{extra, s.env, s.tracer.env()} {
		for k, v := range m {
			env[k] = v
		}
	}
	argv := append([]string{s.bin}, s.tracer.args(s.flags)...)
	r.Command = append([]string{filepath.Base(s.bin)}, s.flags...)
	if _, gen := s.tracer.(generatorTracer); !gen {
		r.Command = append(r.Command, "-c", "…")
	}
	out, err := runBounded(ctx, h, argv, env)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	tr := s.tracer.parse(out)
	r.Method = tr.method
	printed := strings.Split(string(tr.printed), "\n")
	r.PATH = printed[0]
	switch {
	case tr.method == methodRules:
		more := ""
		if len(printed) > 1 && s.shell == "sh" {
			more = printed[1] // $ENV as the shell ended up with it
		} else if len(printed) > 2 && s.shell == "bash" {
			more = printed[2] // $BASH_ENV
		}
		var rules []string
		if s.ruleFiles != nil {
			for _, f := range s.ruleFiles(h, more) {
				if readable(f) {
					rules = append(rules, f)
				}
			}
		}
		for _, f := range placeSourced(rules, tr.files, h.User.Home, readText) {
			by := "trace"
			if slices.Contains(rules, f) {
				by = "rule"
			}
			r.Files = append(r.Files, fileRead(f, by, nil, false))
		}
		r.Notes = append(r.Notes, tr.note)
	default:
		for _, f := range tr.files {
			r.Files = append(r.Files, fileRead(f, "trace", tr.lines[f], tr.method == methodSource))
		}
	}
	if r.PATH == "" && out.exit != nil {
		r.Error = fmt.Sprintf("%s did not get to print PATH (%v): %s", filepath.Base(s.bin), out.exit, tail(out.stderr))
	}
	r.env = tr.env
	return r
}

// fileRead describes one read file; lines are the lines the trace saw run
// (xtrace), otherwise the block counts as run when the file was read.
func fileRead(path, by string, lines []int, readMeansRan bool) FileRead {
	f := FileRead{Path: path, By: by}
	start, end := blockSpan(path)
	if start == 0 {
		return f
	}
	f.BlockLine = start
	f.BlockRan = readMeansRan
	for _, l := range lines {
		if l >= start && l <= end {
			f.BlockRan = true
		}
	}
	return f
}

// output is what one bounded run produced.
type output struct {
	fd3, fd4, stdout, stderr []byte
	exit                     error
}

// runBounded runs argv as h's user with stdin from /dev/null, fds 3 and 4
// to files, in its own process group, killed whole after runTimeout.
func runBounded(ctx context.Context, h *host.Host, argv []string, env map[string]string) (output, error) {
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	files := make([]*os.File, 4)
	for i := range files {
		f, err := os.CreateTemp("", "devboot-trace-")
		if err != nil {
			return output{}, err
		}
		os.Remove(f.Name()) // the open file is all that is needed
		defer f.Close()
		files[i] = f
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = h.User.Home
	cmd.Env = environ(env)
	cmd.Stdout, cmd.Stderr = files[2], files[3]
	cmd.ExtraFiles = files[:2] // fd 3, fd 4
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Geteuid() == 0 && h.User.UID != 0 {
		// The user's own files run as the user: nothing they do may
		// leave root-owned files behind, and what root may read differs.
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(h.User.UID), Gid: uint32(h.User.GID), Groups: []uint32{uint32(h.User.GID)}}
	}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return output{}, fmt.Errorf("gave up after %v: a startup file waits for something (input, a network, a program that does not exit)", runTimeout)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return output{}, err
	}
	var o output
	o.exit = err
	for i, dst := range []*[]byte{&o.fd3, &o.fd4, &o.stdout, &o.stderr} {
		data, rerr := readAll(files[i])
		if rerr != nil {
			return output{}, rerr
		}
		*dst = data
	}
	return o, nil
}

func readAll(f *os.File) ([]byte, error) {
	if _, err := f.Seek(0, 0); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	_, err := b.ReadFrom(f)
	return b.Bytes(), err
}

// baseEnv is the environment a session of h's user starts from. Under sudo
// the environment is root's, so only the locale is taken from it.
func baseEnv(h *host.Host) map[string]string {
	m := map[string]string{"HOME": h.User.Home, "USER": h.User.Name, "LOGNAME": h.User.Name, "TERM": "dumb", "PATH": h.Getenv("PATH")}
	if m["PATH"] == "" || h.User.Sudo {
		m["PATH"] = "/usr/local/bin:/usr/bin:/bin"
	}
	keys := []string{"LANG", "LC_ALL"}
	if !h.User.Sudo {
		keys = append(keys, "SHELL", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "ZDOTDIR", "BASH_ENV", "ENV")
	}
	for _, k := range keys {
		if v, ok := h.LookupEnv(k); ok {
			m[k] = v
		}
	}
	return m
}

// environ turns m into os/exec form; an empty value removes the variable.
func environ(m map[string]string) []string {
	var env []string
	for k, v := range m {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	sort.Strings(env)
	return env
}

func tail(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = "…" + s[len(s)-300:]
	}
	return s
}

func openRead(p string) (*os.File, error) { return os.Open(p) }
