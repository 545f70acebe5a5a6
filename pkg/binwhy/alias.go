package binwhy

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/devboot/devboot/pkg/host"
)

// aliasFiles are where users define aliases, relative to their home.
var aliasFiles = []string{".bashrc", ".bash_aliases", ".zshrc", ".config/fish/config.fish"}

// aliasLayer finds `alias NAME=...` (or fish's `alias NAME ...`) in the
// user's shell files: an interactive shell runs the alias, so the program
// can look broken (or fine) only when typed.
func aliasLayer(h *host.Host, name string) (Layer, bool) {
	re := regexp.MustCompile(`^\s*alias\s+(?:-\S+\s+)*` + regexp.QuoteMeta(name) + `(?:=|\s)`)
	var found []string
	for _, rel := range aliasFiles {
		// The home is a real path: it is where devboot writes, not a probe.
		file := filepath.Join(h.User.Home, rel)
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			if re.Match(sc.Bytes()) {
				found = append(found, fmt.Sprintf("%s:%d: %s", file, n, bytes.TrimSpace(sc.Bytes())))
			}
		}
	}
	if len(found) == 0 {
		return Layer{}, false
	}
	return Layer{ID: LayerAlias, Verdict: Warn, Evidence: found,
		Message: fmt.Sprintf("%s is also an alias in your shell files: typed interactively, the alias runs instead of the program", name),
		Fix:     fmt.Sprintf("run the program as command %s (or \\%s), or remove the alias", name, name)}, true
}
