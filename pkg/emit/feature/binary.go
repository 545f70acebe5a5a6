package feature

import (
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"strings"
)

// archOf names install.sh's arches by the ELF machine of their builds.
var archOf = map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}

// BinaryArch returns the GOARCH (amd64 or arm64) of the devboot build in r,
// or why install.sh could not run it in any image of that arch: it must be a
// Linux executable and static, since the image may have no C library (Alpine,
// distroless) or another one than the machine that built it.
func BinaryArch(r io.ReaderAt) (string, error) {
	magic := make([]byte, len(elf.ELFMAG))
	if _, err := r.ReadAt(magic, 0); err != nil || string(magic) != elf.ELFMAG {
		return "", errors.New("is not an ELF file")
	}
	f, err := elf.NewFile(r)
	if err != nil {
		return "", fmt.Errorf("is a damaged ELF file (%w)", err)
	}
	// Linux toolchains, Go's included, mostly leave OSABI at NONE (System V).
	if f.OSABI != elf.ELFOSABI_NONE && f.OSABI != elf.ELFOSABI_LINUX {
		return "", fmt.Errorf("is built for %s, not Linux", strings.TrimPrefix(f.OSABI.String(), "ELFOSABI_"))
	}
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return "", fmt.Errorf("is an ELF %s, not an executable", f.Type)
	}
	arch := archOf[f.Machine]
	if arch == "" || f.Class != elf.ELFCLASS64 || f.Data != elf.ELFDATA2LSB {
		return "", fmt.Errorf("is %s %s %s: the feature runs amd64 (EM_X86_64) and arm64 (EM_AARCH64) builds", f.Class, f.Data, f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			interp, _ := io.ReadAll(p.Open())
			return "", fmt.Errorf("is dynamically linked (it needs the loader %s), so it would not run in images without that C library", strings.TrimRight(string(interp), "\x00"))
		}
	}
	return arch, nil
}
