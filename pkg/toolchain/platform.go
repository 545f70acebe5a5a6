package toolchain

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/devboot/devboot/pkg/detect"
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

// KernelArch is the kernel's machine (uname -m) in GOARCH spelling;
// devboot's own arch when uname fails or names a machine Go has no port for.
func KernelArch() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return runtime.GOARCH
	}
	if a, _, ok := detect.GOARCH(unix.ByteSliceToString(u.Machine[:])); ok {
		return a
	}
	return runtime.GOARCH
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
		if a, _, ok := detect.GOARCH(goarch); ok {
			goarch = a // accept uname spellings too: aarch64, x86_64, armv6l
		}
		p.Arch = goarch
	}
	if !slices.Contains(goOSes, p.OS) {
		return Platform{}, fmt.Errorf("unknown GOOS %q: Go has ports for %s", p.OS, strings.Join(goOSes, ", "))
	}
	if !slices.Contains(goArches, p.Arch) {
		return Platform{}, fmt.Errorf("unknown GOARCH %q: Go has ports for %s (uname spellings such as aarch64, x86_64 and armv6l work too)", p.Arch, strings.Join(goArches, ", "))
	}
	return p, nil
}

// goOSes and goArches are the operating systems and architectures of Go's
// ports (`go tool dist list`), so a typo is refused before any download.
var (
	goOSes   = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"}
	goArches = []string{"386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm"}
)
