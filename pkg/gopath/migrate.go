package gopath

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/mounts"
	"github.com/devboot/devboot/pkg/plan"
)

// KindCopy is the journal kind of CopyStep.
const KindCopy = "gopath.copy"

func init() { plan.Register(KindCopy, func() plan.Step { return &CopyStep{} }) }

// CopyStep copies an NTFS GOPATH to a Linux filesystem, keeping modes,
// times and links (retargeted like `symlinks rewrite` so they point into
// the copy), verifies the copy byte for byte, and leaves the original
// untouched. Undo deletes the copy, but only while it is still identical
// to the original: work done in the copy is never thrown away.
type CopyStep struct {
	From, To string
	Origin   string // the Windows path of From, which links may name
	UID, GID int    // owner of the copy (-1: the copier's)

	// Learned by Apply.
	CreatedTo bool
	Entries   int
	Bytes     int64
	Relinked  []mounts.LinkChange // links whose target changed in the copy
	Skipped   []string            // devices, fifos, sockets: not copied
	// Verified is set once the copy matched the original: only from then
	// on may the user have started to work in it.
	Verified bool
	// A stat walk of both trees after the copy: the speed difference.
	FromWalk time.Duration
	ToWalk   time.Duration
}

// CopySteps returns the step that migrates from to to.
func CopySteps(from, to, origin string, uid, gid int) []plan.Step {
	return []plan.Step{&CopyStep{From: from, To: to, Origin: origin, UID: uid, GID: gid}}
}

func (s *CopyStep) Kind() string  { return KindCopy }
func (s *CopyStep) Scope() string { return s.To }
func (s *CopyStep) Describe() string {
	return fmt.Sprintf("copy %s to %s (modes, times and links kept; the original stays)", s.From, s.To)
}

func (s *CopyStep) Prepare(ctx context.Context, h *host.Host) (bool, error) {
	if fi, err := os.Stat(s.From); err != nil || !fi.IsDir() {
		return false, fmt.Errorf("cannot migrate %s: not a readable directory (%v)", s.From, err)
	}
	empty, err := mounts.EmptyOrMissing(s.To)
	if err != nil || empty {
		return empty, err
	}
	rt, err := mounts.NewRetargeter(h, s.To, mounts.RewriteOptions{Origin: s.Origin})
	if err != nil {
		return false, err
	}
	if _, err := verify(s.From, s.To, rt, false); err != nil {
		return false, fmt.Errorf("%s is not empty and is not a copy of %s (%v): move it aside or pick another --to", s.To, s.From, err)
	}
	return false, nil // a finished copy: nothing to do
}

func (s *CopyStep) Apply(ctx context.Context, h *host.Host) error {
	rt, err := mounts.NewRetargeter(h, s.To, mounts.RewriteOptions{Origin: s.Origin})
	if err != nil {
		return err
	}
	if _, err := os.Lstat(s.To); errors.Is(err, fs.ErrNotExist) {
		s.CreatedTo = true
	}
	c := &copier{step: s, rt: rt}
	if err := filepath.WalkDir(s.From, c.visit); err != nil {
		return err
	}
	// Directory times last: filling a directory changes its mtime.
	for i := len(c.dirs) - 1; i >= 0; i-- {
		if err := c.finish(c.dirs[i].dst, c.dirs[i].fi); err != nil {
			return err
		}
	}
	to, err := verify(s.From, s.To, rt, true)
	if err != nil {
		return fmt.Errorf("the copy differs from the original (%v); nothing was deleted: run devboot gopath restore to remove the copy", err)
	}
	s.Verified = true
	// A stat walk of each whole tree: the operation go list and go build
	// repeat, and where NTFS over 9p is slowest. verify just walked the copy.
	from, _ := statWalk(s.From, walkLimits{})
	s.FromWalk, s.ToWalk = from.Took, to.Took
	return nil
}

// Undo removes the copy: a copy cut short or failed as it is, a verified
// one only while it still matches the original.
func (s *CopyStep) Undo(ctx context.Context, h *host.Host) error {
	if _, err := os.Lstat(s.To); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if s.Verified {
		rt, err := mounts.NewRetargeter(h, s.To, mounts.RewriteOptions{Origin: s.Origin})
		if err != nil {
			return err
		}
		if _, err := verify(s.From, s.To, rt, false); err != nil {
			return fmt.Errorf("the copy %s changed since devboot made it (%v), so it was kept: move it away or delete it yourself, then run restore again", s.To, err)
		}
	}
	return removeTree(s.To, s.CreatedTo)
}

type copier struct {
	step *CopyStep
	rt   *mounts.Retargeter
	dirs []struct {
		dst string
		fi  fs.FileInfo
	}
}

