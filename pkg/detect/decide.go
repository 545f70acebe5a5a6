package detect

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/devboot/devboot/pkg/container"
	"github.com/devboot/devboot/pkg/engine"
)

// Decide turns facts into a report (without the engine, which Probe asks).
// The order follows HOST-FACTS.md: a container first (Docker Desktop's
// containers run on the WSL2 kernel), then WSL, else bare.
func Decide(f Facts) *Report {
	r := &Report{
		Kernel:       cmp.Or(f.KernelRelease, Unknown),
		Machine:      cmp.Or(f.Machine, Unknown),
		DockerEngine: engine.Info{Skipped: true},
		Warnings:     append([]string{}, f.Warnings...),
	}
	warn := func(format string, a ...any) { r.Warnings = append(r.Warnings, fmt.Sprintf(format, a...)) }

	var ok bool
	if r.Arch, r.ArchVariant, ok = GOARCH(f.Machine); !ok {
		r.Arch = Unknown
		if f.Machine != "" {
			warn("kernel machine %q has no Go port: arch unknown", f.Machine)
		}
	}
	r.Distro = Unknown
	if f.OSReleaseFile != "" {
		var dw []string
		r.Distro, r.DistroVersion, r.DistroName, dw = distroOf(f.OSReleaseFile, f.OSRelease)
		r.Warnings = append(r.Warnings, dw...)
	}
	r.Shell, r.ShellPath = loginShell(f)
	r.Systemd = f.SystemdBooted && (f.PID1Comm == "" || f.PID1Comm == "systemd")
	if f.SystemdBooted && !r.Systemd {
		warn("/run/systemd/system exists but PID 1 is %q, not systemd: treating systemd as absent", f.PID1Comm)
	}
	r.SystemdUser = r.Systemd && f.UserManager

	wslKernel := isWSLKernel(f.KernelRelease)
	c := container.Decide(f.Container)
	r.Warnings = append(r.Warnings, c.Warnings...)
	switch {
	case c.Engine != "":
		r.Platform = platformOf(c.Engine)
		r.Container = &ContainerInfo{Engine: c.Engine, ID: c.ID, OnWSL2Kernel: wslKernel, Evidence: c.Evidence}
	default:
		r.WSL = decideWSL(f, wslKernel, warn)
		switch {
		case r.WSL == nil:
			r.Platform = Bare
		case r.WSL.Version == 1:
			r.Platform = WSL1
		default:
			r.Platform = WSL2
		}
	}
	distro := ""
	if r.WSL != nil {
		distro = r.WSL.DistroName
	}
	r.Paths, r.NTFSPaths = placePaths(f.Paths, f.Mounts, distro)
	return r
}

// platformOf maps a container engine to its platform name.
func platformOf(engineName string) string {
	switch engineName {
	case container.Docker, container.Podman, container.Kubernetes, container.Containerd, container.LXC:
		return engineName
	}
	return Container
}

// isWSLKernel applies WSL's rule to the kernel release: "microsoft" in
// any case (WSL1 "Microsoft", WSL2 "microsoft-standard"), or "WSL".
func isWSLKernel(release string) bool {
	return strings.Contains(strings.ToLower(release), "microsoft") || strings.Contains(release, "WSL")
}

// decideWSL returns nil when this is no WSL distribution. Custom WSL2
// kernels may lack "microsoft" in their release, so the other signals
// count on their own; environment variables alone do not (they leak into
// shells started from elsewhere), but they name the distribution.
func decideWSL(f Facts, wslKernel bool, warn func(string, ...any)) *WSLInfo {
	w := f.WSL
	var ev []string
	add := func(cond bool, what string) {
		if cond {
			ev = append(ev, what)
		}
	}
	add(wslKernel, "kernel release "+f.KernelRelease)
	add(w.InteropBinfmt, "WSLInterop binfmt_misc handler")
	add(w.RunWSL, "/run/WSL exists")
	add(w.WslpathIsInit, "wslpath links to /init")
	add(w.DrvfsMountCount > 0, fmt.Sprintf("%d Windows drive mount(s)", w.DrvfsMountCount))
	add(w.RootFSType == "lxfs" || w.RootFSType == "wslfs", "root filesystem is "+w.RootFSType)
	if len(ev) == 0 {
		if w.DistroName != "" || w.InteropEnv {
			warn("WSL_DISTRO_NAME/WSL_INTEROP are set but nothing else says WSL: treating this as not WSL")
		}
		return nil
	}
	add(w.DistroName != "", "WSL_DISTRO_NAME="+w.DistroName)
	add(w.InteropEnv, "WSL_INTEROP is set")

	info := &WSLInfo{
		Version:           wslVersion(f.KernelRelease, w.RootFSType, warn),
		DistroName:        w.DistroName,
		AutomountRoot:     w.Conf.AutomountRoot,
		InteropRegistered: w.InteropBinfmt,
		SystemdConf:       w.Conf.Systemd,
		Evidence:          ev,
	}
	if w.ConfProblem != "" {
		warn("%s", w.ConfProblem) // already names the file
	}
	if w.MountedSymRoot != "" {
		if w.MountedSymRoot != w.Conf.AutomountRoot {
			warn("drives are mounted under %s but /etc/wsl.conf says root = %s: it takes effect after 'wsl --shutdown'", w.MountedSymRoot, w.Conf.AutomountRoot)
		}
		info.AutomountRoot = w.MountedSymRoot
	}
	switch {
	case info.Version == 1:
		// WSL1 runs Windows programs from lxcore, without binfmt_misc.
		info.Interop = w.Conf.InteropEnabled
	case w.InteropBinfmt:
		info.Interop = true
	case w.BinfmtMounted:
		if w.Conf.InteropEnabled {
			warn("WSL interop is enabled in /etc/wsl.conf but its binfmt_misc handler is missing (systemd-binfmt may have removed it): Windows programs will not start")
		}
	default:
		// binfmt_misc is not mounted here, so its absence says nothing.
		info.Interop = w.Conf.InteropEnabled
	}
	if w.DistroName == "docker-desktop" || w.DistroName == "docker-desktop-data" {
		info.DockerDesktop = true
		warn("this is Docker Desktop's own WSL distribution %q, which Docker Desktop manages: develop in another distribution", w.DistroName)
	}
	return info
}

// wslVersion applies WSL init's rule: "Microsoft" with a capital M is the
// WSL1 kernel shim; WSL2 kernels say "microsoft-standard". The root
// filesystem type (lxfs/wslfs only on WSL1) settles it when present.
func wslVersion(release, rootFS string, warn func(string, ...any)) int {
	wsl1Kernel := strings.Contains(release, "Microsoft") && !strings.Contains(strings.ToLower(release), "microsoft-standard")
	switch {
	case rootFS == "lxfs" || rootFS == "wslfs":
		return 1
	case wsl1Kernel:
		if rootFS != "" {
			warn("kernel release %q says WSL1 but the root filesystem is %s: reporting WSL1", release, rootFS)
		}
		return 1
	}
	return 2
}
