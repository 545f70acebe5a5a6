package srcbuild

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// skipTop are top-level entries of a GOROOT that make.bash produces or that
// belong to a checkout's history: copying them would only cost time (and a
// stale bin/ could mask a failed build).
var skipTop = map[string]bool{"bin": true, "pkg": true, ".git": true}

// copySource copies the tree at src to dst: regular files with their
// modes, directories and symlinks (as links), skipping skipTop.
func copySource(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() && skipTop[rel] {
			return filepath.SkipDir
		}
		out := filepath.Join(dst, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, out)
		case d.Type().IsRegular():
			return copyFile(p, out, fi.Mode().Perm()|0o200) // writable: make.bash rewrites some generated files
		default:
			return fmt.Errorf("%s: unexpected file type %s", p, d.Type())
		}
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
