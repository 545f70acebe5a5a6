package toolchain

import (
	"fmt"
	"go/version"
	"slices"
	"strings"
)

// Versions are spelled as Go names its releases: "go1.22.4", "go1.22rc1",
// and before Go 1.21 "go1.20" for the first release of a minor. The
// standard library's go/version orders them.

// Canonical returns the release name for s ("1.22.4", "go1.22.4"), or an
// error when s is not a single release (a bare minor such as "1.22" is a
// family, not a release: see ParseSpec).
func Canonical(s string) (string, error) {
	v := s
	if !strings.HasPrefix(v, "go") {
		v = "go" + v
	}
	if !version.IsValid(v) || strings.ContainsAny(v, "-+ \t") {
		return "", fmt.Errorf("%q is not a Go version: write it like 1.22.4, go1.22.4 or 1.22rc1", s)
	}
	return v, nil
}

// IsRelease reports whether v names one release rather than a language
// version: go1.22.4, go1.22rc1, go1.20 (pre-1.21 first releases) — but not go1.22.
func IsRelease(v string) bool {
	if !version.IsValid(v) {
		return false
	}
	if version.Lang(v) != v {
		return true // has a patch or a prerelease suffix
	}
	// From 1.21 on the first release is go1.N.0; before, it was go1.N.
	return version.Compare(v, "go1.21") < 0
}

// IsStable reports whether v is a final release (not rc or beta).
func IsStable(v string) bool {
	return version.IsValid(v) && !strings.Contains(v, "rc") && !strings.Contains(v, "beta")
}

// Minor returns the language (minor) version of v: go1.22.4 → go1.22.
func Minor(v string) string { return version.Lang(v) }

// Compare orders two versions as go/version does (-1, 0, +1).
func Compare(a, b string) int { return version.Compare(a, b) }

// FromGoLine turns a go.mod "go" line into the release cmd/go needs: from
// 1.21 on, "go 1.21" means go1.21.0; before, "go 1.20" means go1.20.
func FromGoLine(line string) (string, error) {
	v, err := Canonical(line)
	if err != nil {
		return "", err
	}
	if version.Lang(v) == v && version.Compare(v, "go1.21") >= 0 {
		v += ".0"
	}
	return v, nil
}

// Satisfies reports whether toolchain version v can build a module whose
// go.mod says "go req" ("1.21", "1.22.4", "go1.22rc1"), as cmd/go decides it:
// v must be at least the go line. go.mod's toolchain line is only a
// preference, so it is not a requirement here.
func Satisfies(v, req string) bool {
	r := req
	if !strings.HasPrefix(r, "go") {
		r = "go" + r
	}
	if !version.IsValid(v) || !version.IsValid(r) {
		return false
	}
	return version.Compare(v, r) >= 0
}

// sortNewestFirst sorts versions from newest to oldest, in place.
func sortNewestFirst(vs []string) {
	slices.SortFunc(vs, func(a, b string) int { return version.Compare(b, a) })
}
