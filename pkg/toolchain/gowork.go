package toolchain

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// FindGoWork returns the go.work file that puts dir in workspace mode, as
// cmd/go's modload.FindGoWork does: GOWORK=off disables workspaces, an
// absolute path names the file, unset or "auto" searches upward from dir.
// A named file that does not exist is no workspace (cmd/go then reads
// go.mod; "go work init" creates it). The use list does not matter: a
// module the go.work does not list is still in workspace mode (cmd/go
// refuses to build it, and still picks its toolchain from go.work).
func FindGoWork(dir, gowork string) (string, error) {
	switch gowork {
	case "off":
		return "", nil
	case "", "auto":
		p, _ := findUp(dir, "go.work")
		return p, nil
	}
	if !filepath.IsAbs(gowork) {
		return "", fmt.Errorf("GOWORK=%s is not an absolute path: give one, or unset it (GOWORK=off disables workspaces)", gowork)
	}
	if fi, err := os.Stat(gowork); err != nil || fi.IsDir() {
		return "", nil
	}
	return gowork, nil
}

// readGoWork takes the request from a go.work's go and toolchain lines,
// which decide for every module in the workspace.
func readGoWork(path string) (ProjectRequest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ProjectRequest{}, err
	}
	f, err := modfile.ParseWork(path, data, nil)
	if err != nil {
		return ProjectRequest{}, fmt.Errorf("%s cannot be parsed: %w", path, err)
	}
	goLine, tc := lineValues(f.Go, f.Toolchain)
	req, err := requestFromLines(path, goLine, tc)
	if req.Source == SourceGoModGo {
		req.Source = SourceGoWorkGo
	} else if req.Source == SourceGoModToolchain {
		req.Source = SourceGoWorkToolchain
	}
	return req, err
}
