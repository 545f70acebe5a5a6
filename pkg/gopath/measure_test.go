package gopath

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/testenv/roots"
)

// statTree is a tree of dirs directories holding files files each, under
// prefix: dirs*(files+1) entries below prefix.
func statTree(prefix string, dirs, files int) roots.Tree {
	t := roots.Tree{prefix + "/": ""}
	for d := range dirs {
		t[fmt.Sprintf("%s/d%d/", prefix, d)] = ""
		for f := range files {
			t[fmt.Sprintf("%s/d%d/f%d.go", prefix, d, f)] = "package p\n"
		}
	}
	return t
}

func TestSampleStatsCountsEveryEntryOnce(t *testing.T) {
	dir := roots.Build(t, statTree("/t", 5, 9)) + "/t" // 5*(9+1) = 50 entries
	s, err := SampleStats(dir, 1000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != 50 || s.Cut || !s.Measured() || s.PerEntry() <= 0 || s.PerEntry() != s.Took/50 {
		t.Fatalf("sample %+v (per entry %v), want 50 entries, measured", s, s.PerEntry())
	}
}

func TestSampleStatsStopsAtTheEntryLimit(t *testing.T) {
	dir := roots.Build(t, statTree("/t", 5, 9)) + "/t"
	s, err := SampleStats(dir, 30, time.Minute)
	if err != nil || s.Entries != 30 || s.Cut || !s.Measured() {
		t.Fatalf("sample %+v, %v: want 30 entries", s, err)
	}
}

func TestSampleStatsStopsAtTheBudget(t *testing.T) {
	dir := roots.Build(t, statTree("/t", 5, 9)) + "/t"
	// The budget has passed by the first check, after the first entry.
	s, err := SampleStats(dir, 1000, time.Nanosecond)
	if err != nil || s.Entries != 1 || !s.Cut || s.Took < time.Nanosecond {
		t.Fatalf("sample %+v, %v: want 1 entry, cut by the budget", s, err)
	}
	// A budget used up is itself a measurement (a very slow filesystem).
	if !s.Measured() || s.PerEntry() != s.Took {
		t.Fatalf("a cut sample of one entry: measured %v, per entry %v", s.Measured(), s.PerEntry())
	}
}

func TestSampleStatsTooFewEntriesIsNotMeasured(t *testing.T) {
	base := roots.Build(t, roots.Merge(statTree("/few", 1, SampleMinEntries-2), roots.Tree{"/empty/": "", "/file": "x"}))
	for dir, want := range map[string]int{"/empty": 0, "/few": SampleMinEntries - 1} {
		s, err := SampleStats(base+dir, 1000, time.Minute)
		if err != nil || s.Entries != want || s.Measured() {
			t.Errorf("%s: %+v, %v: want %d entries, not measured", dir, s, err, want)
		}
	}
	if _, err := SampleStats(base+"/missing", 1000, time.Minute); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v", err)
	}
	if _, err := SampleStats(base+"/file", 1000, time.Minute); err == nil {
		t.Error("a file walked as a directory")
	}
}

func TestSampleStatsFollowsNoLinks(t *testing.T) {
	// A link to a big tree is one entry: the walk stays in the tree it measures.
	base := roots.Build(t, roots.Merge(statTree("/big", 5, 9), roots.Tree{"/t/a": "x", "/t/big": "->../big", "/t/loop": "->."}))
	s, err := SampleStats(base+"/t", 1000, time.Minute)
	if err != nil || s.Entries != 3 {
		t.Fatalf("sample %+v, %v: want 3 entries", s, err)
	}
}

// wsl2WithTrees is a WSL2 root with a populated GOPATH on drive C: and a
// populated home on ext4.
func wsl2WithTrees(t *testing.T, gopathFiles, homeFiles int) *host.Host {
	t.Helper()
	tree := roots.Merge(roots.WSL2(), statTree("/mnt/c/Users/me/go/src", 4, gopathFiles), statTree("/home/me/.cache", 4, homeFiles))
	return fixtureHost(t, tree, "GOPATH=/mnt/c/Users/me/go")
}

// testBudget is a stat walk's budget that no loaded machine uses up on a
// fixture tree, so the counts tests assert are the trees', not the clock's.
const testBudget = time.Minute

