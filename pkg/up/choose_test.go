package up

import (
	"strings"
	"testing"
)

func TestChooseToolchain(t *testing.T) {
	sys := Toolchain{Version: "go1.26.8", GOROOT: "/usr/local/go"}
	old := Toolchain{Version: "go1.22.4", GOROOT: "/home/u/.local/share/devboot/toolchains/go1.22.4", Managed: true}
	mine := Toolchain{Version: "go1.26.8", GOROOT: "/home/u/.local/share/devboot/toolchains/go1.26.8", Managed: true}
	atLeast := func(v string) Want { return Want{Spec: v, Source: "go.mod go line", AtLeast: v} }
	for _, tc := range []struct {
		name    string
		g       GoFacts
		action  string
		version string
		goroot  string
		errHas  string
	}{
		{"go.mod satisfied by the installed Go: adopt, no network",
			GoFacts{Want: atLeast("go1.26.0"), Local: []Toolchain{sys}}, ActionAdopt, "go1.26.8", "/usr/local/go", ""},
		{"a managed copy beats adopting the same version",
			GoFacts{Want: atLeast("go1.26.0"), Local: []Toolchain{sys, mine}}, ActionUse, "go1.26.8", mine.GOROOT, ""},
		{"active satisfies: keep",
			GoFacts{Want: atLeast("go1.26.0"), Active: "go1.26.8", Local: []Toolchain{mine}}, ActionKeep, "go1.26.8", "", ""},
		{"active satisfies a minor: keep without asking the index",
			GoFacts{Want: Want{Minor: "go1.22"}, Active: "go1.22.4"}, ActionKeep, "go1.22.4", "", ""},
		{"go.mod newer than anything here: download exactly the minimum",
			GoFacts{Want: atLeast("go1.27.1"), Local: []Toolchain{sys}}, ActionInstall, "go1.27.1", "", ""},
		{"exact version present but not active: use",
			GoFacts{Want: Want{Exact: "go1.22.4"}, Active: "go1.26.8", Local: []Toolchain{old, mine}}, ActionUse, "go1.22.4", old.GOROOT, ""},
		{"exact version absent: download",
			GoFacts{Want: Want{Exact: "go1.23.1"}, Local: []Toolchain{sys}}, ActionInstall, "go1.23.1", "", ""},
		{"latest online: ask the index",
			GoFacts{Want: Want{Latest: true}, Active: "go1.26.8"}, ActionResolve, "", "", ""},
		{"latest resolved to the active: keep",
			GoFacts{Want: Want{Latest: true}, Active: "go1.26.8", Available: "go1.26.8"}, ActionKeep, "go1.26.8", "", ""},
		{"latest resolved to a newer one: install",
			GoFacts{Want: Want{Latest: true}, Active: "go1.26.8", Available: "go1.27.0"}, ActionInstall, "go1.27.0", "", ""},
		{"latest offline: newest local",
			GoFacts{Want: Want{Latest: true}, Offline: true, Local: []Toolchain{old, sys}}, ActionAdopt, "go1.26.8", "/usr/local/go", ""},
		{"minor offline: newest local patch",
			GoFacts{Want: Want{Minor: "go1.22"}, Offline: true, Local: []Toolchain{old, sys}}, ActionUse, "go1.22.4", old.GOROOT, ""},
		{"minor online, not active: ask the index",
			GoFacts{Want: Want{Minor: "go1.22"}, Local: []Toolchain{old}}, ActionResolve, "", "", ""},
		{"no project: any local Go will do",
			GoFacts{Want: Want{Any: true}, Local: []Toolchain{old, sys}}, ActionAdopt, "go1.26.8", "/usr/local/go", ""},
		{"no project and no Go here: ask the index for latest",
			GoFacts{Want: Want{Any: true}}, ActionResolve, "", "", ""},
		{"offline and nothing fits: clear error naming what was found",
			GoFacts{Want: atLeast("go1.27.0"), Offline: true, Local: []Toolchain{sys}}, "", "", "", "only go1.26.8 (/usr/local/go)"},
		{"offline, no Go at all",
			GoFacts{Want: Want{Exact: "go1.22.4"}, Offline: true}, "", "", "", "no Go toolchain at all"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ChooseToolchain(tc.g)
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("got %+v, %v; want error containing %q", c, err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Action != tc.action || c.Version != tc.version || c.GOROOT != tc.goroot || c.Reason == "" {
				t.Fatalf("got %+v, want %s %s %s", c, tc.action, tc.version, tc.goroot)
			}
		})
	}
}
