package up

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/perms"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/pkg/toolchain"
)

// Options are up's inputs beyond the host.
type Options struct {
	Spec     string            // --go; "" asks the project (go.work, go.mod, .go-version), then GOTOOLCHAIN
	Dir      string            // where the project search starts
	DlURL    string            // download index (--dl-url, DEVBOOT_GO_DL)
	Offline  bool              // --offline: never touch the network
	Settings map[string]string // GOPROXY, GOSUMDB, GOPRIVATE asked on the command line
	Yes      bool              // apply without asking
	Terminal bool              // stdin and stdout are terminals
	In       io.Reader         // answers to the prompt
	Out      io.Writer         // human text; nil for none (--json)
	Fetch    toolchain.FetchOptions
}

// Report is everything up decided and did; its JSON is `up --json`.
type Report struct {
	Host      HostFacts         `json:"host"`
	Policy    Policy            `json:"policy"`
	Want      Want              `json:"want"`
	Toolchain Choice            `json:"toolchain"`
	Plan      []plan.StepResult `json:"plan"`              // planned, then skipped steps
	Results   []plan.StepResult `json:"results,omitempty"` // what applying did
	Verify    *Verification     `json:"verify,omitempty"`
	Changed   bool              `json:"changed"`
	Notes     []string          `json:"notes,omitempty"`
}

// Up probes the host, plans, asks, applies through r (whose journal is
// up's) and verifies. Under r.DryRun it stops after printing the plan.
func Up(ctx context.Context, r *plan.Runner, opts Options) (*Report, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	h := r.Host
	// Bad settings are the user's to fix (exit 2), before anything is probed.
	for k, v := range opts.Settings {
		if err := goenv.CheckSetting(k, v); err != nil {
			return nil, exitcode.BadInput(err)
		}
	}
	facts, err := Probe(ctx, h, opts)
	if err != nil {
		return nil, err
	}
	rep := &Report{Host: facts.Host, Policy: PolicyFor(facts.Host), Want: facts.Go.Want, Notes: facts.Notes}
	d, err := Decide(facts)
	if err != nil {
		return rep, err
	}
	rep.Toolchain = d.Toolchain
	fmt.Fprintf(out, "Go: %s %s (%s)\n", d.Toolchain.Action, d.Toolchain.Version, d.Toolchain.Reason)
	base, notes, err := ComposeBase(ctx, h, facts, d)
	if err != nil {
		return rep, err
	}
	rep.Notes = append(rep.Notes, notes...)
	for _, n := range rep.Notes {
		fmt.Fprintln(out, "note:", n)
	}
	needBase, prepBase, err := r.Needed(ctx, base)
	if err != nil {
		rep.Plan = planned(needBase, prepBase)
		return rep, err
	}
	env, err := goenv.Resolve(h, opts.Settings)
	if err != nil {
		return rep, err
	}
	// Until phase 1 is applied env describes the machine before it: the
	// plan shows the shell blocks as of now, and phase 2 is composed again
	// from the real environment after phase 1.
	needShell, prepShell, err := composeShell(ctx, r, env, d.Policy, len(needBase) > 0 || h.User.Sudo)
	if err == nil && len(needBase) == 0 && len(needShell) > 0 && !h.User.Sudo {
		// Something will change after all: check permissions too. The
		// shell steps are already prepared; ComposeShell puts the perms
		// steps after them, so appending both lists keeps its order.
		needShell, prepShell, err = addPerms(ctx, r, env, needShell, prepShell)
	}
	rep.Plan = append(planned(needBase, prepBase), planned(needShell, prepShell)...)
	if err != nil {
		return rep, err
	}
	n := len(needBase) + len(needShell)
	if n == 0 {
		fmt.Fprintln(out, "Nothing to do: everything is already in place.")
		return rep, nil
	}
	printPlan(out, rep.Plan, r.DryRun)
	if r.DryRun {
		return rep, nil
	}
	if err := Confirm(opts.In, out, n, opts.Yes, rep.Policy.Prompt && opts.Terminal, "devboot up"); err != nil {
		return rep, err
	}
	if err := apply(ctx, r, rep, out, needBase, 0); err != nil {
		return rep, err
	}
	if len(needBase) > 0 {
		// The toolchain or GOPATH changed: the shell files describe the new state.
		if env, err = goenv.Resolve(h, opts.Settings); err != nil {
			return rep, err
		}
		if needShell, _, err = composeShell(ctx, r, env, d.Policy, true); err != nil {
			return rep, err
		}
	}
	if err := apply(ctx, r, rep, out, needShell, len(needBase)); err != nil {
		return rep, err
	}
	if rep.Verify, err = verifyAfter(ctx, h, env, d, opts.Dir); err != nil {
		return rep, err
	}
	return rep, verdict(out, rep.Verify)
}

