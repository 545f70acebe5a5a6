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
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append([]string{d}, missing...)
		if d == filepath.Dir(d) {
			break
		}
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
