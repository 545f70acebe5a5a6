package srcbuild

import (
	"debug/elf"
	"fmt"

	"github.com/devboot/devboot/pkg/toolchain"
)

// machines maps GOARCH to the ELF machine and class its binaries carry.
var machines = map[string]struct {
	m     elf.Machine
	class elf.Class
}{
	"amd64":   {elf.EM_X86_64, elf.ELFCLASS64},
	"arm64":   {elf.EM_AARCH64, elf.ELFCLASS64},
	"386":     {elf.EM_386, elf.ELFCLASS32},
	"arm":     {elf.EM_ARM, elf.ELFCLASS32},
	"riscv64": {elf.EM_RISCV, elf.ELFCLASS64},
	"ppc64le": {elf.EM_PPC64, elf.ELFCLASS64},
	"ppc64":   {elf.EM_PPC64, elf.ELFCLASS64},
	"s390x":   {elf.EM_S390, elf.ELFCLASS64},
	"loong64": {elf.EM_LOONGARCH, elf.ELFCLASS64},
}

// CheckELF verifies that the binary at path is an executable for p: a
// cross build that silently produced host binaries must not be shipped.
func CheckELF(path string, p toolchain.Platform) error {
	want, ok := machines[p.Arch]
	if !ok || p.OS != "linux" {
		return nil // not an ELF target devboot knows how to check
	}
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	if f.Machine != want.m || f.Class != want.class {
		return fmt.Errorf("%s is %s %s, not %s %s as %s needs", path, f.Class, f.Machine, want.class, want.m, p)
	}
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("%s is an ELF %s, not an executable", path, f.Type)
	}
	return nil
}
