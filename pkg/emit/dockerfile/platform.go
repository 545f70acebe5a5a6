package dockerfile

import (
	"fmt"
	"strings"
)

// Platform is one OCI target platform, in GOOS/GOARCH spelling.
type Platform struct {
	OS, Arch, Variant string
}

func (p Platform) String() string {
	s := p.OS + "/" + p.Arch
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// goArches are the Linux architectures a static Go build can target.
var goArches = map[string]bool{
	"amd64": true, "arm64": true, "arm": true, "386": true, "ppc64le": true,
	"s390x": true, "riscv64": true, "loong64": true, "mips64le": true,
}

// ParsePlatforms reads a comma-separated list such as
// "linux/amd64,linux/arm64,linux/arm/v7".
func ParsePlatforms(list string) ([]Platform, error) {
	var out []Platform
	seen := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		parts := strings.Split(f, "/")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("platform %q: want os/arch or os/arch/variant, e.g. linux/arm64", f)
		}
		p := Platform{OS: parts[0], Arch: parts[1]}
		if len(parts) == 3 {
			p.Variant = parts[2]
		}
		if p.OS != "linux" {
			return nil, fmt.Errorf("platform %q: only linux images are supported", f)
		}
		if !goArches[p.Arch] {
			return nil, fmt.Errorf("platform %q: unknown architecture %q (use Go's names: amd64, arm64, arm, 386, ...)", f, p.Arch)
		}
		if err := checkVariant(p); err != nil {
			return nil, err
		}
		if !seen[p.String()] {
			seen[p.String()] = true
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no platform given: use e.g. --platforms linux/amd64,linux/arm64")
	}
	return out, nil
}

// checkVariant accepts the variants the Dockerfile maps to GOARM/GOAMD64.
func checkVariant(p Platform) error {
	ok := true
	switch p.Arch {
	case "arm":
		ok = p.Variant == "" || p.Variant == "v5" || p.Variant == "v6" || p.Variant == "v7"
	case "amd64":
		ok = p.Variant == "" || p.Variant == "v1" || p.Variant == "v2" || p.Variant == "v3" || p.Variant == "v4"
	case "arm64":
		ok = p.Variant == "" || p.Variant == "v8"
	default:
		ok = p.Variant == ""
	}
	if !ok {
		return fmt.Errorf("platform %s: variant %q is not one Go can target", p, p.Variant)
	}
	return nil
}

// crossCC is Debian's cross C toolchain for a target architecture: the
// packages to install and the compiler to point CC at. ELFMachine is the
// e_machine value the built binary must carry (all little-endian targets,
// so the check in the Dockerfile can read it with od on any builder).
type crossCC struct {
	Arch       string
	Packages   string
	CC         string
	ELFMachine int
}

var crossCCs = map[string]crossCC{
	"amd64":   {"amd64", "gcc-x86-64-linux-gnu libc6-dev-amd64-cross", "x86_64-linux-gnu-gcc", 62},
	"arm64":   {"arm64", "gcc-aarch64-linux-gnu libc6-dev-arm64-cross", "aarch64-linux-gnu-gcc", 183},
	"arm":     {"arm", "gcc-arm-linux-gnueabihf libc6-dev-armhf-cross", "arm-linux-gnueabihf-gcc", 40},
	"386":     {"386", "gcc-i686-linux-gnu libc6-dev-i386-cross", "i686-linux-gnu-gcc", 3},
	"ppc64le": {"ppc64le", "gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross", "powerpc64le-linux-gnu-gcc", 21},
	"riscv64": {"riscv64", "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross", "riscv64-linux-gnu-gcc", 243},
}
