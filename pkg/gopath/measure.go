package gopath

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/wsl"
)

// Bounds of the stat walk gopath status makes on each NTFS drive and on
// the Linux filesystem: enough entries for a stable average, and a time
// limit so a slow 9p mount cannot hang status.
const (
	SampleEntries    = 400
	SampleBudget     = 200 * time.Millisecond
	SampleMinEntries = 20 // fewer (in a tree that ran out) is too noisy to report
)

// StatSample is a read-only stat walk of part of a directory tree.
type StatSample struct {
	Entries int           // entries lstat'ed, the directory itself not counted
	Took    time.Duration // the whole walk: reading directories and lstat
	Cut     bool          // stopped by the time budget, not by the tree or the entry limit
}

// Measured reports whether the sample says something: enough entries, or
// a budget used up before that (which is itself a measurement of a slow
// filesystem).
func (s StatSample) Measured() bool {
	return s.Entries >= SampleMinEntries || s.Cut && s.Entries > 0
}

// PerEntry is the walk's time per entry (0 when nothing was walked).
func (s StatSample) PerEntry() time.Duration {
	if s.Entries == 0 {
		return 0
	}
	return s.Took / time.Duration(s.Entries)
}

// SampleStats walks dir breadth-first, reading directory names and
// lstat'ing each entry (what go list and go build do to a tree), until
// maxEntries entries or budget has passed. It writes nothing, follows no
// symlinks, skips what it cannot read (the rest still measures) and stays
// on dir's filesystem (a mount below it, such as a bind of a Windows drive
// into a Linux home, would measure the wrong thing).
func SampleStats(dir string, maxEntries int, budget time.Duration) (StatSample, error) {
	return statWalk(dir, walkLimits{entries: maxEntries, budget: budget, sample: true})
}

// walkLimits bound a stat walk. The zero value walks all of the tree, into
// mounts below it, and fails on what it cannot read: what a migration
// needs to count a copy exactly.
type walkLimits struct {
	entries int           // stop after this many entries (0: no limit)
	budget  time.Duration // stop once this has passed (0: no limit)
	sample  bool          // best effort on dir's filesystem, as SampleStats says
}

// statWalk is the one stat walk: SampleStats, and migration's count and
// timing of whole trees. It counts the entries below dir, not dir itself.
func statWalk(dir string, lim walkLimits) (s StatSample, err error) {
	start := time.Now()
	defer func() { s.Took = time.Since(start) }()
	fi, err := os.Lstat(dir)
	if err != nil {
		return s, err
	}
	if !fi.IsDir() {
		return s, &fs.PathError{Op: "walk", Path: dir, Err: syscall.ENOTDIR}
	}
	dev := deviceOf(fi)
	for queue := []string{dir}; len(queue) > 0; queue = queue[1:] {
		n := 0 // names to read; 0 reads all
		if lim.entries > 0 {
			if n = lim.entries - s.Entries; n <= 0 {
				break
			}
		}
		names, err := readNames(queue[0], n)
		if err != nil {
			if lim.sample {
				continue
			}
			return s, err
		}
		for _, name := range names {
			p := filepath.Join(queue[0], name)
			fi, err := os.Lstat(p)
			switch {
			case err == nil:
				s.Entries++
				if fi.IsDir() && (!lim.sample || deviceOf(fi) == dev) {
					queue = append(queue, p)
				}
			case !lim.sample:
				return s, err
			}
			if lim.budget > 0 && time.Since(start) >= lim.budget {
				s.Cut = true
				return s, nil
			}
		}
	}
	return s, nil
}

// readNames reads at most n names of dir (all when n is 0), unsorted (as
// the kernel gives them: sorting would need them all).
func readNames(dir string, n int) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(n)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return names, err
}

func deviceOf(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Dev)
	}
	return 0
}

// MetaSpeed is one directory's measured stat walk, as status reports it.
type MetaSpeed struct {
	Dir     string `json:"dir"`
	Entries int    `json:"entries"`
	// MSPerEntry is the walk's milliseconds per entry; 0 when not measured,
	// and then Unmeasured says why.
	MSPerEntry float64 `json:"ms_per_entry,omitempty"`
	Unmeasured string  `json:"unmeasured,omitempty"`
}

// SpeedCheck compares an NTFS path's stat walk with the Linux filesystem's.
type SpeedCheck struct {
	NTFS  MetaSpeed  `json:"ntfs"`
	Linux *MetaSpeed `json:"linux,omitempty"` // nil when NTFS was not measured
	// Ratio is NTFS.MSPerEntry / Linux.MSPerEntry: how many times slower
	// the drive is (0 unless both were measured).
	Ratio float64 `json:"ratio,omitempty"`
}

