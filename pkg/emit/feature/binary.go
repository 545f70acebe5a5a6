package feature

import (
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"strings"
)

// archOf names install.sh's arches by the ELF machine of their builds.
var archOf = map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}

// devbootMain is the main package every devboot build is built from, as
// its Go build information records it.
const devbootMain = "github.com/devboot/devboot/cmd/devboot"

// BinaryArch returns the GOARCH (amd64 or arm64) of the devboot build in r,
// or why install.sh could not run it in any image of that arch: it must be a
// Linux executable and static, since the image may have no C library (Alpine,
// distroless) or another one than the machine that built it; and it must be
// devboot, since install.sh runs it as devboot.
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
	// CGO_ENABLED=0 builds are ET_EXEC. ET_DYN is also a static-pie
	// executable (-buildmode=pie linked with -static-pie), which DF_1_PIE
	// tells apart from a shared library.
	if f.Type == elf.ET_DYN && !isPIE(f) {
		return "", errors.New("is a shared library (ELF ET_DYN without DF_1_PIE), not an executable")
	}
	bi, err := buildinfo.Read(r)
	if err != nil {
		return "", fmt.Errorf("is not a devboot build: it has no Go build information (%v)", err)
	}
	if bi.Path != devbootMain {
		return "", fmt.Errorf("is the Go program %s, not devboot (%s)", bi.Path, devbootMain)
	}
	for _, s := range bi.Settings {
		if s.Key == "GOOS" && s.Value != "linux" {
			return "", fmt.Errorf("is devboot built for GOOS=%s, not linux", s.Value)
		}
	}
	return arch, nil
}

// isPIE reports whether f's dynamic section flags it a position-independent
// executable.
func isPIE(f *elf.File) bool {
	flags, _ := f.DynValue(elf.DT_FLAGS_1)
	for _, v := range flags {
		if elf.DynFlag1(v)&elf.DF_1_PIE != 0 {
			return true
		}
	}
	return false
}
