package shellrc

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// placeSourced orders what a trace without file names shows: the files
// the shell reads by its rules, in their order, each followed by the
// sourced files it names (a file names another when its text holds that
// path, its directory (a glob like /etc/profile.d/*.sh), or its place
// under home as $HOME/x or ~/x). A sourced file no file names goes last.
// text reads a file's content.
func placeSourced(rules, sourced []string, home string, text func(string) string) []string {
	// Each parent is read once, however many sourced files are placed.
	texts := map[string]string{}
	read := func(p string) string {
		t, ok := texts[p]
		if !ok {
			t = text(p)
			texts[p] = t
		}
		return t
	}
	out := slices.Clone(rules)
	for _, f := range sourced {
		if slices.Contains(out, f) {
			continue
		}
		at := len(out)
		for i, parent := range out {
			if names(read(parent), f, home) {
				at = i + 1
				// After the parent's earlier children, to keep trace order.
				for at < len(out) && !slices.Contains(rules, out[at]) && names(read(parent), out[at], home) {
					at++
				}
				break
			}
		}
		out = slices.Insert(out, at, f)
	}
	return out
}

func names(content, file, home string) bool {
	if content == "" {
		return false
	}
	keys := []string{file, filepath.Dir(file) + "/"}
	if rel, ok := strings.CutPrefix(file, home+"/"); ok {
		keys = append(keys, "$HOME/"+rel, "${HOME}/"+rel, "~/"+rel)
	}
	for _, k := range keys {
		if strings.Contains(content, k) {
			return true
		}
	}
	return false
}

// readText is a file's content, "" when it cannot be read.
func readText(p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	return string(data)
}
