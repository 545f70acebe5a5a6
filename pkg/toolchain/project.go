package toolchain

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// ProjectRequest is what the nearest project files ask for.
type ProjectRequest struct {
	// Spec is the version request; empty when no file asks for one.
	Spec string
	// Source is SourceGoWorkToolchain, SourceGoWorkGo, SourceGoModToolchain,
	// SourceGoModGo or SourceGoVersion.
	Source string
	// File is the file that decided.
	File string
	// GoLine is the go line of go.work or go.mod as a release (go1.21.0).
	GoLine string
}

// FindProjectEnv finds what decides the version in dir, in cmd/go's order:
// the workspace's go.work (see FindGoWork; getenv supplies GOWORK), else
// the nearest go.mod upward, else the nearest .go-version.
func FindProjectEnv(dir string, getenv func(string) string) (ProjectRequest, error) {
	work, err := FindGoWork(dir, getenv("GOWORK"))
	if err != nil {
		return ProjectRequest{}, err
	}
	if work != "" {
		return readGoWork(work)
	}
	if p, ok := findUp(dir, "go.mod"); ok {
		return readGoMod(p)
	}
	if p, ok := findUp(dir, ".go-version"); ok {
		data, err := os.ReadFile(p)
		if err != nil {
			return ProjectRequest{}, err
		}
		spec, err := ParseGoVersionFile(data)
		if err != nil {
			return ProjectRequest{}, fmt.Errorf("%s: %w", p, err)
		}
		return ProjectRequest{Spec: spec, Source: SourceGoVersion, File: p}, nil
	}
	return ProjectRequest{}, nil
}

func findUp(dir, name string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// readGoMod applies cmd/go's rule: the toolchain line wins when it is at
// least the go line; otherwise the go line decides.
func readGoMod(path string) (ProjectRequest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ProjectRequest{}, err
	}
	// Parse (not ParseLax, which skips the toolchain line); a go.mod with
	// directives newer than x/mod knows falls back to the lax parse.
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		f, err = modfile.ParseLax(path, data, nil)
	}
	if err != nil {
		return ProjectRequest{}, fmt.Errorf("%s cannot be parsed: %w", path, err)
	}
	goLine, tc := lineValues(f.Go, f.Toolchain)
	return requestFromLines(path, goLine, tc)
}

// lineValues are the go and toolchain lines' values ("" when absent), which
// go.mod and go.work spell alike.
func lineValues(g *modfile.Go, t *modfile.Toolchain) (goLine, toolchain string) {
	if g != nil {
		goLine = g.Version
	}
	if t != nil {
		toolchain = t.Name
	}
	return goLine, toolchain
}

// requestFromLines applies cmd/go's rule to a go.mod's or go.work's lines,
// reporting them as go.mod sources (readGoWork renames them).
func requestFromLines(path, goLine, toolchain string) (ProjectRequest, error) {
	req := ProjectRequest{File: path}
	if goLine == "" {
		// cmd/go treats a file without a go line as go 1.16; no toolchain
		// request comes from it, so fall through to "none".
		return req, nil
	}
	goLine, err := FromGoLine(goLine)
	if err != nil {
		return ProjectRequest{}, fmt.Errorf("%s: go line: %w", path, err)
	}
	req.GoLine = goLine
	req.Spec, req.Source = goLine, SourceGoModGo
	if toolchain != "" && toolchain != "default" {
		if v, err := Canonical(stripToolchainSuffix(toolchain)); err == nil && IsRelease(v) && Compare(v, goLine) >= 0 {
			req.Spec, req.Source = v, SourceGoModToolchain
		}
	}
	return req, nil
}

// stripToolchainSuffix drops a custom toolchain suffix: go1.22.4-bigcorp → go1.22.4.
func stripToolchainSuffix(name string) string {
	if i := strings.IndexAny(name, "-+"); i >= 0 {
		return name[:i]
	}
	return name
}

// ParseGoVersionFile reads a .go-version file: the first line that is not
// blank or a # comment holds the version (1.22.4, go1.22.4, 1.22, latest).
func ParseGoVersionFile(data []byte) (string, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return "", errors.New(".go-version is not a text file")
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := ParseSpec(line); err != nil {
			return "", err
		}
		return line, nil
	}
	if err := sc.Err(); err != nil && !errors.Is(err, fs.ErrClosed) {
		return "", fmt.Errorf(".go-version: %w", err)
	}
	return "", errors.New(".go-version names no version: write one line such as 1.22.4")
}
