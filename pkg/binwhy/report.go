// Package binwhy explains why a command is "not found" or fails to execute,
// layer by layer, the way the shell, the kernel and the dynamic loader would
// judge it: PATH lookup, shell builtins, the file and its exec permission
// (mode and noexec mounts), the ELF header against the kernel's arch, the
// program interpreter, every shared library, and a script's #! line.
//
// Everything is read through host.Host (so --root fixtures work) with
// debug/elf and pkg/ldcache; nothing is executed, unlike ldd.
package binwhy

import "strings"

// Verdicts, shared with doctor's checks.
const (
	OK   = "ok"
	Warn = "warn"
	Fail = "fail"
)

// Layer ids, in the order they are examined.
const (
	LayerPath        = "path"
	LayerBuiltin     = "builtin"
	LayerAlias       = "alias"
	LayerFile        = "file"
	LayerExec        = "exec"
	LayerFormat      = "format"
	LayerELF         = "elf"
	LayerInterpreter = "interpreter"
	LayerLibraries   = "libraries"
	LayerShebang     = "shebang"
)

// Layer is one examined level with its verdict.
type Layer struct {
	ID       string   `json:"id"`
	Verdict  string   `json:"verdict"`
	Message  string   `json:"message"`
	Evidence []string `json:"evidence,omitempty"`
	Fix      string   `json:"fix,omitempty"`
}

// Report is the whole diagnosis of one name.
type Report struct {
	Name string `json:"name"`
	// Path is the file that would run (a host path), when one was found.
	Path   string  `json:"path,omitempty"`
	Layers []Layer `json:"layers"`
	// Verdict is fail when some layer fails, warn when one warns, else ok.
	Verdict string `json:"verdict"`
	// Broken is the first failing layer: the reason NAME does not run.
	Broken string `json:"broken_layer,omitempty"`
	// Fix is that layer's fix.
	Fix string `json:"fix,omitempty"`
	// Libraries is how each needed shared library resolves.
	Libraries []Library `json:"libraries,omitempty"`
}

// Layer returns the layer with id, or nil when it was not examined.
func (r *Report) Layer(id string) *Layer {
	for i := range r.Layers {
		if r.Layers[i].ID == id {
			return &r.Layers[i]
		}
	}
	return nil
}

func (r *Report) add(l Layer) {
	r.Layers = append(r.Layers, l)
}

// finish computes the overall verdict from the layers.
func (r *Report) finish() {
	r.Verdict = OK
	for _, l := range r.Layers {
		switch l.Verdict {
		case Fail:
			if r.Broken == "" {
				r.Broken, r.Fix = l.ID, l.Fix
			}
			r.Verdict = Fail
		case Warn:
			if r.Verdict == OK {
				r.Verdict = Warn
			}
		}
	}
}

// Text renders the report for people: one line per layer, the verdict last.
func (r *Report) Text() string {
	var b strings.Builder
	for _, l := range r.Layers {
		b.WriteString("[" + l.Verdict + "] " + l.ID + ": " + l.Message + "\n")
		for _, e := range l.Evidence {
			b.WriteString("        " + e + "\n")
		}
		if l.Fix != "" && l.Verdict != OK {
			b.WriteString("        fix: " + l.Fix + "\n")
		}
	}
	switch r.Broken {
	case "":
		b.WriteString("verdict: " + r.Name + " should run (" + r.Verdict + ")\n")
	default:
		b.WriteString("verdict: " + r.Name + " does not run: the " + r.Broken + " layer is broken\n")
		if r.Fix != "" {
			b.WriteString("fix: " + r.Fix + "\n")
		}
	}
	return b.String()
}
