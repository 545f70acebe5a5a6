package srcbuild

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devboot/devboot/pkg/exitcode"
)

func TestMinBootstrapRule(t *testing.T) {
	for v, want := range map[string]string{
		"go1.27.0": "go1.24.6", "go1.26.8": "go1.24.6", "go1.25.3": "go1.22.6", "go1.24.0": "go1.22.6",
		"go1.23.1": "go1.20.6", "go1.22.0": "go1.20.6", "go1.21.5": "go1.17.13", "go1.20": "go1.17.13", "go1.19.3": "go1.4",
	} {
		if got := MinBootstrapRule(v); got != want {
			t.Errorf("MinBootstrapRule(%s) = %s, want %s", v, got, want)
		}
	}
}

// The tree's own cmd/dist constant beats the rule: this machine's Go 1.26
// source states go1.24.6, and a tree stating something else is believed.
func TestMinBootstrapReadsDist(t *testing.T) {
	if got := MinBootstrap(hostGo(t), "go1.26.8"); got != "go1.24.6" {
		t.Errorf("MinBootstrap(/usr/local/go) = %s, want go1.24.6 (src/cmd/dist/buildtool.go)", got)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "src/cmd/dist/buildtool.go"), "package main\n\nconst minBootstrap = \"go1.25.2\"\n", 0o644)
	if got := MinBootstrap(dir, "go1.26.8"); got != "go1.25.2" {
		t.Errorf("MinBootstrap(tree stating go1.25.2) = %s", got)
	}
	if got := MinBootstrap(t.TempDir(), "go1.26.8"); got != "go1.24.6" {
		t.Errorf("MinBootstrap(tree without dist) = %s, want the rule's go1.24.6", got)
	}
}

func TestPickBootstrapTakesOldestNewEnough(t *testing.T) {
	cands := []Candidate{{"go1.26.8", "/a"}, {"go1.24.5", "/b"}, {"go1.25.1", "/c"}, {"go1.24.6", "/d"}, {"go1.24rc1", "/e"}}
	got, err := PickBootstrap(cands, "go1.24.6")
	if err != nil || got.GOROOT != "/d" {
		t.Errorf("PickBootstrap = %+v, %v; want go1.24.6 at /d", got, err)
	}
	got, err = PickBootstrap(cands, "go1.25.0")
	if err != nil || got.GOROOT != "/c" {
		t.Errorf("PickBootstrap(min go1.25.0) = %+v, %v; want go1.25.1 at /c", got, err)
	}
}

func TestPickBootstrapNoneNewEnough(t *testing.T) {
	_, err := PickBootstrap([]Candidate{{"go1.22.4", "/a"}, {"go1.23.0", "/b"}}, "go1.24.6")
	var ee *exitcode.Error
	if err == nil || !errors.As(err, &ee) || ee.Code != exitcode.Usage {
		t.Fatalf("err = %v, want a bad-input error", err)
	}
	for _, want := range []string{"go1.24.6", "go1.22.4, go1.23.0", "devboot toolchain install 1.24.6"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