func (c *copier) visit(src string, d fs.DirEntry, err error) error {
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(c.step.From, src)
	dst := filepath.Join(c.step.To, rel)
	fi, err := d.Info()
	if err != nil {
		return err
	}
	c.step.Entries++
	switch {
	case fi.IsDir():
		if err := os.Mkdir(dst, 0o700); err != nil && !(rel == "." && errors.Is(err, fs.ErrExist)) {
			return err
		}
		c.dirs = append(c.dirs, struct {
			dst string
			fi  fs.FileInfo
		}{dst, fi})
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		if f := c.rt.Decide(mounts.Link{Path: rel, Target: target}); f.Action == mounts.ActionRewrite {
			c.step.Relinked = append(c.step.Relinked, mounts.LinkChange{Path: rel, Old: target, New: f.New})
			target = f.New
		}
		if err := os.Symlink(target, dst); err != nil {
			return err
		}
	case fi.Mode().IsRegular():
		n, err := copyFile(src, dst)
		if err != nil {
			return err
		}
		c.step.Bytes += n
	default:
		c.step.Skipped = append(c.step.Skipped, src)
		return nil
	}
	return c.finish(dst, fi)
}

// finish gives dst the mode, times and owner of the original.
func (c *copier) finish(dst string, fi fs.FileInfo) error {
	if c.step.UID >= 0 {
		if err := os.Lchown(dst, c.step.UID, c.step.GID); err != nil {
			return err
		}
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		if err := os.Chmod(dst, fi.Mode()&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
			return err
		}
	}
	atime := fi.ModTime()
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		atime = time.Unix(st.Atim.Unix())
	}
	ts := []unix.Timespec{unix.NsecToTimespec(atime.UnixNano()), unix.NsecToTimespec(fi.ModTime().UnixNano())}
	return unix.UtimesNanoAt(unix.AT_FDCWD, dst, ts, unix.AT_SYMLINK_NOFOLLOW)
}

func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// verify compares the copy with the original: the same entries, types,
// modes and modification times, links with their expected targets, and
// (with content) the same bytes. It returns the first difference, and its
// full stat walk of the copy (which times the copy's tree).
func verify(from, to string, rt *mounts.Retargeter, content bool) (StatSample, error) {
	count := 0 // copied entries below from
	err := filepath.WalkDir(from, func(src string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, src)
		dst := filepath.Join(to, rel)
		a, err := d.Info()
		if err != nil {
			return err
		}
		if !a.IsDir() && !a.Mode().IsRegular() && a.Mode()&fs.ModeSymlink == 0 {
			return nil // not copied
		}
		if src != from {
			count++
		}
		b, err := os.Lstat(dst)
		if err != nil {
			return fmt.Errorf("%s is missing", dst)
		}
		if a.Mode() != b.Mode() {
			return fmt.Errorf("%s: mode %v, original %v", dst, b.Mode(), a.Mode())
		}
		if !a.IsDir() && !a.ModTime().Equal(b.ModTime()) {
			return fmt.Errorf("%s: modified %v, original %v", dst, b.ModTime(), a.ModTime())
		}
		switch {
		case a.Mode()&fs.ModeSymlink != 0:
			old, _ := os.Readlink(src)
			want := old
			if f := rt.Decide(mounts.Link{Path: rel, Target: old}); f.Action == mounts.ActionRewrite {
				want = f.New
			}
			if got, _ := os.Readlink(dst); got != want {
				return fmt.Errorf("%s -> %q, want %q", dst, got, want)
			}
		case a.Mode().IsRegular():
			if a.Size() != b.Size() {
				return fmt.Errorf("%s: %d bytes, original %d", dst, b.Size(), a.Size())
			}
			if content {
				if err := sameContent(src, dst); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return StatSample{}, err
	}
	// Nothing may be in the copy that the original lacks: count all of it,
	// into any mount below it, as undo would delete all of it.
	walk, err := statWalk(to, walkLimits{})
	if err == nil && walk.Entries != count {
		return walk, fmt.Errorf("%s has %d entries, the original %d", to, walk.Entries, count)
	}
	return walk, err
}

func sameContent(a, b string) error {
	fa, err := os.Open(a)
	if err != nil {
		return err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return err
	}
	defer fb.Close()
	ba, bb := make([]byte, 256<<10), make([]byte, 256<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return fmt.Errorf("%s: content differs from %s", b, a)
		}
		if ea != nil || eb != nil {
			if ea == io.EOF || ea == io.ErrUnexpectedEOF {
				return nil
			}
			return errors.Join(ea, eb)
		}
	}
}

// removeTree deletes dir's contents (and dir when whole), first making
// read-only directories writable (a module cache is all 0555).
func removeTree(dir string, whole bool) error {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	if whole {
		return os.RemoveAll(dir)
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := os.RemoveAll(filepath.Join(dir, n.Name())); err != nil {
			return err
		}
	}
	return nil
}
