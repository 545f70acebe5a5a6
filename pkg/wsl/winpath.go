package wsl

import (
	"bytes"
	"strings"
)

// collapse removes "." segments, empty segments and ".." with the segment
// before it, scanning from the end as WSL's CollapsePath does (a trailing
// separator survives). It fails when ".." would climb above the start.
func collapse(p string, sep byte) (string, bool) {
	b := []byte(p)
	last, remove, remaining := len(b), 0, len(b)
	for remaining > 0 {
		i := bytes.LastIndexByte(b[:remaining], sep)
		if i < 0 {
			break
		}
		seg := i + 1
		segLen := remaining - seg
		remaining -= segLen + 1
		if segLen == 2 && b[seg] == '.' && b[seg+1] == '.' {
			remove++
			continue
		}
		if remove == 0 && (segLen == 0 || segLen == 1 && b[seg] == '.') {
			remove++
		}
		if remove > 0 {
			b = append(b[:seg], b[last:]...)
			remove--
		}
		last = seg
	}
	return string(b), remove == 0
}

// ntIllegal lists the ASCII characters NTFS names cannot hold (slash aside,
// which separates), which WSL maps into the private-use range U+F000+c.
var ntIllegal = func() (t [128]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for _, c := range `"*:<>?\|` {
		t[c] = true
	}
	return t
}()

func needsEscape(c byte) bool { return c < 0x80 && ntIllegal[c] }

// escapeForNT turns a Linux path suffix into its Windows form: / becomes \
// and characters NTFS cannot hold become U+F000+c (WSL's EscapePathForNt).
func escapeForNT(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			b.WriteByte('\\')
		case needsEscape(c):
			b.Write([]byte{0xef, 0x80 | c>>6, 0x80 | c&0x3f})
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unescapeFromNT reverses escapeForNT's character mapping.
func unescapeFromNT(p string) string {
	if !strings.Contains(p, "\xef") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == 0xef && i+2 < len(p) && p[i+1]&0x80 != 0 && p[i+2]&0x80 != 0 {
			if c := p[i+1]<<6 | p[i+2]&0x3f; needsEscape(c) && p[i+1]&0xfe == 0x80 {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// isAbsWindows is WSL's UtilIsAbsoluteWindowsPath: two leading separators,
// or a drive letter and a colon, and at least three characters.
func isAbsWindows(p string) bool {
	if len(p) < 3 {
		return false
	}
	sep := func(c byte) bool { return c == '\\' || c == '/' }
	return sep(p[0]) && sep(p[1]) || isLetter(p[0]) && p[1] == ':'
}

// winPrefixLen returns len(prefix) when the Windows path p starts with
// prefix (case-insensitively) followed by a separator or the end, else 0.
func winPrefixLen(p, prefix string) int {
	if prefix == "" || len(p) < len(prefix) || !strings.EqualFold(p[:len(prefix)], prefix) {
		return 0
	}
	if len(p) > len(prefix) && p[len(prefix)] != '\\' {
		return 0
	}
	return len(prefix)
}
