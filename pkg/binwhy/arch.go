package binwhy

import (
	"debug/elf"
	"strings"
	"syscall"

	"github.com/devboot/devboot/pkg/host"
)

// kernelArch is `uname -m` of the host: /proc/sys/kernel/arch through the
// Host (so fixtures can set it), else uname(2) when looking at this machine.
func kernelArch(h *host.Host) string {
	if b, err := h.ReadFile("/proc/sys/kernel/arch"); err == nil {
		if s := strings.TrimSpace(string(b)); s != "" {
			return s
		}
	}
	if h.Root != "/" && h.Root != "" {
		return ""
	}
	var u syscall.Utsname
	if syscall.Uname(&u) != nil {
		return ""
	}
	var b strings.Builder
	for _, c := range u.Machine {
		if c == 0 {
			break
		}
		b.WriteByte(byte(c))
	}
	return b.String()
}

// archABI is what a kernel arch runs natively: its ELF machines (the
// first is the native one, others run in compat mode) and byte order.
type archABI struct {
	machines []elf.Machine
	data     elf.Data
	triplet  string // Debian multiarch directory of the native ABI
}

var kernelArches = map[string]archABI{
	"x86_64":  {[]elf.Machine{elf.EM_X86_64, elf.EM_386}, elf.ELFDATA2LSB, "x86_64-linux-gnu"},
	"i686":    {[]elf.Machine{elf.EM_386}, elf.ELFDATA2LSB, "i386-linux-gnu"},
	"i386":    {[]elf.Machine{elf.EM_386}, elf.ELFDATA2LSB, "i386-linux-gnu"},
	"aarch64": {[]elf.Machine{elf.EM_AARCH64, elf.EM_ARM}, elf.ELFDATA2LSB, "aarch64-linux-gnu"},
	"armv7l":  {[]elf.Machine{elf.EM_ARM}, elf.ELFDATA2LSB, "arm-linux-gnueabihf"},
	"armv6l":  {[]elf.Machine{elf.EM_ARM}, elf.ELFDATA2LSB, "arm-linux-gnueabihf"},
	"ppc64le": {[]elf.Machine{elf.EM_PPC64}, elf.ELFDATA2LSB, "powerpc64le-linux-gnu"},
	"s390x":   {[]elf.Machine{elf.EM_S390}, elf.ELFDATA2MSB, "s390x-linux-gnu"},
	"riscv64": {[]elf.Machine{elf.EM_RISCV}, elf.ELFDATA2LSB, "riscv64-linux-gnu"},
}

// multiarchTriplet names Debian's library directory for an ELF ABI.
func multiarchTriplet(class elf.Class, m elf.Machine) string {
	switch m {
	case elf.EM_X86_64:
		if class == elf.ELFCLASS32 {
			return "x86_64-linux-gnux32"
		}
		return "x86_64-linux-gnu"
	case elf.EM_386:
		return "i386-linux-gnu"
	case elf.EM_AARCH64:
		return "aarch64-linux-gnu"
	case elf.EM_ARM:
		return "arm-linux-gnueabihf"
	case elf.EM_PPC64:
		return "powerpc64le-linux-gnu"
	case elf.EM_S390:
		return "s390x-linux-gnu"
	case elf.EM_RISCV:
		return "riscv64-linux-gnu"
	}
	return ""
}

// goarchOf names the GOARCH of an ELF machine, for the rebuild advice.
func goarchOf(m elf.Machine) string {
	return map[elf.Machine]string{
		elf.EM_X86_64: "amd64", elf.EM_386: "386", elf.EM_AARCH64: "arm64", elf.EM_ARM: "arm",
		elf.EM_PPC64: "ppc64le", elf.EM_S390: "s390x", elf.EM_RISCV: "riscv64",
	}[m]
}

// binfmtHandler reports an enabled binfmt_misc handler (qemu-user) that
// would run foreign binaries of this machine, e.g. qemu-aarch64.
func binfmtHandler(h *host.Host, m elf.Machine) string {
	name := map[elf.Machine]string{
		elf.EM_AARCH64: "qemu-aarch64", elf.EM_ARM: "qemu-arm", elf.EM_X86_64: "qemu-x86_64",
		elf.EM_386: "qemu-i386", elf.EM_PPC64: "qemu-ppc64le", elf.EM_S390: "qemu-s390x", elf.EM_RISCV: "qemu-riscv64",
	}[m]
	if name == "" {
		return ""
	}
	b, err := h.ReadFile("/proc/sys/fs/binfmt_misc/" + name)
	if err != nil || !strings.HasPrefix(string(b), "enabled") {
		return ""
	}
	return name
}
