// Package archive unpacks Go toolchain archives (the official .tar.gz and
// the golang.org/toolchain module .zip) into a directory, refusing anything
// a toolchain never contains and an attacker would use: paths that climb out
// (.. or absolute), links leaving the tree or written through, devices,
// FIFOs, hard links, and more files or bytes than the limits allow.
//
// Callers unpack into a fresh staging directory and rename it into place
// only after Extract returned nil and the archive's hash matched: a refused
// archive then leaves nothing behind but the staging directory.
package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Limits bound what an archive may unpack to. A real Go 1.2x toolchain is
// about 17,000 files and 270 MB.
type Limits struct {
	MaxFiles int   // entries of any kind; default 100,000
	MaxBytes int64 // total size of regular files; default 4 GiB
}

func (l Limits) files() int {
	if l.MaxFiles > 0 {
		return l.MaxFiles
	}
	return 100_000
}

func (l Limits) bytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return 4 << 30
}

// Options for one extraction.
type Options struct {
	Limits
	// Prefix every entry must start with, stripped on the way out: "go/" for
	// the official archive, "golang.org/toolchain@v0.0.1-go1.22.4.linux-amd64/"
	// for a module zip.
	Prefix string
	// Workers write files in parallel (default 4): decompression is one
	// stream, but creating 17,000 files is mostly waiting on the filesystem.
	Workers int
}

// Stats says what was unpacked.
type Stats struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
}

// ErrRefused wraps every refusal of a hostile or malformed archive.
var ErrRefused = errors.New("archive refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// relName checks one entry name and returns it relative to the prefix
// ("" for the prefix directory itself).
func relName(name, prefix string) (string, error) {
	if name == "" || strings.ContainsRune(name, 0) || strings.Contains(name, "\\") {
		return "", refuse("bad entry name %q", name)
	}
	if strings.HasPrefix(name, "/") {
		return "", refuse("absolute path %q", name)
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return "", refuse("path traversal in %q", name)
		}
	}
	clean := path.Clean(name)
	if clean+"/" == prefix || clean == "." && prefix == "" {
		return "", nil
	}
	if !strings.HasPrefix(clean, prefix) {
		return "", refuse("entry %q is outside %q", name, prefix)
	}
	return strings.TrimPrefix(clean, prefix), nil
}

// tree tracks the links seen so far, so that no entry is written through a
// link and no link's target climbs out of the tree, even through another link.
type tree struct {
	links map[string]string // relative link path → target
}

func newTree() *tree { return &tree{links: map[string]string{}} }

// throughLink reports the link a path would be written through, if any.
func (t *tree) throughLink(rel string) (string, bool) {
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' {
			if _, ok := t.links[rel[:i]]; ok {
				return rel[:i], true
			}
		}
	}
	_, ok := t.links[rel]
	return rel, ok
}

func (t *tree) addLink(rel, target string) error {
	if target == "" || strings.HasPrefix(target, "/") || strings.ContainsRune(target, 0) {
		return refuse("link %q points to %q, outside the tree", rel, target)
	}
	// Refuse the obvious escapes before the link exists; links through
	// links are checked once all are known (checkLinks).
	if j := path.Join(path.Dir(rel), target); j == ".." || strings.HasPrefix(j, "../") {
		return refuse("link %q points to %q, outside the tree", rel, target)
	}
	t.links[rel] = target
	return nil
}

// checkLinks runs once every link is known: each target, walked from its
// link's directory, must stay in the tree and must not pass through another
// link (whose own target could move the walk out).
func (t *tree) checkLinks() error {
	for rel, target := range t.links {
		parts := strings.Split(path.Dir(rel), "/")
		if path.Dir(rel) == "." {
			parts = nil
		}
		for _, el := range strings.Split(target, "/") {
			switch el {
			case "", ".":
				continue
			case "..":
				if len(parts) == 0 {
					return refuse("link %q points to %q, outside the tree", rel, target)
				}
				parts = parts[:len(parts)-1]
			default:
				parts = append(parts, el)
				if p := strings.Join(parts, "/"); p != rel {
					if _, isLink := t.links[p]; isLink {
						return refuse("link %q points through link %q", rel, p)
					}
				}
			}
		}
	}
	return nil
}

// fileMode keeps permission bits only: no setuid, setgid or sticky bits from
// an archive.
func fileMode(m fs.FileMode) fs.FileMode {
	m &= 0o777
	if m == 0 {
		m = 0o644
	}
	return m
}
