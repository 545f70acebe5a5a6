package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// MkdirAll creates dir and its missing parents like os.MkdirAll, calls
// created (may be nil) on each new one (to give it to the sudo user), and
// returns them outermost first, so an undo can remove exactly those.
func MkdirAll(dir string, perm fs.FileMode, created func(string) error) ([]string, error) {
	missing, err := MissingDirs(dir)
	if err != nil {
		return nil, err
	}
	for _, d := range missing {
		if err := os.Mkdir(d, perm); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if created != nil {
			if err := created(d); err != nil {
				return nil, err
			}
		}
	}
	return missing, nil
}

// MissingDirs lists dir and those of its parents that do not exist yet,
// outermost first: what MkdirAll would create, for a step that must
// journal them before it creates them.
func MissingDirs(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append([]string{d}, missing...)
		if d == filepath.Dir(d) {
			break
		}
	}
	return missing, nil
}
