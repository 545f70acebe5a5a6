package dockerfile

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/devboot/devboot/pkg/emit"
)

// Module is what the Dockerfile needs to know about a Go module.
type Module struct {
	Path      string // module path from go.mod
	GoVersion string // toolchain line without "go", else the go line
	HasSum    bool   // go.sum exists, so it can be bind-mounted
	Vendored  bool   // vendor/modules.txt exists: no download layer
	Mains     []Main // every main package, sorted by Pkg
}

// Main is one main package of the module.
type Main struct {
	Pkg  string // package pattern relative to the module root: "." or "./cmd/x"
	Name string // the binary go build writes for it
}

// LoadModule reads go.mod in dir and finds the module's main packages by
// parsing package clauses (with Linux build constraints applied), so it works
// without a Go toolchain on the machine.
func LoadModule(dir string, cgo bool) (*Module, error) {
	gm, err := emit.ReadGoMod(dir)
	if err != nil {
		return nil, err
	}
	m := &Module{Path: gm.Path, GoVersion: gm.GoVersion}
	m.HasSum = fileExists(filepath.Join(dir, "go.sum"))
	m.Vendored = fileExists(filepath.Join(dir, "vendor", "modules.txt"))
	m.Mains, err = findMains(dir, m.Path, cgo)
	return m, err
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// findMains walks the module the way the go command sees it: it skips
// testdata, vendor, directories starting with "." or "_", and nested modules.
func findMains(root, modPath string, cgo bool) ([]Main, error) {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = "linux", "amd64", cgo
	ctx.GOPATH, ctx.Dir = "", root
	var mains []Main
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root {
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || fileExists(filepath.Join(p, "go.mod")) {
				return filepath.SkipDir
			}
		}
		pkg, err := ctx.ImportDir(p, build.ImportComment)
		var noGo *build.NoGoError
		if errors.As(err, &noGo) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading package in %s: %w", p, err)
		}
		if pkg.Name != "main" {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		mains = append(mains, newMain(filepath.ToSlash(rel), modPath))
		return nil
	})
	sort.Slice(mains, func(i, j int) bool { return mains[i].Pkg < mains[j].Pkg })
	return mains, err
}

// newMain names the binary as go build does: after the last element of the
// package's import path.
func newMain(rel, modPath string) Main {
	if rel == "." {
		return Main{Pkg: ".", Name: binaryName(modPath)}
	}
	return Main{Pkg: "./" + rel, Name: binaryName(modPath + "/" + rel)}
}

// binaryName skips a major-version suffix ("example.com/tool/v2" builds
// "tool"), as go build does.
func binaryName(importPath string) string {
	elem := path.Base(importPath)
	if dir := path.Dir(importPath); dir != "." && isMajorSuffix(elem) {
		return path.Base(dir)
	}
	return elem
}

func isMajorSuffix(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