func composeShell(ctx context.Context, r *plan.Runner, env goenv.Env, p Policy, checkPerms bool) ([]plan.Step, *plan.Result, error) {
	steps, err := ComposeShell(r.Host, env, p, checkPerms)
	if err != nil {
		return nil, nil, err
	}
	return r.Needed(ctx, steps)
}

// addPerms extends a prepared shell phase (composed without checkPerms) as
// composeShell with checkPerms would have: perms' fixes are prepared and
// appended, and on an error nothing is needed, as Needed reports it.
func addPerms(ctx context.Context, r *plan.Runner, env goenv.Env, needed []plan.Step, prepared *plan.Result) ([]plan.Step, *plan.Result, error) {
	more, res, err := r.Needed(ctx, perms.FixSteps(perms.Check(r.Host, perms.DefaultPaths(r.Host, env))))
	prepared.Steps = append(prepared.Steps, res.Steps...)
	if err != nil {
		return nil, prepared, err
	}
	return append(needed, more...), prepared, nil
}

// apply runs one phase's needed steps (done: how many earlier phases
// applied) and adds what happened to the report.
func apply(ctx context.Context, r *plan.Runner, rep *Report, out io.Writer, needed []plan.Step, done int) error {
	if len(needed) == 0 {
		return nil
	}
	needed, err := armKillHook(r.Host, needed, done)
	if err != nil {
		return err
	}
	res, err := r.Run(ctx, needed)
	rep.Results = append(rep.Results, res.Steps...)
	rep.Changed = rep.Changed || res.Changed()
	for _, s := range res.Steps {
		fmt.Fprintf(out, "%s: %s\n", s.Status, s.Summary)
	}
	if err != nil {
		return fmt.Errorf("%w\n(what was done is journaled: run 'devboot up' again to finish, or 'devboot down' to undo it)", err)
	}
	return nil
}

// verifyAfter runs the go that a new login shell will find, in the
// environment the shell files give it.
func verifyAfter(ctx context.Context, h *host.Host, e goenv.Env, d Decision, workDir string) (*Verification, error) {
	envFile, err := goenv.EnvFilePath(h)
	if err != nil {
		return nil, err
	}
	env := verifyEnv(append(h.Environ(), "HOME="+h.User.Home), e, envFile)
	// go writes telemetry counters under the config dir on every run;
	// verification must not leave those in the user's home (GOENV keeps
	// pointing at the user's env file). One scratch dir serves both checks.
	if scratch, err := os.MkdirTemp("", "devboot-verify-"); err == nil {
		defer os.RemoveAll(scratch)
		env = append(env, "XDG_CONFIG_HOME="+scratch)
	}
	v := VerifyGo(ctx, filepath.Join(d.Current, "bin", "go"), env, expectAfter(d, e))
	verifyDoctor(ctx, h, env, workDir, v)
	return v, nil
}

// planned lists the needed steps (with previews) before the skipped ones.
func planned(needed []plan.Step, prepared *plan.Result) []plan.StepResult {
	var steps []plan.StepResult
	for _, s := range needed {
		sr := plan.StepResult{Kind: s.Kind(), Summary: s.Describe(), Status: plan.StatusPlanned}
		if p, ok := s.(plan.Previewer); ok {
			sr.Preview = p.Preview()
		}
		steps = append(steps, sr)
	}
	if prepared != nil {
		steps = append(steps, prepared.Steps...)
	}
	return steps
}

func printPlan(out io.Writer, steps []plan.StepResult, dry bool) {
	head := "Plan:"
	if dry {
		head = "Plan (dry run: nothing will be changed):"
	}
	fmt.Fprintln(out, head)
	for _, s := range steps {
		if s.Status != plan.StatusPlanned {
			continue
		}
		fmt.Fprintf(out, "  - %s\n", s.Summary)
		if s.Preview != "" {
			fmt.Fprint(out, indentLines(s.Preview, "      "))
		}
	}
}

func verdict(out io.Writer, v *Verification) error {
	for _, c := range v.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(out, "verify %s %s\n", mark, c.Message)
	}
	if !v.OK() {
		return fmt.Errorf("applied, but the result does not check out: %v (see 'devboot doctor')", v.Failed())
	}
	fmt.Fprintln(out, "Done. Open a new shell (or run: exec $SHELL -l) to use it.")
	return nil
}

func indentLines(s, pre string) string {
	var b []byte
	start := true
	for i := 0; i < len(s); i++ {
		if start {
			b = append(b, pre...)
		}
		b = append(b, s[i])
		start = s[i] == '\n'
	}
	if !start {
		b = append(b, '\n')
	}
	return string(b)
}
