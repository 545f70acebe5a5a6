package up

import (
	"fmt"
	"go/version"
	"slices"
	"strings"

	"github.com/devboot/devboot/pkg/toolchain"
)

// Want is the Go version up must provide, as resolved from --go or the
// project (go.mod toolchain/go lines, .go-version).
type Want struct {
	Spec   string `json:"spec"`   // as written, for messages: "1.22", "go 1.26.8"
	Source string `json:"source"` // who asked: "--go", "go.mod go line", ...
	// Exactly one of these is set, or Latest.
	Exact   string `json:"exact,omitempty"`    // this release: go1.22.4
	Minor   string `json:"minor,omitempty"`    // newest patch of this minor: go1.22
	AtLeast string `json:"at_least,omitempty"` // any release >= this (go.mod, as cmd/go reads it)
	Latest  bool   `json:"latest,omitempty"`
	// Any: nothing asks for a version (no --go, no project); whatever Go is
	// here will do, else the latest release.
	Any bool `json:"any,omitempty"`
}

// SatisfiedBy reports whether release v meets the want without asking a
// download index. "latest" never is: only the index knows what is newest.
func (w Want) SatisfiedBy(v string) bool {
	switch {
	case v == "":
		return false
	case w.Exact != "":
		return v == w.Exact
	case w.Minor != "":
		return version.Lang(v) == w.Minor
	case w.AtLeast != "":
		return toolchain.Satisfies(v, w.AtLeast)
	}
	return w.Any
}

// Toolchain is a Go installation up can use.
type Toolchain struct {
	Version string `json:"version"` // go1.26.8
	GOROOT  string `json:"goroot"`
	// Managed: devboot's own (installed or already adopted), as opposed to
	// one found on the machine that would have to be adopted first.
	Managed bool `json:"managed"`
}

// GoFacts is what the toolchain choice depends on.
type GoFacts struct {
	Want      Want
	Active    string      // version behind devboot's current link, "" when none
	Local     []Toolchain // managed ones and adoptable ones
	Offline   bool        // --offline, or the download index did not answer
	Available string      // the release the index resolved Want to, "" when not asked
}

// Toolchain actions.
const (
	ActionKeep    = "keep"    // the active toolchain already satisfies the want
	ActionUse     = "use"     // switch to a managed toolchain
	ActionAdopt   = "adopt"   // register one found on the machine, then use it
	ActionInstall = "install" // download, then use
	ActionResolve = "resolve" // ask the index first, then decide again
)

// Choice is what up does about the toolchain, and why.
type Choice struct {
	Action  string `json:"action"`
	Version string `json:"version"`
	GOROOT  string `json:"goroot,omitempty"` // for use and adopt
	Reason  string `json:"reason"`
}

// ChooseToolchain decides, without I/O, how to provide the wanted Go.
// Local toolchains win when they satisfy the want, so a repeated up and an
// offline up never touch the network; only "latest", a minor whose newest
// patch may be newer than what is here, or a version nothing local has,
// need the index (ActionResolve, then call again with Available set).
func ChooseToolchain(g GoFacts) (Choice, error) {
	w := g.Want
	if g.Available != "" {
		return chooseRelease(g, g.Available)
	}
	if w.SatisfiedBy(g.Active) {
		return Choice{Action: ActionKeep, Version: g.Active, Reason: fmt.Sprintf("the active %s satisfies %s", g.Active, w.describe())}, nil
	}
	if w.Exact != "" {
		return chooseRelease(g, w.Exact)
	}
	if g.Offline || w.AtLeast != "" || w.Any {
		if t, ok := bestLocal(g.Local, w, g.Offline); ok {
			c := useOrAdopt(t)
			c.Reason = fmt.Sprintf("%s %s satisfies %s", t.GOROOT, t.Version, w.describe())
			if g.Offline {
				c.Reason += " (offline: chosen among the toolchains on this machine)"
			}
			return c, nil
		}
	}
	if g.Offline {
		return Choice{}, nothingServes(g)
	}
	if w.AtLeast != "" {
		// cmd/go itself would fetch exactly the minimum it needs.
		return chooseRelease(g, w.AtLeast)
	}
	// A minor, latest, or (with nothing here) any: only the index knows.
	return Choice{Action: ActionResolve, Reason: "ask the download index which release " + w.describe() + " means"}, nil
}

// chooseRelease provides release v: a local copy if there is one, else a
// download (impossible offline).
func chooseRelease(g GoFacts, v string) (Choice, error) {
	if g.Active == v {
		return Choice{Action: ActionKeep, Version: v, Reason: "the active toolchain is " + v}, nil
	}
	for _, t := range sortedLocal(g.Local) {
		if t.Version == v {
			c := useOrAdopt(t)
			c.Reason = fmt.Sprintf("%s is already on this machine at %s", v, t.GOROOT)
			return c, nil
		}
	}
	if g.Offline {
		return Choice{}, nothingServes(g)
	}
	return Choice{Action: ActionInstall, Version: v, Reason: fmt.Sprintf("%s is not on this machine: download it", v)}, nil
}

func useOrAdopt(t Toolchain) Choice {
	a := ActionAdopt
	if t.Managed {
		a = ActionUse
	}
	return Choice{Action: a, Version: t.Version, GOROOT: t.GOROOT}
}

// bestLocal picks the newest satisfying toolchain, managed ones first among
// equals. Offline, "latest" settles for the newest there is.
func bestLocal(local []Toolchain, w Want, offline bool) (Toolchain, bool) {
	for _, t := range sortedLocal(local) {
		if w.SatisfiedBy(t.Version) || (w.Latest && offline) {
			return t, true
		}
	}
	return Toolchain{}, false
}

// sortedLocal orders newest first, managed before adoptable for one version.
func sortedLocal(local []Toolchain) []Toolchain {
	out := slices.Clone(local)
	slices.SortStableFunc(out, func(a, b Toolchain) int {
		if c := version.Compare(b.Version, a.Version); c != 0 {
			return c
		}
		switch {
		case a.Managed && !b.Managed:
			return -1
		case b.Managed && !a.Managed:
			return 1
		}
		return 0
	})
	return out
}

func nothingServes(g GoFacts) error {
	var have []string
	for _, t := range sortedLocal(g.Local) {
		have = append(have, t.Version+" ("+t.GOROOT+")")
	}
	found := "no Go toolchain at all"
	if len(have) > 0 {
		found = "only " + strings.Join(have, ", ")
	}
	return fmt.Errorf("no network, and nothing on this machine satisfies %s: found %s; connect to the network (or pass --dl-url with a reachable mirror), or pass --go with one of the versions found", g.Want.describe(), found)
}

func (w Want) describe() string {
	s := w.Spec
	switch {
	case w.AtLeast != "":
		s = ">= " + w.AtLeast
	case w.Minor != "":
		s = "the newest " + w.Minor + ".x"
	case w.Latest:
		s = "latest"
	case w.Any:
		s = "any Go"
	}
	if w.Source != "" {
		s += " (from " + w.Source + ")"
	}
	return s
}
