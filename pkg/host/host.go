// Package host is the view of the machine that every probe reads through.
//
// Probes never open "/proc/..." directly: they ask a Host, whose Root may be a
// fixture tree in tests or a chroot being inspected, and whose environment is
// injected rather than read from the process. Actions (writes, mounts) use
// real paths; only reading the host's state goes through Root.
package host

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Host is a read-only window onto a (possibly fixture) machine, plus the
// identity of the user devboot works for.
type Host struct {
	// Root stands for "/" for every probe. "/" on a real run.
	Root string
	// Env is the environment devboot was started with (KEY=VALUE per entry).
	Env map[string]string
	// User is who devboot configures: the invoking user under sudo.
	User User
}

// User is the account whose home devboot configures.
type User struct {
	Name string
	Home string
	UID  int
	GID  int
	// Sudo is true when devboot runs as root on behalf of SUDO_USER; files it
	// creates in Home must then be chowned to UID/GID.
	Sudo bool
}

// New returns a Host over root with the given environment (os.Environ form).
func New(root string, environ []string) *Host {
	if root == "" {
		root = "/"
	}
	return &Host{Root: filepath.Clean(root), Env: EnvMap(environ)}
}

// EnvMap turns KEY=VALUE entries into a map; later entries win, as in execve.
func EnvMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok && k != "" {
			m[k] = v
		}
	}
	return m
}

// Environ returns the environment in os.Environ form, for child processes.
func (h *Host) Environ() []string {
	out := make([]string, 0, len(h.Env))
	for k, v := range h.Env {
		out = append(out, k+"="+v)
	}
	return out
}

// Getenv returns the variable's value or "".
func (h *Host) Getenv(key string) string { return h.Env[key] }

// LookupEnv reports whether the variable is set, as os.LookupEnv.
func (h *Host) LookupEnv(key string) (string, bool) {
	v, ok := h.Env[key]
	return v, ok
}

// Path maps an absolute host path to where it lives under Root,
// lexically: links in p are not looked at, so an os call on the result
// follows an absolute link to the machine running devboot. The methods
// below read through Root safely; use Path for writes and for paths that
// are already resolved (Resolve).
func (h *Host) Path(p string) string {
	if h.Root == "/" || h.Root == "" {
		return p
	}
	return filepath.Join(h.Root, filepath.Clean("/"+p))
}

// InRoot maps the host path p to the file under Root that the kernel
// would reach if Root were "/": every link in p is followed inside Root
// (a fixture's /etc/os-release -> /usr/lib/os-release is the fixture's
// file, not this machine's) and ".." after a link climbs from the link's
// target. It fails as the kernel would (ENOENT, ELOOP, ENOTDIR), so a
// read never falls back to a lexical path. On the real root it is p.
func (h *Host) InRoot(p string) (string, error) {
	if h.Root == "/" || h.Root == "" {
		return p, nil
	}
	real, err := h.Resolve(abs(p))
	if err != nil {
		return "", err
	}
	return h.Path(real), nil
}

// parentInRoot is InRoot for all of p but its last element, which, when a
// link, is left for Lstat and Readlink to see.
func (h *Host) parentInRoot(p string) (string, error) {
	if h.Root == "/" || h.Root == "" {
		return p, nil
	}
	p = abs(p)
	i := strings.LastIndexByte(p, '/')
	dir, base := p[:i+1], p[i+1:]
	if base == "" || base == "." || base == ".." { // "x/", "x/..": the kernel resolves them whole
		return h.InRoot(p)
	}
	d, err := h.InRoot(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, base), nil
}

// abs makes p absolute without cleaning it: cleaning would take "a/.."
// as text, while the kernel climbs from where the link a leads.
func abs(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/" + p
}

// ReadFile reads a host file through Root.
func (h *Host) ReadFile(p string) ([]byte, error) {
	q, err := h.InRoot(p)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(q)
}

// Stat stats a host path through Root, following links inside Root.
func (h *Host) Stat(p string) (fs.FileInfo, error) {
	q, err := h.InRoot(p)
	if err != nil {
		return nil, err
	}
	return os.Stat(q)
}

// Lstat stats a host path through Root without following a final link.
func (h *Host) Lstat(p string) (fs.FileInfo, error) {
	q, err := h.parentInRoot(p)
	if err != nil {
		return nil, err
	}
	return os.Lstat(q)
}

// Readlink reads a link's target through Root. The target is returned as
// stored: an absolute target is a host path, not a Root-relative one.
func (h *Host) Readlink(p string) (string, error) {
	q, err := h.parentInRoot(p)
	if err != nil {
		return "", err
	}
	return os.Readlink(q)
}

// ReadDir lists a host directory through Root.
func (h *Host) ReadDir(p string) ([]fs.DirEntry, error) {
	q, err := h.InRoot(p)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(q)
}

// Exists reports whether a host path exists (links followed).
func (h *Host) Exists(p string) bool {
	_, err := h.Stat(p)
	return err == nil
}
