package detect

import "strings"

// GOARCH maps a kernel machine name (uname -m) to Go's spelling, with the
// GOARM level for 32-bit arm. ok is false for machines Go has no port for.
func GOARCH(machine string) (goarch, variant string, ok bool) {
	switch m := strings.TrimSpace(machine); m {
	case "x86_64", "amd64":
		return "amd64", "", true
	case "aarch64", "arm64":
		return "arm64", "", true
	case "i386", "i486", "i586", "i686":
		return "386", "", true
	case "armv8l": // 32-bit userland on an arm64 kernel (compat personality)
		return "arm", "7", true
	case "riscv64", "ppc64le", "ppc64", "s390x", "loong64", "mips64", "mips":
		return m, "", true
	case "loongarch64":
		return "loong64", "", true
	default:
		if v, isArm := strings.CutPrefix(m, "armv"); isArm && len(v) > 0 && v[0] >= '5' && v[0] <= '7' {
			return "arm", v[:1], true
		}
	}
	return "", "", false
}
