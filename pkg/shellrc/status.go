package shellrc

import (
	"errors"
	"io/fs"
	"os"

	"github.com/devboot/devboot/pkg/goenv"
	"github.com/devboot/devboot/pkg/host"
)

// Block states in FileStatus.
const (
	BlockMissing    = "missing"    // a file devboot should write has no block
	BlockCurrent    = "current"    // the block matches the environment
	BlockOutdated   = "outdated"   // the block differs: run `devboot shell install`
	BlockDuplicated = "duplicated" // pasted more than once
	BlockBroken     = "broken"     // markers do not pair up
	BlockLeftover   = "leftover"   // a block in a file devboot no longer targets
)

// FileStatus is what one startup file holds.
type FileStatus struct {
	Target
	Exists bool   `json:"exists"`
	Wanted bool   `json:"wanted"` // devboot would write this file now
	Block  string `json:"block"`  // one of the Block* states; "" for an absent unwanted file
	Error  string `json:"error,omitempty"`
}

// Status reports, for every file devboot writes or may have written, whether
// it holds devboot's block for e, and which shells read it.
func Status(h *host.Host, e goenv.Env) []FileStatus {
	wanted := map[string]bool{}
	for _, t := range Targets(h) {
		wanted[t.Path] = true
	}
	var out []FileStatus
	for _, t := range allTargets(h) {
		st := FileStatus{Target: t, Wanted: wanted[t.Path]}
		data, err := os.ReadFile(t.Path)
		st.Exists = err == nil
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			st.Error = err.Error()
		}
		block, n, perr := ExtractBlock(string(data))
		switch {
		case perr != nil:
			st.Block, st.Error = BlockBroken, perr.Error()
		case n == 0 && st.Wanted:
			st.Block = BlockMissing
		case n == 0:
			continue // nothing there, nothing wanted
		case !st.Wanted:
			st.Block = BlockLeftover
		case n > 1:
			st.Block = BlockDuplicated
		default:
			st.Block = BlockOutdated
			if body, err := Render(e, t.Shell); err == nil && Wrap(body) == block {
				st.Block = BlockCurrent
			}
		}
		out = append(out, st)
	}
	return out
}
