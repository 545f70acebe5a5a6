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

// ExtractBlock returns the first devboot block as the file holds it
// (markers included; a last line without a newline gets one) and how many
// blocks the content holds. An old devboot's CRLF block keeps its "\r\n",
// so it does not compare equal to what Wrap makes now.
func ExtractBlock(content string) (block string, count int, err error) {
	lines := splitLines(content)
	spans, err := findBlocks(lines)
	if err != nil || len(spans) == 0 {
		return "", 0, err
	}
	block = strings.Join(lines[spans[0].start:spans[0].end+1], "")
	if !strings.HasSuffix(block, "\n") {
		block += "\n"
	}
	return block, len(spans), nil
}

// ReplaceBlock returns content with block (as Wrap makes it) in place of
// devboot's block, or with the block removed when block is "". The first
// block is replaced where it stands; further (pasted twice) blocks are
// dropped and counted in dups. A new block is appended. Every byte outside
// the blocks is kept.
//
// The block is always written with "\n" line endings, even in a CRLF file:
// no shell (nor systemd's environment.d) accepts "\r\n", and a CR would end
// up in GOPATH and PATH. A file that did not end in a newline still does
// not: its last line gets a "\n" and the block's last line none, so removing
// the block gives the original bytes back.
func ReplaceBlock(content, block string) (out string, dups int, err error) {
	lines := splitLines(content)
	spans, err := findBlocks(lines)
	if err != nil {
		return "", 0, err
	}
	block = lfOnly(block)
	if len(spans) == 0 {
		if block == "" {
			return content, 0, nil
		}
		if content == "" || strings.HasSuffix(content, "\n") {
			return content + block, 0, nil
		}
		return content + "\n" + strings.TrimSuffix(block, "\n"), 0, nil
	}
	var b strings.Builder
	next := 0
	for i, sp := range spans {
		b.WriteString(strings.Join(lines[next:sp.start], ""))
		next = sp.end + 1
		if sp.end == len(lines)-1 && !strings.HasSuffix(lines[sp.end], "\n") {
			// The block ends the file unterminated: the line before got its
			// terminator from devboot, in the block's line ending ("\r\n"
			// from an old devboot in a CRLF file). Take it back; a new
			// block gets a "\n" one.
			s := strings.TrimSuffix(b.String(), lineEnding(lines[sp.start]))
			b.Reset()
			b.WriteString(s)
			if i == 0 && block != "" {
				if sp.start > 0 {
					b.WriteString("\n")
				}
				b.WriteString(strings.TrimSuffix(block, "\n"))
			}
			continue
		}
		if i == 0 {
			b.WriteString(block)
		}
	}
	b.WriteString(strings.Join(lines[next:], ""))
	return b.String(), len(spans) - 1, nil
}

// lfOnly drops every CR before a "\n": Undo may pass back an old devboot's
// CRLF block, which is written with "\n" like any other.
func lfOnly(block string) string {
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return strings.Join(lines, "\n")
}

// lineEnding is the terminator of line: "\r\n" or "\n".
func lineEnding(line string) string {
	if strings.HasSuffix(line, "\r\n") {
		return "\r\n"
	}
	return "\n"
}
