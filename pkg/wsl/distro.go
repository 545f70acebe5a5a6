package wsl

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// DistroEnv is the variable WSL sets to the distribution's name.
const DistroEnv = "WSL_DISTRO_NAME"

// DistroName returns this distribution's name and where it was found. sudo
// (and su, ssh, systemd services) drop WSL_DISTRO_NAME, but the processes
// that started devboot usually still hold it: sudo itself runs with the
// invoking user's environment. So when h's environment lacks it, the
// ancestors' environments are read (on the real root only: process IDs
// mean nothing in a fixture). "" when nothing says.
func DistroName(h *host.Host) (name, from string) {
	if v := h.Getenv(DistroEnv); v != "" {
		return v, "environment"
	}
	if h.Root != "/" {
		return "", ""
	}
	pid := os.Getppid()
	for range 32 {
		if pid <= 1 {
			break
		}
		if v := environValue(h, pid, DistroEnv); v != "" {
			return v, fmt.Sprintf("environment of process %d", pid)
		}
		pid = parentPID(h, pid)
	}
	return "", ""
}

// environValue reads one variable from /proc/<pid>/environ ("" if the
// process is gone or its environment unreadable).
func environValue(h *host.Host, pid int, key string) string {
	data, err := h.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		return ""
	}
	for _, kv := range bytes.Split(data, []byte{0}) {
		if v, ok := bytes.CutPrefix(kv, []byte(key+"=")); ok {
			return string(v)
		}
	}
	return ""
}

// parentPID reads the PPid of a process from /proc/<pid>/status, or 0.
func parentPID(h *host.Host, pid int) int {
	data, err := h.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "PPid:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}
