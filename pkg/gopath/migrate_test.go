package gopath

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/mounts"
	"github.com/devboot/devboot/pkg/plan"
	"github.com/devboot/devboot/testenv/roots"
)

func TestMigrateCopiesVerifiesAndRestores(t *testing.T) {
	h, base, gopath := ntfsGopath(t)
	// Modes and times must survive the copy: a read-only module-cache file
	// and an old mtime.
	ro := filepath.Join(gopath, "pkg", "mod", "x@v1", "x.go")
	os.MkdirAll(filepath.Dir(ro), 0o755)
	os.WriteFile(ro, []byte("package x\n"), 0o444)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(ro, old, old)
	os.Chmod(filepath.Dir(ro), 0o555)
	before := linkTargets(t, gopath)

	ctx := context.Background()
	r := &plan.Runner{Host: h, Journal: filepath.Join(base, "journal.json"), Command: Command}
	to := filepath.Join(h.User.Home, "go")
	fx, err := PlanFix(ctx, h, FixOptions{Mode: ModeMigrate})
	if err != nil {
		t.Fatal(err)
	}
	if fx.NeedsRoot || fx.To != to {
		t.Fatalf("plan %+v", fx)
	}
	if _, err := r.Run(ctx, fx.Steps); err != nil {
		t.Fatal(err)
	}
	var cp *CopyStep
	for _, s := range fx.Steps {
		if c, ok := s.(*CopyStep); ok {
			cp = c
		}
	}
	if cp == nil || !cp.Verified || cp.Entries == 0 || cp.FromWalk <= 0 || cp.ToWalk <= 0 || len(cp.Relinked) != 4 {
		t.Fatalf("copy step: %+v", cp)
	}
	fi, err := os.Stat(filepath.Join(to, "pkg", "mod", "x@v1", "x.go"))
	if err != nil || fi.Mode().Perm() != 0o444 || !fi.ModTime().Equal(old) {
		t.Fatalf("copied file lost mode or time: %v %v %v", err, fi.Mode(), fi.ModTime())
	}
	// Links into the tree point inside the copy; the original is untouched.
	if got, _ := os.Readlink(filepath.Join(to, "src", "hello", "util")); got != "../shared/util" {
		t.Fatalf("copy's util -> %q", got)
	}
	for p, target := range linkTargets(t, gopath) {
		if before[p] != target {
			t.Fatalf("original link %s changed to %q", p, target)
		}
	}
	// GOPATH now points at the copy; the module cache follows it (ext4), so
	// it is not moved.
	data, _ := os.ReadFile(filepath.Join(h.User.Home, ".config", "go", "env"))
	if !strings.Contains(string(data), "GOPATH="+to+"\n") || strings.Contains(string(data), "GOMODCACHE") {
		t.Fatalf("go env file:\n%s", data)
	}

	// Re-running is a no-op; restore removes the unchanged copy.
	fx2, err := PlanFix(ctx, h, FixOptions{Mode: ModeMigrate})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := r.Run(ctx, fx2.Steps); err != nil || res.Changed() {
		t.Fatalf("re-run: %v %+v", err, res)
	}
	// Work done in the copy blocks its removal.
	os.WriteFile(filepath.Join(to, "src", "hello", "new.go"), []byte("package main\n"), 0o644)
	if _, err := Restore(ctx, r); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("restore over a changed copy: %v", err)
	}
	os.Remove(filepath.Join(to, "src", "hello", "new.go"))
	if _, err := Restore(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(to); err == nil {
		t.Fatal("copy still there after restore")
	}
	if _, err := os.Stat(ro); err != nil {
		t.Fatalf("original damaged: %v", err)
	}
}

