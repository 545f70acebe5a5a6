package binwhy

import (
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Diagnose explains whether name (a command name looked up on PATH, or a
// path containing "/") runs on h for h.User, and if not, which layer
// breaks first and how to fix it. shell is the login shell whose builtins
// matter ("" reads $SHELL).
func Diagnose(h *host.Host, name, shell string) *Report {
	r := &Report{Name: name}
	defer r.finish()
	who := identity{uid: h.User.UID, gid: h.User.GID}
	if shell == "" {
		shell = h.Getenv("SHELL")
	}
	file := name
	if strings.Contains(name, "/") {
		if abs, err := filepath.Abs(name); err == nil {
			file = abs // ./x is relative to where the user stands
		}
		r.add(Layer{ID: LayerPath, Verdict: OK, Message: "given as a path: no PATH lookup"})
	} else {
		l, found := lookPath(h, name, who)
		r.add(l)
		file = found
	}
	if bl, ok := builtinLayer(shell, name, file != ""); ok {
		r.add(bl)
		if file == "" {
			// What the user needs to hear is why it is not a program.
			r.Layers[0].Fix = bl.Fix
		}
	}
	if al, ok := aliasLayer(h, name); ok {
		r.add(al)
	}
	if file == "" {
		return r
	}
	r.Path = file
	fl, real, fi := fileLayer(h, file)
	r.add(fl)
	if fl.Verdict == Fail {
		return r
	}
	r.add(execLayer(h, real, fi, who))
	contentLayers(h, r, real, who)
	return r
}

// contentLayers examines what the file is: an ELF program or a script.
func contentLayers(h *host.Host, r *Report, real string, who identity) {
	fh, err := os.Open(h.Path(real))
	if err != nil {
		r.add(Layer{ID: LayerFormat, Verdict: Fail, Message: fmt.Sprintf("%s cannot be read: %v", real, err), Fix: "check its permissions"})
		return
	}
	defer fh.Close()
	head := make([]byte, binprmBufSize)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	if sb, ok := ParseShebang(head); ok {
		r.add(Layer{ID: LayerFormat, Verdict: OK, Message: "script (#! line)"})
		r.add(shebangLayer(h, real, sb, who))
		return
	}
	f, err := elf.NewFile(fh)
	if err != nil {
		r.add(Layer{ID: LayerFormat, Verdict: Fail,
			Message: fmt.Sprintf("%s is neither an ELF program nor a #! script: Exec format error (a shell may run it as a shell script)", real),
			Fix:     "add a #! line naming its interpreter, or use a build of the program for Linux"})
		return
	}
	r.add(Layer{ID: LayerFormat, Verdict: OK, Message: "ELF"})
	el := elfLayer(h, f, real)
	r.add(el)
	if el.Verdict == Fail {
		return
	}
	interp, err := interpreterOf(f)
	if err != nil {
		r.add(Layer{ID: LayerInterpreter, Verdict: Fail, Message: "PT_INTERP unreadable: " + err.Error(), Fix: "the file is damaged: reinstall it"})
		return
	}
	r.add(interpreterLayer(h, f, real, interp))
	libs, err := resolveAll(h, f, real, interp)
	if err != nil {
		r.add(Layer{ID: LayerLibraries, Verdict: Fail, Message: "dynamic section unreadable: " + err.Error(), Fix: "the file is damaged: reinstall it"})
		return
	}
	r.Libraries = libs
	r.add(librariesLayer(libs))
}
