// Package fsutil holds the file operations every writer in devboot shares:
// atomic replacement that keeps links, modes and owners.
package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/google/renameio/v2"
)

// WriteFile atomically replaces path with data.
//
// A path that is a symlink (a dotfiles repo, say) stays a symlink: the write
// goes to the file it points to. An existing file keeps its mode and owner;
// a new one gets perm. Readers see either the old or the new content, never
// a mix, and a failure leaves the old file untouched.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	target, err := ResolveLinks(path)
	if err != nil {
		return err
	}
	uid, gid := -1, -1
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			uid, gid = int(st.Uid), int(st.Gid)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	t, err := renameio.NewPendingFile(target, renameio.WithPermissions(perm), renameio.WithExistingPermissions())
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if _, err := t.Write(data); err != nil {
		return err
	}
	if uid >= 0 && (uid != os.Getuid() || gid != os.Getgid()) {
		// renameio creates the temporary file as us; give it back to the owner.
		if err := t.Chown(uid, gid); err != nil {
			return err
		}
	}
	return t.CloseAtomicallyReplace()
}

// ResolveLinks follows symlinks in the final component of path (repeatedly),
// returning the file a write should really replace. A dangling link resolves
// to its target so the write creates it.
func ResolveLinks(path string) (string, error) {
	for range 40 {
		target, err := os.Readlink(path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.EINVAL)) {
				return path, nil
			}
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", &fs.PathError{Op: "resolve", Path: path, Err: syscall.ELOOP}
}
