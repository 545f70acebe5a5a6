package toolchain

import (
	"context"
	"testing"

	"github.com/devboot/devboot/testenv/goserver"
)

func TestPrune(t *testing.T) {
	srv := goserver.New(t, goserver.Options{Versions: []string{"1.22.3", "1.22.4", "1.22.5", "1.23.0"}})
	h := testHost(t)
	ctx := context.Background()
	src, _ := NewSource(h, SourceOptions{DLURL: srv.DLURL})
	for _, v := range []string{"go1.22.3", "go1.22.4", "go1.22.5", "go1.23.0"} {
		steps, err := PlanInstall(ctx, h, src, v, HostPlatform(), fastFetch())
		if err != nil {
			t.Fatal(err)
		}
		run(t, h, steps)
	}
	run(t, h, PlanUse(h, "go1.22.3"))
	steps, err := PlanPrune(h, 1)
	if err != nil {
		t.Fatal(err)
	}
	dry := runner(h)
	dry.DryRun = true
	if _, err := dry.Run(ctx, steps); err != nil {
		t.Fatal(err)
	}
	if ts, _ := Installed(h); len(ts) != 4 {
		t.Fatalf("dry run removed something: %+v", ts)
	}
	run(t, h, steps)
	var got []string
	ts, _ := Installed(h)
	for _, t := range ts {
		got = append(got, t.Version)
	}
	// Kept: newest patch of each minor, and the active go1.22.3.
	if len(got) != 3 || got[0] != "go1.23.0" || got[1] != "go1.22.5" || got[2] != "go1.22.3" {
		t.Fatalf("after prune --keep 1: %v", got)
	}
	if _, err := PlanPrune(h, 0); err == nil {
		t.Fatal("--keep 0 accepted")
	}
}
