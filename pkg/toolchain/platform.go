package toolchain

import (
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// Platform is the GOOS/GOARCH a toolchain runs on.
type Platform struct {
	OS   string `json:"os"`
	Arch string `json:"arch"`
}

func (p Platform) String() string { return p.OS + "-" + p.Arch }

// HostPlatform is the platform to fetch for by default: linux and the
// KERNEL's architecture, so an amd64 devboot running on an arm64 host
// (under emulation) still fetches arm64.
func HostPlatform() Platform {
	return Platform{OS: runtime.GOOS, Arch: KernelArch()}
}

// KernelArch maps uname's machine to GOARCH; devboot's own arch when uname
// fails or names something Go does not know.
// TODO(detect): switch to pkg/detect's arch once it is exported.
func KernelArch() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return runtime.GOARCH
	}
	if a := GoArch(unix.ByteSliceToString(u.Machine[:])); a != "" {
		return a
	}
	return runtime.GOARCH
}

// GoArch maps a uname machine name to GOARCH ("" when unknown).
func GoArch(machine string) string {
	switch m := strings.ToLower(machine); {
	case m == "x86_64" || m == "amd64":
		return "amd64"
	case m == "aarch64" || m == "arm64" || m == "aarch64_be":
		return "arm64"
	case strings.HasPrefix(m, "armv") || m == "arm":
		return "arm"
	case m == "i386" || m == "i486" || m == "i586" || m == "i686" || m == "x86":
		return "386"
	case m == "ppc64le" || m == "ppc64" || m == "s390x" || m == "riscv64" || m == "loong64" || m == "mips64" || m == "mips":
		return m
	}
	return ""
}

// ArchiveArch is how the download index names arch: "armv6l" for arm.
func ArchiveArch(goarch string) string {
	if goarch == "arm" {
		return "armv6l"
	}
	return goarch
}

// ParsePlatform checks user-supplied --os/--arch values.
func ParsePlatform(goos, goarch string) (Platform, error) {
	p := HostPlatform()
	if goos != "" {
		p.OS = goos
	}
	if goarch != "" {
		if a := GoArch(goarch); a != "" {
			goarch = a
		}
		p.Arch = goarch
	}
	for _, s := range []string{p.OS, p.Arch} {
		if s == "" || strings.ContainsAny(s, "/\\. -") {
			return Platform{}, fmt.Errorf("bad platform %q: use --os linux --arch amd64|arm64|386|armv6l", s)
		}
	}
	return p, nil
}