// Verifying a copy counts all of it: an entry the original lacks fails
// it wherever it is, past the entries a speed sample would stop at too.
func TestVerifyCatchesWhatTheOriginalLacks(t *testing.T) {
	h, _, gopath := ntfsGopath(t)
	big := roots.Tree{}
	for i := range SampleEntries {
		big[fmt.Sprintf("%s/src/big/d%d/f%d.go", gopath, i%3, i)] = "package p\n"
	}
	roots.Write(t, "/", big)
	ctx := context.Background()
	fx, err := PlanFix(ctx, h, FixOptions{Mode: ModeMigrate})
	if err != nil {
		t.Fatal(err)
	}
	cp := fx.Steps[0].(*CopyStep)
	if err := cp.Apply(ctx, h); err != nil {
		t.Fatal(err)
	}
	rt, err := mounts.NewRetargeter(h, cp.To, mounts.RewriteOptions{Origin: cp.Origin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verify(cp.From, cp.To, rt, true); err != nil {
		t.Fatalf("a faithful copy: %v", err)
	}
	below := cp.Entries - 1 // the copy's entries, less its root
	for _, extra := range []string{"src/big/d2/zz/", "zz.go", "src/big/d1/zz.go"} {
		p := filepath.Join(cp.To, extra)
		if strings.HasSuffix(extra, "/") {
			os.Mkdir(p, 0o755)
		} else {
			os.WriteFile(p, nil, 0o644)
		}
		want := fmt.Sprintf("%s has %d entries, the original %d", cp.To, below+1, below)
		if _, err := verify(cp.From, cp.To, rt, false); err == nil || err.Error() != want {
			t.Errorf("copy with %s: %v, want %q", extra, err, want)
		}
		os.Remove(p)
	}
	if _, err := verify(cp.From, cp.To, rt, false); err != nil {
		t.Fatalf("the copy restored: %v", err)
	}
	// An entry the copy lacks fails it too.
	os.Remove(filepath.Join(cp.To, "src", "big", "d0", "f0.go"))
	if _, err := verify(cp.From, cp.To, rt, false); err == nil || !strings.Contains(err.Error(), "f0.go is missing") {
		t.Fatalf("copy without f0.go: %v", err)
	}
}

func TestUnitName(t *testing.T) {
	for in, want := range map[string]string{
		"/home/me/go":       "home-me-go.mount",
		"/home/me/my go":    `home-me-my\x20go.mount`,
		"/home/me/go-1.22/": `home-me-go\x2d1.22.mount`,
		"/srv/.hidden":      "srv-.hidden.mount",
	} {
		if got := UnitName(in); got != want {
			t.Errorf("UnitName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnitStepWritesEnablesAndRemoves(t *testing.T) {
	dir := t.TempDir()
	s := &UnitStep{Dir: dir, Source: "/mnt/c/Users/me/go", Target: "/home/me/go"}
	r := &plan.Runner{Journal: filepath.Join(t.TempDir(), "journal.json"), Command: Command}
	if _, err := r.Run(context.Background(), []plan.Step{s}); err != nil {
		t.Fatal(err)
	}
	unit, _ := os.ReadFile(filepath.Join(dir, "home-me-go.mount"))
	if !strings.Contains(string(unit), "What=/mnt/c/Users/me/go\nWhere=/home/me/go\nType=none\nOptions=bind\n") {
		t.Fatalf("unit:\n%s", unit)
	}
	if real, err := filepath.EvalSymlinks(filepath.Join(dir, "local-fs.target.wants", "home-me-go.mount")); err != nil || real != filepath.Join(dir, "home-me-go.mount") {
		t.Fatalf("not enabled: %q %v", real, err)
	}
	if res, err := r.Run(context.Background(), []plan.Step{&UnitStep{Dir: dir, Source: s.Source, Target: s.Target}}); err != nil || res.Changed() {
		t.Fatalf("re-run: %v %+v", err, res)
	}
	if _, err := r.Undo(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", "*")); len(left) > 0 {
		t.Fatalf("left behind: %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "home-me-go.mount")); err == nil {
		t.Fatal("unit left behind")
	}
}

// --persist writes a systemd unit when wsl.conf turns systemd on, else an
// fstab line.
func TestPersistChoosesSystemdOrFstab(t *testing.T) {
	h, base, _ := ntfsGopath(t)
	mnt := filepath.Join(base, "mnt") + "/"
	for _, tc := range []struct {
		tree roots.Tree
		want string
	}{
		{roots.WSL2(roots.AutomountRoot(mnt), roots.Systemd()), KindUnit},
		{roots.WSL2(roots.AutomountRoot(mnt)), KindFstab},
	} {
		hh := host.New(roots.Build(t, tc.tree), h.Environ())
		hh.User = h.User
		fx, err := PlanFix(context.Background(), hh, FixOptions{Persist: true})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, s := range fx.Steps {
			kinds = append(kinds, s.Kind())
		}
		if !slices.Contains(kinds, tc.want) {
			t.Fatalf("steps %v, want a %s", kinds, tc.want)
		}
	}
}
