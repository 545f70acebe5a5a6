// Package feature writes devboot's Dev Container Feature. Its sources are
// the repository's features/devboot files, embedded by package features, so
// `devboot emit feature` writes exactly what the repository ships.
package feature

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/devboot/devboot/features"
	"github.com/devboot/devboot/pkg/emit"
)

// ID is the feature's id, and the name of its directory.
const ID = "devboot"

// Files are the feature's sources, to be written under dir.
func Files(dir string) []emit.File {
	return []emit.File{
		{Path: filepath.Join(dir, "devcontainer-feature.json"), Data: mustRead("devcontainer-feature.json"), Mode: 0o644},
		{Path: filepath.Join(dir, "install.sh"), Data: mustRead("install.sh"), Mode: 0o755},
		{Path: filepath.Join(dir, ".gitignore"), Data: []byte(GitIgnore), Mode: 0o644},
	}
}

// GitIgnore keeps the bundled binaries out of version control.
const GitIgnore = "# Built by devboot's features/devboot/build.sh (or copied by devboot emit), never committed.\n/devboot-linux-*\n"

// BinaryName is the bundled devboot install.sh runs on arch (GOARCH).
func BinaryName(arch string) string { return "devboot-linux-" + arch }

// OldBinaries are the files named like bundled binaries (devboot-linux-*)
// in dir that keep does not list: builds an earlier emit bundled, for an
// arch this one does not ship.
func OldBinaries(dir string, keep []string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var old []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), BinaryName("")) && !slices.Contains(keep, p) {
			old = append(old, p)
		}
	}
	return old, nil
}

func mustRead(name string) []byte {
	b, err := features.Devboot.ReadFile(ID + "/" + name)
	if err != nil {
		panic(err) // embedded at build time: cannot be missing
	}
	return b
}
