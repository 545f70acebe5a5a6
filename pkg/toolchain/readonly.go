package toolchain

import (
	"io/fs"
	"os"
	"path/filepath"
)

// makeReadOnly drops every write bit in a freshly unpacked tree (files keep
// their exec bits, directories become 0555), as cmd/go keeps the module
// cache and the toolchains it downloads: a stray go install or editor save
// cannot change a toolchain, and perms.Check finds nothing to report.
// Links are left alone: their mode means nothing.
func makeReadOnly(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o222 == 0 {
			return nil
		}
		return os.Chmod(p, fi.Mode().Perm()&^0o222)
	})
}

// removeAll deletes a tree makeReadOnly may have locked, as
// `go clean -modcache` does: directories get their owner's write bit back
// first, since without it nobody but root can delete their entries.
func removeAll(root string) error {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o200 == 0 {
				_ = os.Chmod(p, fi.Mode().Perm()|0o200) // best effort: RemoveAll reports what still fails
			}
		}
		return nil
	})
	return os.RemoveAll(root)
}
