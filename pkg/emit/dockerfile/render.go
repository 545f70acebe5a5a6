// Package dockerfile writes a multi-stage Dockerfile (and its .dockerignore)
// that builds a Go module's main packages for several platforms: the build
// stage runs on the build machine and cross-compiles, the final stages are
// minimal and run as a numeric non-root user.
package dockerfile

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/devboot/devboot/pkg/emit"
)

// Final stage bases.
const (
	FinalScratch    = "scratch"
	FinalDistroless = "distroless"
	FinalAlpine     = "alpine"
	FinalDebian     = "debian"
)

// Options choose what Render writes.
type Options struct {
	Platforms []Platform
	CGO       bool
	Final     string   // one of the Final* names; "" picks scratch, or debian with cgo
	Mains     []string // package patterns ("./cmd/x"); empty means every main package
	GoVersion string   // overrides go.mod
	NoSyntax  bool     // leave out "# syntax=", for engines that cannot fetch a frontend
	TZData    bool     // embed the time zone database (-tags timetzdata)
}

//go:embed dockerfile.tmpl
var tmplText string

// tmpl parses on first use, not at every devboot start.
var tmpl = sync.OnceValue(func() *template.Template { return template.Must(template.New("Dockerfile").Parse(tmplText)) })

type final struct{ Name, Stage string }

type view struct {
	Module       *Module
	GoVersion    string
	Syntax, CGO  bool
	PlatformList string
	Cross        []crossCC
	Tags         string
	Finals       []final
	FinalImage   string
	CopyCA       bool
}

// Render writes the Dockerfile for m. Errors are the user's choices that
// cannot work together; the caller reports them as bad input.
func Render(m *Module, opt Options) ([]byte, error) {
	v := view{Module: m, GoVersion: opt.GoVersion, Syntax: !opt.NoSyntax, CGO: opt.CGO}
	if v.GoVersion == "" {
		v.GoVersion = m.GoVersion
	}
	if v.GoVersion == "" {
		return nil, errors.New("go.mod has no go or toolchain line: pass --go VERSION")
	}
	if !emit.IsGoVersion(v.GoVersion) {
		return nil, fmt.Errorf("Go version %q is not a golang image tag like 1.22 or 1.22.4: pass --go with one", v.GoVersion)
	}
	if len(opt.Platforms) == 0 {
		return nil, errors.New("no platform given")
	}
	var names []string
	for _, p := range opt.Platforms {
		names = append(names, p.String())
	}
	v.PlatformList = strings.Join(names, ",")
	mains, err := selectMains(m.Mains, opt.Mains)
	if err != nil {
		return nil, err
	}
	sel := *m
	sel.Mains = mains
	v.Module = &sel
	if v.Finals, err = finalStages(mains); err != nil {
		return nil, err
	}
	if opt.CGO {
		if v.Cross, err = crossFor(opt.Platforms); err != nil {
			return nil, err
		}
	}
	if opt.TZData {
		v.Tags = "timetzdata"
	}
	if v.FinalImage, v.CopyCA, err = finalImage(opt.Final, opt.CGO); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := tmpl().Execute(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// finalImage maps --final to a base image, and says whether the CA bundle
// must be copied in from the build stage (the base has none).
func finalImage(name string, cgo bool) (image string, copyCA bool, err error) {
	if name == "" {
		name = FinalScratch
		if cgo {
			name = FinalDebian
		}
	}
	switch name {
	case FinalScratch:
		if cgo {
			return "", false, errors.New("a cgo binary links glibc dynamically and cannot run on scratch: use --final debian or --final distroless")
		}
		return "scratch", true, nil
	case FinalDistroless:
		if cgo {
			return "gcr.io/distroless/base-debian12:nonroot", false, nil
		}
		return "gcr.io/distroless/static-debian12:nonroot", false, nil
	case FinalAlpine:
		if cgo {
			return "", false, errors.New("a cgo binary built against glibc does not run on alpine (musl): use --final debian or --final distroless")
		}
		return "alpine:3.22", false, nil
	case FinalDebian:
		return "debian:bookworm-slim", true, nil
	}
	return "", false, fmt.Errorf("--final %q: choose scratch, distroless, alpine or debian", name)
}

// selectMains keeps the main packages named by --main, in the order given.
func selectMains(all []Main, want []string) ([]Main, error) {
	if len(want) == 0 {
		if len(all) == 0 {
			return nil, errors.New("the module has no main package: nothing to build into an image")
		}
		return all, nil
	}
	var out []Main
	for _, w := range want {
		norm := "./" + strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(w, "./"), "/"), "/")
		if norm == "./" || norm == "./." {
			norm = "."
		}
		found := false
		for _, m := range all {
			if m.Pkg == norm {
				out, found = append(out, m), true
				break
			}
		}
		if !found {
			var have []string
			for _, m := range all {
				have = append(have, m.Pkg)
			}
			return nil, fmt.Errorf("--main %s is not a main package of this module (main packages: %s)", w, strings.Join(have, ", "))
		}
	}
	return out, nil
}

var stageBad = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^a-z0-9_.-]+`) })

// finalStages names one final stage per binary. The build stage is "build",
// so a binary of that name gets a suffixed stage.
func finalStages(mains []Main) ([]final, error) {
	seen := map[string]string{}
	var out []final
	for _, m := range mains {
		if other, dup := seen[m.Name]; dup {
			return nil, fmt.Errorf("main packages %s and %s both build a binary named %q: pick one with --main", other, m.Pkg, m.Name)
		}
		seen[m.Name] = m.Pkg
		stage := stageBad().ReplaceAllString(strings.ToLower(m.Name), "-")
		if stage == "build" || stage == "" || !(stage[0] >= 'a' && stage[0] <= 'z') {
			stage = "image-" + stage
		}
		out = append(out, final{Name: m.Name, Stage: stage})
	}
	return out, nil
}

// crossFor lists the cross C toolchains the platforms need, sorted by arch.
func crossFor(ps []Platform) ([]crossCC, error) {
	seen := map[string]bool{}
	var out []crossCC
	for _, p := range ps {
		c, ok := crossCCs[p.Arch]
		if !ok {
			return nil, fmt.Errorf("--cgo: no Debian cross C toolchain is known for %s: drop that platform or build without cgo", p)
		}
		if !seen[p.Arch] {
			seen[p.Arch] = true
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Arch < out[j].Arch })
	return out, nil
}
