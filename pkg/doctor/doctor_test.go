package doctor

import (
	"strings"
	"testing"
)

func TestHealthyFixtureAllPass(t *testing.T) {
	t.Parallel()
	r := healthy(t).run()
	for _, c := range r.Checks {
		if c.Verdict != OK {
			t.Errorf("%s: %s: %s", c.ID, c.Verdict, c.Message)
		}
	}
	if r.Failed() || len(r.Checks) != len(Checks()) {
		t.Fatalf("verdict %s with %d checks", r.Verdict, len(r.Checks))
	}
	if c := r.Check("go.path"); !strings.Contains(c.Message, "/opt/go/bin/go (go1.22.4)") {
		t.Errorf("go.path says %q", c.Message)
	}
}
