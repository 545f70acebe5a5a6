package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/devboot/devboot/pkg/fsutil"
)

// Entry states. A step is written as started before Apply runs, so a crash
// leaves it undoable.
const (
	StateStarted = "started"
	StateApplied = "applied"
	StateFailed  = "failed"
)

// Entry is one journaled step.
type Entry struct {
	Command string          `json:"command"`
	Kind    string          `json:"kind"`
	Summary string          `json:"summary"`
	Scope   string          `json:"scope,omitempty"`
	State   string          `json:"state"`
	Error   string          `json:"error,omitempty"`
	Time    time.Time       `json:"time"`
	Data    json.RawMessage `json:"data"`
}

// journalFile is the on-disk form of a journal.
type journalFile struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// LoadJournal reads a journal; a missing file is an empty journal.
func LoadJournal(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var jf journalFile
	if err := json.Unmarshal(data, &jf); err != nil {
		return nil, fmt.Errorf("journal %s is damaged (%v): fix or move it aside; nothing was changed", path, err)
	}
	return jf.Entries, nil
}

// saveJournal writes the journal; Runner.lock has made its directory.
func saveJournal(path string, entries []Entry) error {
	data, err := json.MarshalIndent(journalFile{Version: 1, Entries: entries}, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.WriteFile(path, append(data, '\n'), 0o644)
}
