package detect

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText prints the report for a person: one fact per line, then the
// paths of interest and the warnings.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(k, format string, a ...any) { fmt.Fprintf(tw, "%s\t%s\n", k, fmt.Sprintf(format, a...)) }

	platform := r.Platform
	switch {
	case r.Container != nil && r.Container.OnWSL2Kernel:
		platform += " (container on a WSL2 kernel)"
	case r.Container != nil && r.Container.Engine != r.Platform:
		platform += " (" + r.Container.Engine + ")"
	}
	line("platform", "%s", platform)
	if r.Container != nil && r.Container.ID != "" {
		line("container id", "%s", r.Container.ID)
	}
	if r.WSL != nil {
		name := r.WSL.DistroName
		if name == "" {
			name = "(WSL_DISTRO_NAME unset)"
		}
		line("wsl", "WSL%d, distribution %s, drives under %s, interop %s", r.WSL.Version, name, r.WSL.AutomountRoot, onOff(r.WSL.Interop))
	}
	arch := r.Arch
	if r.ArchVariant != "" {
		arch += " (v" + r.ArchVariant + ")"
	}
	line("arch", "%s (kernel machine %s)", arch, r.Machine)
	line("kernel", "%s", r.Kernel)
	distro := r.Distro
	if r.DistroName != "" {
		distro += " (" + r.DistroName + ")"
	}
	line("distro", "%s", distro)
	line("shell", "%s", cmp.Or(r.ShellPath, r.Shell))
	line("systemd", "%s, user session %s", onOff(r.Systemd), onOff(r.SystemdUser))
	line("docker engine", "%s", engineText(r))
	for _, p := range r.Paths {
		where := p.FSType
		if p.NTFS {
			where = "NTFS (" + p.FSType + ") " + p.WindowsPath
		}
		line(p.Name, "%s  [%s]", p.Path, strings.TrimSpace(cmp.Or(where, "?")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, wmsg := range r.Warnings {
		if _, err := fmt.Fprintln(w, "warning:", wmsg); err != nil {
			return err
		}
	}
	return nil
}

func engineText(r *Report) string {
	e := r.DockerEngine
	switch {
	case e.Skipped:
		return "not probed"
	case !e.Reachable:
		return "unreachable: " + e.Error
	case e.Error != "":
		return fmt.Sprintf("reachable at %s, but %s", e.Host, e.Error)
	}
	return fmt.Sprintf("%s %s/%s (API %s) at %s", e.Version, e.OS, e.Arch, e.APIVersion, e.Host)
}

func onOff(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
