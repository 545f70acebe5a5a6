package toolchain

import (
	"fmt"
	"strings"
)

// SpecKind says how a Spec picks a release from the ones a source offers.
type SpecKind string

const (
	SpecExact  SpecKind = "exact"  // one release: go1.22.4, go1.22rc1
	SpecMinor  SpecKind = "minor"  // newest stable patch of a minor: 1.22
	SpecLatest SpecKind = "latest" // newest stable release ("latest" and "stable" are synonyms)
)

// Spec is a parsed version request.
type Spec struct {
	Kind SpecKind
	// Version is the release (exact) or the minor, e.g. go1.22 (minor);
	// empty for latest.
	Version string
}

func (s Spec) String() string {
	if s.Kind == SpecLatest {
		return "latest"
	}
	return s.Version
}

// ParseSpec parses what a user may ask for: 1.22.4, go1.22.4, 1.22rc1, 1.22
// (newest patch), latest, stable.
func ParseSpec(s string) (Spec, error) {
	switch strings.ToLower(s) {
	case "latest", "stable":
		return Spec{Kind: SpecLatest}, nil
	case "":
		return Spec{}, fmt.Errorf("empty version: write it like 1.22.4, 1.22 or latest")
	}
	v, err := Canonical(s)
	if err != nil {
		return Spec{}, fmt.Errorf("%q is not a Go version: write it like 1.22.4, go1.22.4, 1.22 (newest patch), 1.22rc1, latest or stable", s)
	}
	if v == "go1" {
		return Spec{}, fmt.Errorf("%q is too vague: name a minor such as 1.22, or latest", s)
	}
	if IsRelease(v) {
		return Spec{Kind: SpecExact, Version: v}, nil
	}
	return Spec{Kind: SpecMinor, Version: v}, nil
}

// Pick chooses the release the spec means among the offered versions. When
// none fits, the error names the nearest versions offered.
func (s Spec) Pick(offered []string) (string, error) {
	vs := append([]string(nil), offered...)
	sortNewestFirst(vs)
	for _, v := range vs {
		switch s.Kind {
		case SpecExact:
			if v == s.Version {
				return v, nil
			}
		case SpecMinor:
			if Minor(v) == s.Version && IsStable(v) {
				return v, nil
			}
		case SpecLatest:
			if IsStable(v) {
				return v, nil
			}
		}
	}
	if s.Kind == SpecExact && len(vs) == 0 {
		return "", fmt.Errorf("%s is not available: the source offers no versions", s)
	}
	return "", fmt.Errorf("%s is not available from the source; nearest: %s", s, strings.Join(Nearest(s.Version, vs, 4), ", "))
}

// Nearest returns up to n offered versions closest to want in version
// order, taken alternately just older and just newer than it, listed
// newest first.
func Nearest(want string, offered []string, n int) []string {
	vs := append([]string(nil), offered...)
	sortNewestFirst(vs)
	if len(vs) == 0 {
		return []string{"(none)"}
	}
	if want == "" {
		return vs[:min(n, len(vs))]
	}
	// Index of the first version older than want.
	i := 0
	for i < len(vs) && Compare(vs[i], want) > 0 {
		i++
	}
	lo, hi := i, i // take from both sides of the insertion point
	var out []string
	for len(out) < n && (lo > 0 || hi < len(vs)) {
		if hi < len(vs) {
			out = append(out, vs[hi])
			hi++
		}
		if len(out) < n && lo > 0 {
			lo--
			out = append(out, vs[lo])
		}
	}
	sortNewestFirst(out)
	return out
}
