package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set with -ldflags "-X main.version=... -X main.commit=..." by release builds.
var (
	version = "dev"
	commit  = ""
)

// VersionCmd prints what devboot is.
type VersionCmd struct{}

type versionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go_version"`
}

func (c *VersionCmd) Run(g *Globals) error {
	v := versionInfo{Version: version, Commit: commit, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && v.Commit == "" {
				v.Commit = s.Value
			}
		}
		if v.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
	}
	if g.JSON {
		return g.PrintJSON(v)
	}
	fmt.Fprintf(g.stdout, "devboot %s (commit %s) built with %s\n", v.Version, orNone(v.Commit), v.GoVersion)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
