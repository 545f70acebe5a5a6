package ldcache

import "debug/elf"

// ldconfig's FLAG_* values: the low byte is the library type, the next one
// the ABI the library requires (sysdeps/generic/ldconfig.h).
const (
	flagELF          = 0x0001
	flagELFLibc6     = 0x0003
	flagX8664Lib64   = 0x0300
	flagX8664LibX32  = 0x0800
	flagARMLibHF     = 0x0900
	flagAArch64Lib64 = 0x0a00
	flagPPCLib64     = 0x0500
	flagS390Lib64    = 0x0400
	flagRISCVDouble  = 0x1000
)

// WantFlags is the cache flag value glibc's loader accepts for objects of
// this ELF class and machine (_DL_CACHE_DEFAULT_ID), or 0 when unknown.
func WantFlags(class elf.Class, machine elf.Machine) int32 {
	is64 := class == elf.ELFCLASS64
	switch machine {
	case elf.EM_X86_64:
		if is64 {
			return flagELFLibc6 | flagX8664Lib64
		}
		return flagELFLibc6 | flagX8664LibX32
	case elf.EM_386:
		return flagELFLibc6
	case elf.EM_AARCH64:
		return flagELFLibc6 | flagAArch64Lib64
	case elf.EM_ARM:
		return flagELFLibc6 | flagARMLibHF
	case elf.EM_PPC64:
		return flagELFLibc6 | flagPPCLib64
	case elf.EM_S390:
		if is64 {
			return flagELFLibc6 | flagS390Lib64
		}
		return flagELFLibc6
	case elf.EM_RISCV:
		if is64 {
			return flagELFLibc6 | flagRISCVDouble
		}
	}
	return 0
}

// Lookup returns the cache's paths for soname that suit want (a WantFlags
// value; 0 accepts any), generic entries before CPU-specific ones.
func (c *Cache) Lookup(soname string, want int32) []string {
	var generic, special []string
	for _, e := range c.Entries {
		if e.Name != soname || !compatible(e.Flags, want) {
			continue
		}
		if e.HWCap != 0 {
			special = append(special, e.Path)
		} else {
			generic = append(generic, e.Path)
		}
	}
	return append(generic, special...)
}

// compatible mirrors _dl_cache_check_flags: a plain ELF entry suits anyone.
func compatible(flags, want int32) bool {
	return want == 0 || flags == want || flags == flagELF
}
