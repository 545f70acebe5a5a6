package binwhy

import (
	"debug/elf"
	"fmt"
	"slices"

	"github.com/devboot/devboot/pkg/host"
)

// elfLayer judges the ELF header against the running kernel.
func elfLayer(h *host.Host, f *elf.File, file string) Layer {
	l := Layer{ID: LayerELF, Verdict: OK}
	l.Evidence = append(l.Evidence, fmt.Sprintf("%s, %s, %s, %s", f.Class, f.Data, f.Machine, f.Type))
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		l.Verdict, l.Message = Fail, fmt.Sprintf("%s is an ELF %s, not a program: Exec format error", file, f.Type)
		l.Fix = "link it into an executable (go build / gcc without -c)"
		return l
	}
	arch := kernelArch(h)
	abi, known := kernelArches[arch]
	if !known {
		l.Message = fmt.Sprintf("%s %s program; kernel arch %q not known to devboot, not compared", f.Class, f.Machine, arch)
		l.Verdict = Warn
		return l
	}
	l.Evidence = append(l.Evidence, "kernel arch (uname -m): "+arch)
	if !slices.Contains(abi.machines, f.Machine) {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("%s is built for %s, but this kernel is %s: Exec format error", file, f.Machine, arch)
		if goarch := goarchOf(abi.machines[0]); goarch != "" {
			l.Fix = fmt.Sprintf("use the %s build of the program; for Go code rebuild with GOARCH=%s", arch, goarch)
		}
		if q := binfmtHandler(h, f.Machine); q != "" {
			l.Verdict = Warn
			l.Message += fmt.Sprintf("; binfmt_misc handler %s will emulate it (slowly)", q)
		}
		return l
	}
	if f.Data != abi.data {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("%s is %s, the kernel %s is %s: Exec format error", file, f.Data, arch, abi.data)
		l.Fix = "use a build for this machine's byte order"
		return l
	}
	l.Message = fmt.Sprintf("%s %s program, runnable on this %s kernel", f.Class, f.Machine, arch)
	if f.Machine != abi.machines[0] {
		l.Message += " (compat mode)"
	}
	return l
}
