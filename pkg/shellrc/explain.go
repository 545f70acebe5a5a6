package shellrc

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// ModeReport is what one shell, started one way, really read on this
// machine: found by starting it with tracing, not from a table.
type ModeReport struct {
	Shell   string   `json:"shell"` // bash, zsh, fish, sh, systemd, gui
	Mode    string   `json:"mode"`  // login, interactive-login, interactive, non-interactive, ssh, session
	Command []string `json:"command"`
	// Rule is the documented rule for this mode; Files is what the run read.
	Rule  string     `json:"rule"`
	Files []FileRead `json:"files"`
	// How the files were found: "xtrace" (file and line of every command),
	// "source-trace" (every file sourced), or "rules+trace" (the shell's
	// rules for its own files plus every `.` the trace shows).
	Method string `json:"method"`
	// BlockRead is whether devboot's block ran; BlockFile/BlockLine say
	// where (the begin marker's line).
	BlockRead bool   `json:"block_read"`
	BlockFile string `json:"block_file,omitempty"`
	BlockLine int    `json:"block_line,omitempty"`
	PATH      string `json:"path"`
	// DevbootFirst: PATH starts with devboot's directories.
	DevbootFirst bool     `json:"devboot_first"`
	Notes        []string `json:"notes,omitempty"`
	Error        string   `json:"error,omitempty"`

	env map[string]string // the environment systemd's generator produced
}

// FileRead is one startup file a run read, in order.
type FileRead struct {
	Path string `json:"path"`
	// By is "trace" when the trace showed the file, "rule" when the shell
	// reads it by its rules but its trace cannot show files (dash, bash as
	// root).
	By string `json:"by"`
	// BlockLine is where devboot's block begins in the file (0: none);
	// BlockRan whether its commands ran.
	BlockLine int  `json:"block_line,omitempty"`
	BlockRan  bool `json:"block_ran,omitempty"`
}

// Explain starts bash, zsh, fish and sh in each mode, and systemd's
// environment generator, as h's user with HOME at the user's home, traced,
// concurrently, and reports which files each read and the PATH it ended up
// with. e says what devboot's PATH entries are. It only runs on the real
// machine (h.Root "/"): the shells and files are the machine's own.
func Explain(ctx context.Context, h *host.Host, e goenv.Env) ([]ModeReport, error) {
	if h.Root != "/" && h.Root != "" {
		return nil, fmt.Errorf("tracing starts this machine's shells, so it cannot describe --root %s", h.Root)
	}
	// fish creates its data dir at every start, even for -c: take away
	// what the runs created, if it stayed empty.
	created := missingDirs(h.User.Home, fishDataDir(h))
	defer goenv.RemoveEmptyDirs(created)
	specs := modeSpecs(h)
	reports := make([]ModeReport, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i] = s.run(ctx, h)
		}()
	}
	wg.Wait()
	// The GUI session builds on the systemd session's environment.
	if gui := guiReport(ctx, h, specs, reports); gui != nil {
		reports = append(reports, *gui)
	}
	var out []ModeReport
	for _, r := range reports {
		if r.Shell == "" {
			continue // shell not installed
		}
		finish(&r, h, e)
		out = append(out, r)
	}
	return out, nil
}

// finish fills in what follows from the files and PATH: the block's place,
// whether devboot's directories lead PATH, and why a block was not read.
func finish(r *ModeReport, h *host.Host, e goenv.Env) {
	prefix := strings.Join(e.PathPrepend, ":")
	r.DevbootFirst = prefix != "" && (r.PATH == prefix || strings.HasPrefix(r.PATH, prefix+":"))
	if r.Method == methodRules && r.DevbootFirst {
		// The trace cannot say which lines ran; PATH says the block did.
		for i := range r.Files {
			r.Files[i].BlockRan = r.Files[i].BlockLine > 0
		}
	}
	for _, f := range r.Files {
		if f.BlockLine > 0 && f.BlockRan && !r.BlockRead {
			r.BlockRead, r.BlockFile, r.BlockLine = true, f.Path, f.BlockLine
		}
	}
	if r.Error != "" || r.BlockRead {
		return
	}
	profile := filepath.Join(h.User.Home, ".profile")
	if r.Shell == "bash" && strings.Contains(r.Mode, "login") && blockLine(profile) > 0 && !readIn(r, profile) {
		if lf := bashLoginFile(h); lf != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("~/.profile holds devboot's block, but bash -l reads %s instead and it does not source ~/.profile: run `devboot shell install` (it writes the block into %s too)", lf, lf))
		}
	}
	if r.DevbootFirst {
		r.Notes = append(r.Notes, "no devboot block ran, but the inherited PATH already starts with devboot's directories")
	} else {
		r.Notes = append(r.Notes, "devboot's block is not read in this mode, and PATH does not start with devboot's Go")
	}
}

func readIn(r *ModeReport, path string) bool {
	for _, f := range r.Files {
		if f.Path == path {
			return true
		}
	}
	return false
}

// blockLine is the line devboot's block begins on in file (0: none).
func blockLine(file string) int {
	start, _ := blockSpan(file)
	return start
}

// blockSpan is the first line range (1-based, markers included) of
// devboot's block in file; 0, 0 when there is none.
func blockSpan(file string) (start, end int) {
	data, err := os.ReadFile(file)
	if err != nil || len(data) == 0 {
		return 0, 0
	}
	spans, err := findBlocks(splitLines(string(data)))
	if err != nil || len(spans) == 0 {
		return 0, 0
	}
	return spans[0].start + 1, spans[0].end + 1
}

// shellBinary finds a shell binary, "" when it is not installed.
func shellBinary(name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		for _, dir := range []string{"/usr/bin", "/bin"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
				return filepath.Join(dir, name)
			}
		}
		return ""
	}
	return p
}

// fishDataDir is where fish keeps history and universal variables.
func fishDataDir(h *host.Host) string {
	if d := h.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) && !h.User.Sudo {
		return filepath.Join(d, "fish")
	}
	return filepath.Join(h.User.Home, ".local", "share", "fish")
}

// missingDirs lists dir and its parents below home that do not exist yet,
// outermost first (the order goenv.RemoveEmptyDirs takes).
func missingDirs(home, dir string) []string {
	var dirs []string
	for d := dir; strings.HasPrefix(d, home+"/"); d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		dirs = append([]string{d}, dirs...)
	}
	return dirs
}
