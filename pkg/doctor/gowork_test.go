package doctor

import (
	"testing"

	"github.com/devboot/devboot/testenv/roots"
)

// TestProjectGoWork: a go.work above the project decides, as cmd/go reads
// it, and whether it counts follows the user's GOWORK (the host's
// environment), not doctor's own process.
func TestProjectGoWork(t *testing.T) {
	t.Setenv("GOWORK", "off") // doctor's own environment: must not matter
	fx := healthy(t)
	roots.Write(t, fx.root, roots.Tree{
		"/home/u/go.work":        "go 1.21\n\ntoolchain go1.22.9\n\nuse ./project\n",
		"/home/u/project/go.mod": "module example.com/p\n\ngo 1.21\n",
	})
	fx.h.Env["GOTOOLCHAIN"] = "auto"
	c := want(t, fx.run(), "go.project", Warn, "prefers go1.22.9", "GOTOOLCHAIN=auto")
	if c.Fix == "" {
		t.Fatalf("go.work toolchain line newer than the first go: no fix offered: %+v", c)
	}
	fx.h.Env["GOTOOLCHAIN"] = "local"
	want(t, fx.run(), "go.project", OK, "prefers go1.22.9")

	// The user's GOWORK=off: go.work is ignored, go.mod decides.
	t.Setenv("GOWORK", "")
	fx.h.Env["GOWORK"] = "off"
	want(t, fx.run(), "go.project", OK, "suits", "go.mod")
}