// String is the measurement as a clause of a problem.
func (c SpeedCheck) String() string {
	n := c.NTFS
	if n.MSPerEntry == 0 {
		return fmt.Sprintf("speed not measured (%s: %s)", n.Dir, n.Unmeasured)
	}
	s := fmt.Sprintf("measured here: a stat walk takes %s ms/entry on %s", twoDigits(n.MSPerEntry), n.Dir)
	l := c.Linux
	switch {
	case l == nil || l.MSPerEntry == 0 || c.Ratio == 0:
		s += fmt.Sprintf(" (%d entries)", n.Entries)
		if l != nil {
			s += fmt.Sprintf("; no Linux-filesystem reference (%s: %s)", l.Dir, l.Unmeasured)
		}
	case n.Entries == l.Entries:
		s += fmt.Sprintf(" against %s ms on %s (x%s, %d entries each)", twoDigits(l.MSPerEntry), l.Dir, twoDigits(c.Ratio), n.Entries)
	default:
		s += fmt.Sprintf(" against %s ms on %s (x%s, %d and %d entries)", twoDigits(l.MSPerEntry), l.Dir, twoDigits(c.Ratio), n.Entries, l.Entries)
	}
	return s
}

// twoDigits prints v with two significant digits and no exponent: 0.85,
// 0.0042, 210.
func twoDigits(v float64) string {
	if v <= 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', max(0, 1-int(math.Floor(math.Log10(v)))), 64)
}

// measureMeta samples the host directory dir through h's root, for at
// most budget.
func measureMeta(h *host.Host, dir string, budget time.Duration) MetaSpeed {
	m := MetaSpeed{Dir: dir}
	s, err := SampleStats(h.Path(h.Resolved(dir)), SampleEntries, budget)
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		m.Unmeasured = "it does not exist"
	case errors.As(err, &pe):
		m.Unmeasured = "unreadable: " + pe.Err.Error() // without the root's prefix
	case err != nil:
		m.Unmeasured = err.Error()
	case !s.Measured():
		m.Entries, m.Unmeasured = s.Entries, fmt.Sprintf("only %d entries, %d needed", s.Entries, SampleMinEntries)
	default:
		m.Entries, m.MSPerEntry = s.Entries, float64(s.Took)/float64(s.Entries)/float64(time.Millisecond)
	}
	return m
}

// linuxReference measures the Linux filesystem to compare NTFS with: the
// user's home, because that is where the fix puts things (migrate copies
// to ~/go, caches move to ~/.cache), so it is the speed the fix gives. A
// fresh home has too few entries; /usr, on the distribution's own
// filesystem and always populated, stands in then.
func linuxReference(h *host.Host, mounts []wsl.Mount, budget time.Duration) MetaSpeed {
	var m MetaSpeed
	for _, dir := range []string{h.User.Home, "/usr"} {
		if wsl.NTFSMountFor(mounts, h.Resolved(dir)) != nil {
			m = MetaSpeed{Dir: dir, Unmeasured: "on NTFS too"}
			continue
		}
		if m = measureMeta(h, dir, budget); m.MSPerEntry > 0 {
			break
		}
	}
	return m
}

// MeasureSpeed times a stat walk on each NTFS path against the Linux
// filesystem and adds the numbers to the path's problem. Each walk stops
// once budget has passed (Status gives it SampleBudget). It is separate
// from StatusFrom because it costs up to a budget per drive: doctor and up
// do without it; `gopath status` (Status) pays it. A nil mounts is read
// from h.
func (r *Report) MeasureSpeed(h *host.Host, mounts []wsl.Mount, budget time.Duration) {
	if mounts == nil {
		mounts, _ = wsl.LoadMounts(h) // unreadable: home is taken for Linux
	}
	var linux *MetaSpeed
	byMount := map[string]MetaSpeed{} // speed is the drive's: measure each once
	for i := range r.Paths {
		ps := &r.Paths[i]
		if !ps.NTFS {
			continue
		}
		ntfs, ok := byMount[ps.MountPoint]
		if !ok {
			if ntfs = measureMeta(h, ps.Real, budget); ntfs.MSPerEntry > 0 {
				byMount[ps.MountPoint] = ntfs
			}
		}
		check := &SpeedCheck{NTFS: ntfs}
		if ntfs.MSPerEntry > 0 {
			if linux == nil {
				ref := linuxReference(h, mounts, budget)
				linux = &ref
			}
			check.Linux = linux
			if linux.MSPerEntry > 0 {
				check.Ratio = ntfs.MSPerEntry / linux.MSPerEntry
			}
		}
		ps.Speed = check
		ps.Problem += "; " + check.String()
	}
}
