package up

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// KillEnv is a TEST-ONLY hook: DEVBOOT_TEST_KILL=N:before (or N:after) makes
// devboot SIGKILL itself just before (after) applying the Nth needed step,
// i.e. after its "started" journal write. The end-to-end tests use it to
// interrupt up at chosen points and check that up completes and down undoes.
const KillEnv = "DEVBOOT_TEST_KILL"

// armKillHook wraps the step the hook names; without the variable it
// returns steps unchanged.
// done counts the needed steps applied before these (earlier phases).
func armKillHook(h *host.Host, steps []plan.Step, done int) ([]plan.Step, error) {
	spec := h.Getenv(KillEnv)
	if spec == "" {
		return steps, nil
	}
	n, when, _ := strings.Cut(spec, ":")
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || (when != "before" && when != "after") {
		return nil, fmt.Errorf("%s=%q: want N:before or N:after", KillEnv, spec)
	}
	i -= done
	if i < 1 || i > len(steps) {
		return steps, nil
	}
	out := append([]plan.Step(nil), steps...)
	out[i-1] = &killStep{Step: steps[i-1], after: when == "after"}
	return out, nil
}

type killStep struct {
	plan.Step
	after bool
}

func (k *killStep) MarshalJSON() ([]byte, error) { return json.Marshal(k.Step) }

func (k *killStep) Scope() string {
	if s, ok := k.Step.(plan.Scoped); ok {
		return s.Scope()
	}
	return ""
}

func (k *killStep) Apply(ctx context.Context, h *host.Host) error {
	if !k.after {
		_ = syscall.Kill(syscall.Getpid(), syscall.SIGKILL)
	}
	err := k.Step.Apply(ctx, h)
	if k.after {
		_ = syscall.Kill(syscall.Getpid(), syscall.SIGKILL)
	}
	return err
}
