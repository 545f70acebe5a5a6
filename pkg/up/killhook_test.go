package up

import (
	"encoding/json"
	"testing"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

func TestKillHookArming(t *testing.T) {
	steps := []plan.Step{goenv.SetStep("GOPROXY", "off"), goenv.SetStep("GOSUMDB", "off")}
	env := func(v string) *host.Host { return host.New("/", []string{KillEnv + "=" + v}) }

	if out, err := armKillHook(host.New("/", nil), steps, 0); err != nil || out[0] != steps[0] || out[1] != steps[1] {
		t.Fatalf("without the variable steps must be untouched: %v", err)
	}
	for _, bad := range []string{"x", "0:before", "1:during", "1"} {
		if _, err := armKillHook(env(bad), steps, 0); err == nil {
			t.Errorf("%s=%s accepted", KillEnv, bad)
		}
	}
	// Step 3 overall is the second of a phase that follows one applied step.
	out, err := armKillHook(env("3:after"), steps, 1)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := out[1].(*killStep)
	if !ok || !k.after || out[0] != steps[0] {
		t.Fatalf("wrong step armed: %#v", out)
	}
	// The journal must hold the wrapped step's own record under its own kind.
	got, _ := json.Marshal(k)
	want, _ := json.Marshal(steps[1])
	if string(got) != string(want) || k.Kind() != steps[1].Kind() || k.Scope() != "goenv:GOSUMDB" {
		t.Fatalf("journal record %s kind %s scope %s, want %s", got, k.Kind(), k.Scope(), want)
	}
	// Beyond this phase: nothing armed.
	if out, _ := armKillHook(env("9:before"), steps, 1); out[0] != steps[0] || out[1] != steps[1] {
		t.Fatal("armed a step outside the phase")
	}
}
