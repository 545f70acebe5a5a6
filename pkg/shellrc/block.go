// Package shellrc writes devboot's one managed block into the startup files
// each shell really reads, renders the Go environment for every shell (and
// systemd's environment.d), and removes exactly that block again.
package shellrc

import (
	"fmt"
	"strings"
)

// The marker lines around devboot's block. They are comments in every
// syntax devboot writes (sh, zsh, fish, environment.d).
const (
	BeginMarker = "# >>> devboot >>>"
	EndMarker   = "# <<< devboot <<<"
	note        = "# managed by devboot, do not edit: `devboot shell uninstall` removes this block"
)

// Wrap puts body (lines ending in "\n") between the markers.
func Wrap(body string) string {
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return BeginMarker + "\n" + note + "\n" + body + EndMarker + "\n"
}

// span is one block: lines[start..end] inclusive.
type span struct{ start, end int }

// splitLines splits after each "\n", so joining gives the input back.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func isMarker(line, marker string) bool {
	return strings.TrimRight(line, "\r\n") == marker
}

// findBlocks locates every devboot block. A begin marker without its end
// is an error: guessing where the block ends could delete the user's lines.
func findBlocks(lines []string) ([]span, error) {
	var spans []span
	for i := 0; i < len(lines); i++ {
		if isMarker(lines[i], EndMarker) {
			return nil, fmt.Errorf("line %d has %q without a %q line before it: remove the stray marker line and run again", i+1, EndMarker, BeginMarker)
		}
		if !isMarker(lines[i], BeginMarker) {
			continue
		}
		end := -1
		for j := i + 1; j < len(lines); j++ {
			if isMarker(lines[j], BeginMarker) {
				break
			}
			if isMarker(lines[j], EndMarker) {
				end = j
				break
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("line %d starts a devboot block that never ends (no %q line): delete the partial block or add the end marker, then run again", i+1, EndMarker)
		}
		spans = append(spans, span{i, end})
		i = end
	}
	return spans, nil
}

// ExtractBlock returns the first devboot block (markers included, "\n"
// line endings) and how many blocks the content holds.
func ExtractBlock(content string) (block string, count int, err error) {
	lines := splitLines(content)
	spans, err := findBlocks(lines)
	if err != nil || len(spans) == 0 {
		return "", 0, err
	}
	var b strings.Builder
	for _, l := range lines[spans[0].start : spans[0].end+1] {
		b.WriteString(strings.TrimRight(l, "\r\n") + "\n")
	}
	return b.String(), len(spans), nil
}

// ReplaceBlock returns content with block (as Wrap makes it) in place of
// devboot's block, or with the block removed when block is "". The first
// block is replaced where it stands; further (pasted twice) blocks are
// dropped and counted in dups. A new block is appended. Every byte outside
// the blocks is kept; the block takes the file's line ending (CRLF files
// stay CRLF), and a file that did not end in a newline still does not, so
// removing the block gives the original bytes back.
func ReplaceBlock(content, block string) (out string, dups int, err error) {
	lines := splitLines(content)
	spans, err := findBlocks(lines)
	if err != nil {
		return "", 0, err
	}
	eol := lineEnding(lines, spans)
	if block != "" {
		block = strings.ReplaceAll(block, "\n", eol)
	}
	if len(spans) == 0 {
		if block == "" {
			return content, 0, nil
		}
		if content == "" || strings.HasSuffix(content, "\n") {
			return content + block, 0, nil
		}
		// No final newline: start the block on its own line and leave its
		// last line unterminated, which removal undoes exactly.
		return content + eol + strings.TrimSuffix(block, eol), 0, nil
	}
	var b strings.Builder
	next := 0
	for i, sp := range spans {
		b.WriteString(strings.Join(lines[next:sp.start], ""))
		next = sp.end + 1
		atEOFUnterminated := sp.end == len(lines)-1 && !strings.HasSuffix(lines[sp.end], "\n")
		switch {
		case i == 0 && block != "" && atEOFUnterminated:
			b.WriteString(strings.TrimSuffix(block, eol))
		case i == 0 && block != "":
			b.WriteString(block)
		case atEOFUnterminated:
			// The block had no final newline: the line before it lost its
			// terminator to the block, so give it back.
			s := strings.TrimSuffix(b.String(), eol)
			b.Reset()
			b.WriteString(s)
		}
	}
	b.WriteString(strings.Join(lines[next:], ""))
	return b.String(), len(spans) - 1, nil
}

// lineEnding is the file's style: that of its first complete line outside
// devboot's blocks. The line before a block that ends the file unterminated
// does not count: its terminator is the one devboot added.
func lineEnding(lines []string, spans []span) string {
	skip := map[int]bool{}
	for _, sp := range spans {
		for i := sp.start; i <= sp.end; i++ {
			skip[i] = true
		}
		if sp.end == len(lines)-1 && !strings.HasSuffix(lines[sp.end], "\n") {
			skip[sp.start-1] = true
		}
	}
	for i, l := range lines {
		if !skip[i] && strings.HasSuffix(l, "\n") {
			if strings.HasSuffix(l, "\r\n") {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}
