package plan

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/devboot/devboot/pkg/host"
)

// touchStep creates a file; undo removes it. Fail makes Apply fail after
// creating the file, as a step cut short would.
type touchStep struct {
	Path string
	Fail bool
}

func (s *touchStep) Kind() string     { return "test.touch" }
func (s *touchStep) Describe() string { return "create " + s.Path }
func (s *touchStep) Prepare(context.Context, *host.Host) (bool, error) {
	_, err := os.Stat(s.Path)
	return err != nil, nil
}
func (s *touchStep) Apply(context.Context, *host.Host) error {
	if err := os.WriteFile(s.Path, []byte("x"), 0o644); err != nil {
		return err
	}
	if s.Fail {
		return errors.New("boom")
	}
	return nil
}
func (s *touchStep) Undo(context.Context, *host.Host) error {
	err := os.Remove(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

func init() { Register("test.touch", func() Step { return &touchStep{} }) }

func TestRunJournalUndo(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	r := &Runner{Host: host.New("/", nil), Journal: filepath.Join(dir, "j", "journal.json"), Command: "test"}
	ctx := context.Background()

	// Dry run: plans both, changes nothing, writes no journal.
	var out bytes.Buffer
	dry := *r
	dry.DryRun, dry.Out = true, &out
	res, err := dry.Run(ctx, []Step{&touchStep{Path: a}, &touchStep{Path: b}})
	if err != nil || len(res.Steps) != 2 || res.Steps[0].Status != StatusPlanned {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	if _, err := os.Stat(a); err == nil {
		t.Fatal("dry run created a file")
	}
	if _, err := os.Stat(r.Journal); err == nil {
		t.Fatal("dry run wrote a journal")
	}
	if !bytes.Contains(out.Bytes(), []byte("would: create "+a)) {
		t.Fatalf("dry run output: %q", out.String())
	}

	// Second step fails after changing something: first stays applied, second is journaled as failed.
	_, err = r.Run(ctx, []Step{&touchStep{Path: a}, &touchStep{Path: b, Fail: true}})
	if err == nil {
		t.Fatal("want failure")
	}
	entries, err := LoadJournal(r.Journal)
	if err != nil || len(entries) != 2 || entries[0].State != StateApplied || entries[1].State != StateFailed {
		t.Fatalf("journal after failure: %v %+v", err, entries)
	}

	// A re-run skips what is done.
	res, err = r.Run(ctx, []Step{&touchStep{Path: a}, &touchStep{Path: b}})
	if err != nil || res.Changed() {
		t.Fatalf("re-run: %v %+v", err, res)
	}

	// Undo removes both, newest first, and empties the journal.
	res, err = r.Undo(ctx, nil)
	if err != nil || len(res.Steps) != 2 || res.Steps[0].Summary != "create "+b {
		t.Fatalf("undo: %v %+v", err, res)
	}
	for _, p := range []string{a, b} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("%s still exists after undo", p)
		}
	}
	if entries, _ := LoadJournal(r.Journal); len(entries) != 0 {
		t.Fatalf("journal not emptied: %+v", entries)
	}
}

func TestUnknownKind(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "journal.json")
	os.WriteFile(j, []byte(`{"version":1,"entries":[{"kind":"nope","state":"applied","data":{}}]}`), 0o644)
	r := &Runner{Host: host.New("/", nil), Journal: j}
	if _, err := r.Undo(context.Background(), nil); err == nil {
		t.Fatal("want error for unknown kind")
	}
}

func TestNeededThenRun(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, nil, 0o644)
	r := &Runner{Host: host.New("/", nil), Journal: filepath.Join(dir, "journal.json"), Command: "test"}
	ctx := context.Background()
	needed, res, err := r.Needed(ctx, []Step{&touchStep{Path: a}, &touchStep{Path: b}})
	if err != nil || len(needed) != 1 || needed[0].Describe() != "create "+b || len(res.Steps) != 1 || res.Steps[0].Status != StatusSkipped {
		t.Fatalf("needed: %v %v %+v", err, needed, res)
	}
	if _, err := os.Stat(b); err == nil {
		t.Fatal("Needed changed something")
	}
	if _, err := os.Stat(r.Journal); err == nil {
		t.Fatal("Needed wrote a journal")
	}
	if res, err := r.Run(ctx, needed); err != nil || !res.Changed() {
		t.Fatalf("run: %v %+v", err, res)
	}
	if _, err := os.Stat(b); err != nil {
		t.Fatal(err)
	}
}
