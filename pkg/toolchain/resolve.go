package toolchain

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/host"
)

// Where a resolved version came from.
const (
	SourceSpec            = "spec"              // given on the command line
	SourceGoModToolchain  = "go.mod toolchain"  // go.mod's toolchain line
	SourceGoModGo         = "go.mod go"         // go.mod's go line
	SourceGoWorkToolchain = "go.work toolchain" // the workspace's go.work toolchain line
	SourceGoWorkGo        = "go.work go"        // the workspace's go.work go line
	SourceGoVersion       = ".go-version"       // a .go-version file
	SourceGOTOOLCHAIN     = "GOTOOLCHAIN"       // a version pinned in $GOTOOLCHAIN
)

// Resolution is the exact version a request means, and why.
type Resolution struct {
	Version  string   `json:"version"`        // e.g. go1.22.4
	Spec     string   `json:"spec"`           // what was asked, e.g. 1.22
	Source   string   `json:"source"`         // one of the Source* constants
	File     string   `json:"file,omitempty"` // the file that decided, if any
	Warnings []string `json:"warnings,omitempty"`
}

// ResolveOptions say what to resolve and against which versions.
type ResolveOptions struct {
	// Spec is an explicit request; empty means: ask the project files, then GOTOOLCHAIN.
	Spec string
	// Dir is where the project search starts (the working directory).
	Dir string
	// Offered lists the versions to choose from: Source.Versions, or the
	// installed and adoptable ones offline (LocalVersions). An exact request
	// is checked against it unless it is nil (and not Local).
	Offered []string
	// Local says Offered lists only the toolchains on this machine: an
	// exact request is checked against it even when it is empty, and a miss
	// says what is here instead of naming versions "from the source".
	Local bool
}

// Resolve finds the exact version the request means: an explicit spec, else
// the workspace's go.work or else go.mod (toolchain line, then go line),
// else .go-version, else a version pinned in GOTOOLCHAIN. It warns when
// GOTOOLCHAIN, go.work or go.mod would make cmd/go run another version
// than the one resolved.
func Resolve(h *host.Host, opts ResolveOptions) (*Resolution, error) {
	proj, err := FindProjectEnv(opts.Dir, h.Getenv)
	if err != nil {
		return nil, exitcode.BadInput(err)
	}
	res := &Resolution{Spec: opts.Spec, Source: SourceSpec}
	gotc := ParseGOTOOLCHAIN(h.Getenv("GOTOOLCHAIN"))
	switch {
	case opts.Spec != "":
	case proj.Spec != "":
		res.Spec, res.Source, res.File = proj.Spec, proj.Source, proj.File
	case gotc.Version != "":
		res.Spec, res.Source = gotc.Version, SourceGOTOOLCHAIN
	default:
		return nil, exitcode.BadInput(fmt.Errorf("no version asked for: give one (devboot toolchain resolve 1.22.4), or add a go.mod, go.work or .go-version here or above"))
	}
	spec, err := ParseSpec(res.Spec)
	if err != nil {
		if res.File != "" {
			err = fmt.Errorf("%s: %w", res.File, err)
		}
		return nil, exitcode.BadInput(err)
	}
	if spec.Kind == SpecExact && opts.Offered == nil && !opts.Local {
		res.Version = spec.Version
	} else if res.Version, err = spec.Pick(opts.Offered); err != nil {
		if opts.Local {
			err = fmt.Errorf("%s installed or adoptable here (local: %s)", missing(spec), listOrNone(opts.Offered))
		}
		return nil, exitcode.BadInput(err)
	}
	res.Warnings = switchWarnings(res.Version, gotc, proj)
	return res, nil
}

// GOTOOLCHAIN is $GOTOOLCHAIN as cmd/go reads it: "auto" (the default),
// "local", "path", "go1.22.4", "go1.22.4+auto", "go1.22.4+path".
type GOTOOLCHAIN struct {
	Raw     string
	Version string // the pinned or minimum version, if any
	Mode    string // "auto", "local", "path" or "pinned" (a version with no +mode)
}

// ParseGOTOOLCHAIN splits $GOTOOLCHAIN; unset means auto.
func ParseGOTOOLCHAIN(s string) GOTOOLCHAIN {
	g := GOTOOLCHAIN{Raw: s, Mode: "auto"}
	if s == "" || s == "auto" || s == "local" || s == "path" {
		if s != "" {
			g.Mode = s
		}
		return g
	}
	name, mode, hasMode := strings.Cut(s, "+")
	if v, err := Canonical(stripToolchainSuffix(name)); err == nil {
		g.Version = v
	}
	g.Mode = "pinned"
	if hasMode {
		g.Mode = mode
	}
	return g
}

