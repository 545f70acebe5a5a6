package mounts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

// Link is one symlink found by a scan.
type Link struct {
	Path   string `json:"path"` // relative to the scanned directory
	Target string `json:"target"`
}

// Scan is what a walk found: every symlink, and what it did not enter.
type Scan struct {
	Dir     string   `json:"dir"`
	Entries int      `json:"entries"` // every directory entry seen
	Links   []Link   `json:"-"`
	Skipped []string `json:"skipped,omitempty"` // other filesystems, loops, unreadable dirs, with why
}

// ScanLinks walks dir concurrently and returns its symlinks sorted by path.
// It never follows a symlink, stays on dir's filesystem (as find -xdev, so
// a nested mount is reported rather than entered) and enters each directory
// once (a bind mount of an ancestor cannot make it loop). Directories it
// cannot read are reported in Skipped, not fatal.
func ScanLinks(ctx context.Context, dir string, workers int) (*Scan, error) {
	dir = filepath.Clean(dir)
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return nil, fmt.Errorf("cannot scan %s: %w", dir, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return nil, fmt.Errorf("cannot scan %s: not a directory", dir)
	}
	if workers <= 0 {
		// Directory reads block in the kernel; on 9p they wait on the
		// Windows host, so more walkers than CPUs pays off.
		workers = max(4, 2*runtime.GOMAXPROCS(0))
	}
	w := &walker{ctx: ctx, root: dir, dev: st.Dev, seen: map[uint64]bool{st.Ino: true}, queue: []string{""}, pending: 1}
	w.cond = sync.NewCond(&w.mu)
	parts := make([]walkResult, workers)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() { defer wg.Done(); w.work(&parts[i]) }()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &Scan{Dir: dir}
	for _, p := range parts {
		s.Entries += p.entries
		s.Links = append(s.Links, p.links...)
		s.Skipped = append(s.Skipped, p.skipped...)
	}
	sort.Slice(s.Links, func(i, j int) bool { return s.Links[i].Path < s.Links[j].Path })
	sort.Strings(s.Skipped)
	return s, nil
}

type walker struct {
	ctx  context.Context
	root string
	dev  uint64

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []string // directories to read, relative to root
	pending int      // queued plus being read
	seen    map[uint64]bool
}

type walkResult struct {
	entries int
	links   []Link
	skipped []string
	buf     []byte // getdents
	link    []byte // readlink
}

func (w *walker) work(r *walkResult) {
	r.buf, r.link = make([]byte, 64<<10), make([]byte, 4096)
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && w.pending > 0 {
			w.cond.Wait()
		}
		if w.pending == 0 {
			w.mu.Unlock()
			return
		}
		rel := w.queue[len(w.queue)-1]
		w.queue = w.queue[:len(w.queue)-1]
		w.mu.Unlock()

		var subdirs []string
		if w.ctx.Err() == nil {
			subdirs = w.readDir(rel, r)
		}

		w.mu.Lock()
		w.queue = append(w.queue, subdirs...)
		w.pending += len(subdirs) - 1
		if w.pending == 0 || len(subdirs) > 0 {
			w.cond.Broadcast()
		}
		w.mu.Unlock()
	}
}

// readDir reads one directory with getdents, collects its links (read
// relative to the open directory, so no path is walked twice) and returns
// the subdirectories to enter.
func (w *walker) readDir(rel string, r *walkResult) []string {
	path := filepath.Join(w.root, rel)
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		r.skipped = append(r.skipped, fmt.Sprintf("%s: %v", path, err))
		return nil
	}
	defer unix.Close(fd)
	if rel != "" && !w.enter(fd, path, r) {
		return nil
	}
	var subdirs []string
	for {
		n, err := unix.Getdents(fd, r.buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			r.skipped = append(r.skipped, fmt.Sprintf("%s: %v", path, err))
			return subdirs
		}
		if n <= 0 {
			return subdirs
		}
		for b := r.buf[:n]; len(b) > 0; {
			raw, typ, next := parseDirent(b)
			b = next
			if len(raw) == 0 || raw[0] == '.' && (len(raw) == 1 || len(raw) == 2 && raw[1] == '.') {
				continue
			}
			r.entries++
			if typ != unix.DT_DIR && typ != unix.DT_LNK && typ != unix.DT_UNKNOWN {
				continue // most entries: no name string needed
			}
			name := string(raw)
			if typ == unix.DT_UNKNOWN {
				typ = statType(fd, name)
			}
			switch typ {
			case unix.DT_DIR:
				subdirs = append(subdirs, filepath.Join(rel, name))
			case unix.DT_LNK:
				target, err := readlinkat(fd, name, r.link)
				if err != nil {
					r.skipped = append(r.skipped, fmt.Sprintf("%s: %v", filepath.Join(path, name), err))
					continue
				}
				r.links = append(r.links, Link{Path: filepath.Join(rel, name), Target: target})
			}
		}
	}
}

// enter decides whether a directory is read: same filesystem, not seen.
func (w *walker) enter(fd int, path string, r *walkResult) bool {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		r.skipped = append(r.skipped, fmt.Sprintf("%s: %v", path, err))
		return false
	}
	if st.Dev != w.dev {
		r.skipped = append(r.skipped, path+": another filesystem is mounted here; not entered")
		return false
	}
	w.mu.Lock()
	dup := w.seen[st.Ino]
	w.seen[st.Ino] = true
	w.mu.Unlock()
	if dup {
		r.skipped = append(r.skipped, path+": directory already scanned at another path (a bind mount loop); not entered again")
	}
	return !dup
}

// parseDirent decodes one linux_dirent64 record: ino u64, off i64,
// reclen u16, type u8, then the NUL-terminated name.
func parseDirent(b []byte) (name []byte, typ uint8, rest []byte) {
	const nameOff = 19
	if len(b) < nameOff {
		return nil, 0, nil
	}
	reclen := int(b[16]) | int(b[17])<<8
	if reclen < nameOff || reclen > len(b) {
		return nil, 0, nil
	}
	rec := b[nameOff:reclen]
	for i, c := range rec {
		if c == 0 {
			rec = rec[:i]
			break
		}
	}
	return rec, b[18], b[reclen:]
}

// statType is for filesystems whose getdents reports no type.
func statType(dirfd int, name string) uint8 {
	var st unix.Stat_t
	if unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
		return unix.DT_UNKNOWN
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return unix.DT_DIR
	case unix.S_IFLNK:
		return unix.DT_LNK
	}
	return unix.DT_REG
}

func readlinkat(dirfd int, name string, buf []byte) (string, error) {
	for {
		n, err := unix.Readlinkat(dirfd, name, buf)
		if err != nil {
			return "", err
		}
		if n < len(buf) {
			return string(buf[:n]), nil
		}
		buf = make([]byte, 2*len(buf))
	}
}
