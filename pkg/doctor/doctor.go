// Package doctor finds the classic reasons a Go environment "does not
// work" — a second go earlier on PATH, GOROOT pointing at another tree,
// GOBIN inside GOROOT, a GOPATH on NTFS, a root-owned module cache, a proxy
// setting that cannot work — and says for each why it matters and how to fix
// it. Every check is a pure function over Facts gathered once (through
// host.Host, so fixture roots work); only Gather runs programs (each go on
// PATH answers `go env -json`), and the network is touched only when
// Options.Network asks for it.
//
// `devboot up` reuses Run to verify what it applied.
package doctor

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/devboot/devboot/pkg/binwhy"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// Verdicts, the same words `doctor --bin` uses.
const (
	OK   = binwhy.OK
	Warn = binwhy.Warn
	Fail = binwhy.Fail
)

// Result is one check's verdict.
type Result struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Verdict  string   `json:"verdict"`
	Message  string   `json:"message"`
	Evidence []string `json:"evidence,omitempty"`
	// Fix is what to do, with exact commands, when Verdict is not ok.
	Fix string `json:"fix,omitempty"`
	// Steps apply the fix when devboot owns it (doctor --fix).
	Steps []plan.Step `json:"-"`
	// Fixable says that Steps exist.
	Fixable bool `json:"fixable,omitempty"`
}

// Report is a whole doctor run.
type Report struct {
	Verdict string   `json:"verdict"`
	Checks  []Result `json:"checks"`
}

// Failed reports whether any check failed (doctor then exits 3).
func (r *Report) Failed() bool { return r.Verdict == Fail }

// Check returns the result with id, or nil.
func (r *Report) Check(id string) *Result {
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			return &r.Checks[i]
		}
	}
	return nil
}

// FixSteps are the plan steps of every failing or warning check whose fix
// devboot owns, in check order.
func (r *Report) FixSteps() []plan.Step {
	var steps []plan.Step
	for _, c := range r.Checks {
		if c.Verdict != OK {
			steps = append(steps, c.Steps...)
		}
	}
	return steps
}

// Check is one diagnosis over the gathered facts.
type Check struct {
	ID    string
	Title string
	Run   func(f *Facts) Result
}

// Run gathers the facts and runs every check (or only those in
// opts.Only), in order.
func Run(ctx context.Context, h *host.Host, opts Options) (*Report, error) {
	f, err := Gather(ctx, h, opts)
	if err != nil {
		return nil, err
	}
	return Evaluate(f, opts.Only), nil
}

// Evaluate runs the checks (all when only is empty) over facts. They run
// concurrently — some walk trees or ask goenv — and report in order.
func Evaluate(f *Facts, only []string) *Report {
	var checks []Check
	for _, c := range Checks() {
		if len(only) == 0 || slices.Contains(only, c.ID) {
			checks = append(checks, c)
		}
	}
	results := make([]Result, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := c.Run(f)
			res.ID, res.Title = c.ID, c.Title
			res.Fixable = len(res.Steps) > 0
			if res.Verdict == "" {
				res.Verdict = OK
			}
			results[i] = res
		}()
	}
	wg.Wait()
	r := &Report{Verdict: OK, Checks: results}
	for _, res := range results {
		switch {
		case res.Verdict == Fail:
			r.Verdict = Fail
		case res.Verdict == Warn && r.Verdict == OK:
			r.Verdict = Warn
		}
	}
	return r
}

// WriteText prints the report for people.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	counts := map[string]int{}
	for _, c := range r.Checks {
		counts[c.Verdict]++
		fmt.Fprintf(&b, "[%-4s] %-20s %s\n", c.Verdict, c.ID, c.Message)
		if c.Verdict != OK || verbose {
			for _, e := range c.Evidence {
				fmt.Fprintf(&b, "       %s\n", e)
			}
		}
		if c.Verdict != OK && c.Fix != "" {
			fix := strings.ReplaceAll(c.Fix, "\n", "\n            ")
			fmt.Fprintf(&b, "       fix: %s\n", fix)
			if c.Fixable {
				b.WriteString("            (devboot doctor --fix applies this)\n")
			}
		}
	}
	fmt.Fprintf(&b, "%d ok, %d warn, %d fail\n", counts[OK], counts[Warn], counts[Fail])
	_, err := io.WriteString(w, b.String())
	return err
}

func ok(msg string, evidence ...string) Result {
	return Result{Verdict: OK, Message: msg, Evidence: evidence}
}
