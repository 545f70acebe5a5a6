package toolchain

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// testHost is a host whose user's home is a fresh temp dir.
func testHost(t *testing.T, env ...string) *host.Host {
	t.Helper()
	home := t.TempDir()
	h := host.New("/", append([]string{"HOME=" + home}, env...))
	if err := h.ResolveUser(home); err != nil {
		t.Fatal(err)
	}
	return h
}

func testHostB(b *testing.B, home string) *host.Host {
	h := host.New("/", []string{"HOME=" + home})
	if err := h.ResolveUser(home); err != nil {
		b.Fatal(err)
	}
	return h
}

func runner(h *host.Host) *plan.Runner {
	return &plan.Runner{Host: h, Journal: filepath.Join(h.DataDir(), "journal.json"), Command: "toolchain test"}
}

func run(t *testing.T, h *host.Host, steps []plan.Step) *plan.Result {
	t.Helper()
	res, err := runner(h).Run(context.Background(), steps)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

func fastFetch() FetchOptions {
	return FetchOptions{StallTimeout: 300_000_000} // 300ms: tests stall on purpose
}