func TestStatusMeasuresNTFSAgainstHome(t *testing.T) {
	h := wsl2WithTrees(t, 30, 30)
	rep, err := status(h, "", testBudget)
	if err != nil {
		t.Fatal(err)
	}
	var gp, mc PathStatus
	for _, p := range rep.Paths {
		switch p.Name {
		case "GOPATH":
			gp = p
		case "GOMODCACHE":
			mc = p
		case "GOCACHE":
			if p.Speed != nil {
				t.Fatalf("GOCACHE on ext4 measured: %+v", p.Speed)
			}
		}
	}
	c := gp.Speed
	if c == nil || c.Linux == nil {
		t.Fatalf("GOPATH without a measured comparison: %+v", gp)
	}
	n, l := c.NTFS, *c.Linux
	if n.Dir != "/mnt/c/Users/me/go" || l.Dir != "/home/me" {
		t.Fatalf("measured %s against %s", n.Dir, l.Dir)
	}
	if n.Entries != min(SampleEntries, 1+4*31) || l.Entries != min(SampleEntries, 1+4*31) || n.MSPerEntry <= 0 || l.MSPerEntry <= 0 || n.Unmeasured != "" || l.Unmeasured != "" {
		t.Fatalf("measurements %+v and %+v", n, l)
	}
	if math.Abs(c.Ratio-n.MSPerEntry/l.MSPerEntry) > 1e-9*c.Ratio {
		t.Fatalf("ratio %v, want %v/%v", c.Ratio, n.MSPerEntry, l.MSPerEntry)
	}
	want := fmt.Sprintf("measured here: a stat walk takes %s ms/entry on /mnt/c/Users/me/go against %s ms on /home/me (x%s, %d entries each)",
		twoDigits(n.MSPerEntry), twoDigits(l.MSPerEntry), twoDigits(c.Ratio), n.Entries)
	if !strings.HasSuffix(gp.Problem, "; "+want) || strings.Contains(gp.Problem, "10-30x") {
		t.Fatalf("problem %q\nwant it to end with %q", gp.Problem, want)
	}
	// The module cache is on the same drive: its measurement is GOPATH's.
	if mc.Speed == nil || mc.Speed.NTFS != n || !strings.HasSuffix(mc.Problem, want) {
		t.Fatalf("GOMODCACHE %+v", mc)
	}
}

func TestStatusSaysWhatItCouldNotMeasure(t *testing.T) {
	for _, tc := range []struct {
		name                string
		gopathFiles, home   int
		want                string
		linux, measuredNTFS bool
	}{
		// Too few entries in GOPATH: no number, and no reference walked.
		{"ntfs", 2, 30, "speed not measured (/mnt/c/Users/me/go: only 13 entries, 20 needed)", false, false},
		// A fresh home and a fixture /usr with little in it: NTFS alone.
		{"linux", 30, 0, "entries); no Linux-filesystem reference (/usr: only ", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := wsl2WithTrees(t, tc.gopathFiles, tc.home)
			rep, err := status(h, "", testBudget)
			if err != nil {
				t.Fatal(err)
			}
			gp := rep.Paths[0]
			c := gp.Speed
			if gp.Name != "GOPATH" || c == nil || !strings.Contains(gp.Problem, tc.want) || c.Ratio != 0 || strings.Contains(gp.Problem, " against ") {
				t.Fatalf("%s: %q, speed %+v", gp.Name, gp.Problem, c)
			}
			if (c.Linux != nil) != tc.linux || (c.NTFS.MSPerEntry > 0) != tc.measuredNTFS || (c.NTFS.Unmeasured == "") != tc.measuredNTFS {
				t.Fatalf("speed %+v, linux %+v", c, c.Linux)
			}
			if tc.linux && (c.Linux.MSPerEntry != 0 || c.Linux.Unmeasured == "") {
				t.Fatalf("linux reference %+v", c.Linux)
			}
		})
	}
}

// The budget reaches every walk: one used up at the first entry cuts both
// the drive's walk and the home's there, and a cut walk still measures.
func TestStatusWalksWithinTheBudget(t *testing.T) {
	h := wsl2WithTrees(t, 30, 30)
	rep, err := status(h, "", time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Paths[0].Speed
	if c == nil || c.Linux == nil || c.NTFS.Entries != 1 || c.Linux.Entries != 1 || c.Linux.Dir != "/home/me" || c.Ratio <= 0 {
		t.Fatalf("speed %+v, linux %+v", c, c.Linux)
	}
	if !strings.Contains(rep.Paths[0].Problem, "(x"+twoDigits(c.Ratio)+", 1 entries each)") {
		t.Fatalf("problem %q", rep.Paths[0].Problem)
	}
}

func TestStatusFromDoesNotMeasure(t *testing.T) {
	h := wsl2WithTrees(t, 30, 30)
	rep, err := StatusFrom(h, "", "wsl2", nil)
	if err != nil {
		t.Fatal(err)
	}
	if gp := rep.Paths[0]; !gp.NTFS || gp.Speed != nil || strings.Contains(gp.Problem, "measured") {
		t.Fatalf("GOPATH %+v", gp)
	}
}

func BenchmarkSampleStats(b *testing.B) {
	dir := roots.Build(b, statTree("/t", 20, 24)) + "/t" // 500 entries
	for b.Loop() {
		if s, err := SampleStats(dir, SampleEntries, SampleBudget); err != nil || s.Entries != SampleEntries {
			b.Fatal(s, err)
		}
	}
}
