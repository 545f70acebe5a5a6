package shellrc

import (
	"strings"
	"testing"
)

func TestReplaceBlock(t *testing.T) {
	blk := Wrap("export A=1\n")
	blk2 := Wrap("export A=2\n")
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", blk},
		{"content", "a\nb\n", "a\nb\n" + blk},
		{"no final newline", "a\nb", "a\nb\n" + strings.TrimSuffix(blk, "\n")},
		// The block is LF even in a CRLF file: no shell accepts "\r\n".
		{"crlf", "a\r\n", "a\r\n" + blk},
		{"crlf no final newline", "a\r\nb", "a\r\nb\n" + strings.TrimSuffix(blk, "\n")},
		{"old crlf block in the middle", "a\r\n" + crlf(blk2) + "b\r\n", "a\r\n" + blk + "b\r\n"},
		{"old crlf block at the end", "a\r\nb\r\n" + strings.TrimSuffix(crlf(blk2), "\r\n"), "a\r\nb\n" + strings.TrimSuffix(blk, "\n")},
		{"crlf block given", "a\n", "a\n" + blk},
		{"old block in the middle", "a\n" + blk2 + "b\n", "a\n" + blk + "b\n"},
		{"pasted twice", "a\n" + blk2 + "b\n" + blk2 + "c", "a\n" + blk + "b\nc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			block := blk
			if c.name == "crlf block given" {
				block = crlf(blk) // Undo restoring an old devboot's block
			}
			got, dups, err := ReplaceBlock(c.in, block)
			if err != nil || got != c.want {
				t.Fatalf("got %q (%v), want %q", got, err, c.want)
			}
			if wantDups := strings.Count(c.in, BeginMarker) - 1; wantDups > 0 && dups != wantDups {
				t.Fatalf("dups %d, want %d", dups, wantDups)
			}
			if again, _, _ := ReplaceBlock(got, blk); again != got {
				t.Fatalf("second replace changed %q to %q", got, again)
			}
			if !strings.Contains(c.in, BeginMarker) {
				if back, _, _ := ReplaceBlock(got, ""); back != c.in {
					t.Fatalf("remove gave %q, want %q", back, c.in)
				}
			}
		})
	}
}

func TestReplaceBlockBrokenMarkers(t *testing.T) {
	for _, in := range []string{"a\n" + BeginMarker + "\nx\n", EndMarker + "\n", BeginMarker + "\n" + BeginMarker + "\n" + EndMarker + "\n"} {
		if _, _, err := ReplaceBlock(in, Wrap("x\n")); err == nil {
			t.Errorf("%q: want error", in)
		}
	}
}

// TestReplaceBlockUpgradesOldCRLFBlock: an old devboot gave the block (and
// the terminator it added to an unterminated last line) the file's CRLF.
// Replacing that block gives what a fresh install would, and removing it
// gives the file from before any devboot.
func TestReplaceBlockUpgradesOldCRLFBlock(t *testing.T) {
	blk, old := Wrap("export A=1\n"), Wrap("export A=0\n")
	for _, in := range []string{"", "a\r\n", "a\r\nb", "a\r\nb\r", "a\n\r\n", "\r"} {
		withOld := oldCRLFInstall(in, old)
		fresh, _, _ := ReplaceBlock(in, blk)
		if got, _, err := ReplaceBlock(withOld, blk); err != nil || got != fresh {
			t.Errorf("%q: replace gave %q (%v), want %q", withOld, got, err, fresh)
		}
		if got, _, err := ReplaceBlock(withOld, ""); err != nil || got != in {
			t.Errorf("%q: remove gave %q (%v), want %q", withOld, got, err, in)
		}
	}
}

// crlf is what an old devboot wrote in a CRLF file.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// oldCRLFInstall adds block to content (without a block) the way devboot
// did before blocks were always LF, in a file whose line ending was CRLF.
func oldCRLFInstall(content, block string) string {
	if content == "" || strings.HasSuffix(content, "\n") {
		return content + crlf(block)
	}
	return content + "\r\n" + strings.TrimSuffix(crlf(block), "\r\n")
}

// FuzzReplaceBlock: for content without markers, adding then removing the
// block restores it byte for byte, replacing is idempotent, the block has
// no CR before a LF, and an old devboot's CRLF block is replaced with
// exactly what a fresh install writes and removed to the original bytes.
func FuzzReplaceBlock(f *testing.F) {
	f.Add("a\nb\n", "export X=1\n")
	f.Add("a\r\nb", "x\n")
	f.Add("", "")
	f.Add("x\n\n", "y\nz\n")
	f.Fuzz(func(t *testing.T, in, body string) {
		if strings.Contains(in, "# >>> devboot") || strings.Contains(in, "# <<< devboot") ||
			strings.Contains(body, "# >>> devboot") || strings.Contains(body, "# <<< devboot") {
			return
		}
		blk := Wrap(body)
		with, dups, err := ReplaceBlock(in, blk)
		if err != nil || dups != 0 {
			t.Fatalf("add: %v dups %d", err, dups)
		}
		if got, n, err := ExtractBlock(with); err != nil || n != 1 || got != strings.ReplaceAll(blk, "\r", "") && !strings.Contains(body, "\r") {
			t.Fatalf("extract %q from %q: %d %v", got, with, n, err)
		}
		if got, _, _ := ExtractBlock(with); strings.Contains(got, "\r\n") {
			t.Fatalf("block with CRLF: %q", got)
		}
		again, _, err := ReplaceBlock(with, blk)
		if err != nil || again != with {
			t.Fatalf("not idempotent: %q -> %q", with, again)
		}
		back, _, err := ReplaceBlock(with, "")
		if err != nil || back != in {
			t.Fatalf("remove: got %q, want %q (with %q)", back, in, with)
		}
		withOld := oldCRLFInstall(in, blk)
		if up, _, err := ReplaceBlock(withOld, blk); err != nil || up != with {
			t.Fatalf("upgrade of %q: got %q (%v), want %q", withOld, up, err, with)
		}
		if back, _, err := ReplaceBlock(withOld, ""); err != nil || back != in {
			t.Fatalf("remove old CRLF block from %q: got %q (%v), want %q", withOld, back, err, in)
		}
	})
}
