package wsl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// ConfPath is WSL's per-distribution configuration file.
const ConfPath = "/etc/wsl.conf"

// Conf holds the /etc/wsl.conf settings devboot cares about.
type Conf struct {
	AutomountEnabled  bool   // [automount] enabled
	AutomountRoot     string // [automount] root, always ending in "/" ("/mnt/")
	MountFsTab        bool   // [automount] mountFsTab
	AutomountOptions  string // [automount] options
	InteropEnabled    bool   // [interop] enabled
	AppendWindowsPath bool   // [interop] appendWindowsPath
	Systemd           bool   // [boot] systemd
}

// DefaultConf is what WSL uses when wsl.conf is missing or says nothing.
func DefaultConf() Conf {
	return Conf{AutomountEnabled: true, AutomountRoot: "/mnt/", MountFsTab: true, InteropEnabled: true, AppendWindowsPath: true}
}

// ReadConf reads /etc/wsl.conf through h. A missing file gives the defaults.
// Like WSL, a bad value keeps the default and the rest still counts: the
// returned Conf is always usable, and the error (if any) lists the values
// that were ignored.
func ReadConf(h *host.Host) (Conf, error) {
	data, err := h.ReadFile(ConfPath)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultConf(), nil
	}
	if err != nil {
		return DefaultConf(), err
	}
	return ParseConf(data)
}

// ParseConf parses wsl.conf text the way WSL's config parser does: section
// and key names are case-insensitive, # starts a comment, values may be
// double-quoted, booleans are true/false/1/0 in any case.
func ParseConf(data []byte) (Conf, error) {
	c := DefaultConf()
	var problems []string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(stripComment(sc.Text()))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if end := strings.Index(line, "]"); end > 0 {
				section = strings.ToLower(strings.TrimSpace(line[1:end]))
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key := section + "." + strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		var target *bool
		switch key {
		case "automount.root":
			c.AutomountRoot = v
			continue
		case "automount.options":
			c.AutomountOptions = v
			continue
		case "automount.enabled":
			target = &c.AutomountEnabled
		case "automount.mountfstab":
			target = &c.MountFsTab
		case "interop.enabled":
			target = &c.InteropEnabled
		case "interop.appendwindowspath":
			target = &c.AppendWindowsPath
		case "boot.systemd":
			target = &c.Systemd
		default:
			continue
		}
		switch strings.ToLower(v) {
		case "true", "1":
			*target = true
		case "false", "0":
			*target = false
		default:
			problems = append(problems, fmt.Sprintf("line %d: %s = %q is not true or false (kept the default)", n, key, v))
		}
	}
	// WSL makes the prefix end in a separator, and an empty one means "/".
	if !strings.HasSuffix(c.AutomountRoot, "/") {
		c.AutomountRoot += "/"
	}
	if len(problems) > 0 {
		return c, fmt.Errorf("%s: %s", ConfPath, strings.Join(problems, "; "))
	}
	return c, nil
}

// stripComment drops a # comment that is not inside double quotes.
func stripComment(line string) string {
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case '#':
			if !inQuote {
				return line[:i]
			}
		}
	}
	return line
}