// switchWarnings says when cmd/go would not run v in this project.
func switchWarnings(v string, gotc GOTOOLCHAIN, proj ProjectRequest) []string {
	var w []string
	if gotc.Mode == "pinned" && gotc.Version != "" && gotc.Version != v {
		w = append(w, fmt.Sprintf("GOTOOLCHAIN=%s makes cmd/go run %s, not %s: unset it or set GOTOOLCHAIN=local", gotc.Raw, gotc.Version, v))
	}
	if (gotc.Mode == "auto" || gotc.Mode == "path") && gotc.Version != "" && Compare(gotc.Version, v) > 0 {
		w = append(w, fmt.Sprintf("GOTOOLCHAIN=%s makes cmd/go switch to at least %s, above %s", gotc.Raw, gotc.Version, v))
	}
	if proj.GoLine != "" && Compare(proj.GoLine, v) > 0 {
		switch gotc.Mode {
		case "local":
			w = append(w, fmt.Sprintf("%s needs go %s but %s is older and GOTOOLCHAIN=local: cmd/go will refuse to build", proj.File, proj.GoLine, v))
		case "auto", "path":
			w = append(w, fmt.Sprintf("%s needs go %s, so cmd/go will switch away from %s (to %s on PATH, or a download)", proj.File, proj.GoLine, v, proj.GoLine))
		}
	}
	if (proj.Source == SourceGoModToolchain || proj.Source == SourceGoWorkToolchain) && Compare(proj.Spec, v) > 0 && gotc.Mode != "local" && gotc.Mode != "pinned" {
		w = append(w, fmt.Sprintf("%s asks for toolchain %s, so cmd/go will switch away from %s", proj.File, proj.Spec, v))
	}
	return w
}

// ResolveWith resolves against what src offers for the platform.
func ResolveWith(ctx context.Context, h *host.Host, src Source, p Platform, opts ResolveOptions) (*Resolution, error) {
	vs, err := src.Versions(ctx, p)
	if err != nil {
		return nil, err
	}
	opts.Offered = vs
	return Resolve(h, opts)
}

// NotInstalledError says that no installed toolchain fits a spec, and what is
// installed: the version may well be offered by a source, it is just not here.
type NotInstalledError struct {
	Spec      Spec
	Platform  Platform
	Installed []string   // installed versions for Platform, newest first
	Adoptable *Adoptable // on this machine but not registered, if one fits
}

func (e *NotInstalledError) Error() string {
	where := ""
	if e.Platform != HostPlatform() {
		where = " for " + e.Platform.String()
	}
	return fmt.Sprintf("%s installed%s (installed: %s)", missing(e.Spec), where, listOrNone(e.Installed))
}

// missing starts a sentence saying nothing fits s: "go1.22.4 is not",
// "no go1.22 patch is", "no stable toolchain is".
func missing(s Spec) string {
	switch s.Kind {
	case SpecMinor:
		return "no " + s.Version + " patch is"
	case SpecLatest:
		return "no stable toolchain is"
	}
	return s.Version + " is not"
}

func listOrNone(vs []string) string {
	if len(vs) == 0 {
		return "none"
	}
	return strings.Join(vs, ", ")
}

// ResolveInstalled picks the installed toolchain for p that spec means: that
// exact version, the newest installed stable patch of a minor, or the newest
// installed stable release. It never looks at what a source offers, so a miss
// is a *NotInstalledError (exit 2) naming what is installed.
func ResolveInstalled(h *host.Host, spec string, p Platform) (*Toolchain, error) {
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, exitcode.BadInput(err)
	}
	mine, installed, err := installedFor(h, p)
	if err != nil {
		return nil, err
	}
	if v, err := s.Pick(installed); err == nil {
		return &mine[slices.Index(installed, v)], nil
	}
	miss := &NotInstalledError{Spec: s, Platform: p, Installed: installed}
	if p == HostPlatform() {
		adoptable := FindAdoptable(h)
		vs := make([]string, len(adoptable))
		for i, a := range adoptable {
			vs[i] = a.Version
		}
		if v, err := s.Pick(vs); err == nil {
			miss.Adoptable = &adoptable[slices.Index(vs, v)]
		}
	}
	return nil, exitcode.BadInput(miss)
}
