package gopath

import (
	"encoding/json"
	"path/filepath"
	"time"

	"github.com/devboot/devboot/pkg/host"
	"github.com/devboot/devboot/pkg/plan"
)

// JournalFile is the journal (in devboot's data directory) that gopath fix
// records into: the one `devboot down` reads too.
const JournalFile = "journal.json"

// Migration is a finished `gopath fix --mode migrate`, with the speed
// difference it measured: a stat walk of the NTFS original and of the copy.
type Migration struct {
	From        string  `json:"from"`
	To          string  `json:"to"`
	Entries     int     `json:"entries"`
	Bytes       int64   `json:"bytes"`
	Relinked    int     `json:"relinked"`
	NTFSStatMS  float64 `json:"ntfs_stat_walk_ms"`
	LinuxStatMS float64 `json:"linux_stat_walk_ms"`
}

// Speedup is how many times faster the copy walked (0 when unmeasured).
func (m Migration) Speedup() float64 {
	if m.LinuxStatMS <= 0 {
		return 0
	}
	return m.NTFSStatMS / m.LinuxStatMS
}

// MigrationOf returns the migration a run of steps made, if any.
func MigrationOf(steps []plan.Step) *Migration {
	for _, s := range steps {
		if cp, ok := s.(*CopyStep); ok && cp.Verified {
			m := cp.migration()
			return &m
		}
	}
	return nil
}

func (s *CopyStep) migration() Migration {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Migration{From: s.From, To: s.To, Entries: s.Entries, Bytes: s.Bytes, Relinked: len(s.Relinked),
		NTFSStatMS: ms(s.FromWalk), LinuxStatMS: ms(s.ToWalk)}
}

// journaledMigrations are the migrations recorded in h's journal.
func journaledMigrations(h *host.Host) []Migration {
	entries, _ := plan.LoadJournal(filepath.Join(h.DataDir(), JournalFile)) // no journal: none
	var out []Migration
	for _, e := range entries {
		var cp CopyStep
		if e.Kind == KindCopy && e.State == plan.StateApplied && json.Unmarshal(e.Data, &cp) == nil && cp.Verified {
			out = append(out, cp.migration())
		}
	}
	return out
}
