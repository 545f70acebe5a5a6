package binwhy

import (
	"debug/elf"
	"fmt"
	"io"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// interpreterOf returns PT_INTERP, "" for a static program.
func interpreterOf(f *elf.File) (string, error) {
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		b, err := io.ReadAll(p.Open())
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\x00"), nil
	}
	return "", nil
}

func isMusl(interp string) bool { return strings.Contains(interp, "ld-musl") }

// hostHasMusl reports whether any musl loader is installed.
func hostHasMusl(h *host.Host) bool {
	entries, err := h.ReadDir("/lib")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "ld-musl-") {
			return true
		}
	}
	return false
}

// interpreterLayer checks the program interpreter exists and suits the
// program: a missing one gives the baffling "No such file or directory"
// for a file that plainly exists.
func interpreterLayer(h *host.Host, f *elf.File, file, interp string) Layer {
	l := Layer{ID: LayerInterpreter, Verdict: OK}
	if interp == "" {
		l.Message = "statically linked: no program interpreter needed"
		return l
	}
	l.Evidence = append(l.Evidence, "PT_INTERP "+interp)
	real, _, err := statIn(h, interp)
	if err != nil {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("program interpreter %s does not exist, so running %s says \"No such file or directory\"", interp, file)
		switch {
		case isMusl(interp):
			l.Message += " (the program was linked against musl libc, e.g. built on Alpine)"
			l.Fix = "install musl (apt install musl / apk add musl), or rebuild it here; for Go use CGO_ENABLED=0 for a static binary"
		case hostHasMusl(h):
			l.Message += " (a glibc program on a musl system)"
			l.Fix = "install glibc compatibility (apk add gcompat), or rebuild on this system; for Go use CGO_ENABLED=0"
		default:
			l.Fix = fmt.Sprintf("install the C library that provides %s (for %s %s), or rebuild the program here; for Go use CGO_ENABLED=0", interp, f.Class, f.Machine)
		}
		return l
	}
	if real != interp {
		l.Evidence = append(l.Evidence, "resolves to "+real)
	}
	if lf, err := elf.Open(h.Path(real)); err == nil {
		defer lf.Close()
		if lf.Class != f.Class || lf.Machine != f.Machine {
			l.Verdict = Fail
			l.Message = fmt.Sprintf("program interpreter %s is %s %s, the program is %s %s", interp, lf.Class, lf.Machine, f.Class, f.Machine)
			l.Fix = "install the C library for the program's architecture, or use a build for this one"
			return l
		}
	}
	l.Message = "program interpreter " + interp + " exists"
	return l
}
