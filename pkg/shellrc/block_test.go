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
		{"crlf", "a\r\n", "a\r\n" + strings.ReplaceAll(blk, "\n", "\r\n")},
		{"old block in the middle", "a\n" + blk2 + "b\n", "a\n" + blk + "b\n"},
		{"pasted twice", "a\n" + blk2 + "b\n" + blk2 + "c", "a\n" + blk + "b\nc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, dups, err := ReplaceBlock(c.in, blk)
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

// FuzzReplaceBlock: for content without markers, adding then removing the
// block restores it byte for byte, and replacing is idempotent.
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
		again, _, err := ReplaceBlock(with, blk)
		if err != nil || again != with {
			t.Fatalf("not idempotent: %q -> %q", with, again)
		}
		back, _, err := ReplaceBlock(with, "")
		if err != nil || back != in {
			t.Fatalf("remove: got %q, want %q (with %q)", back, in, with)
		}
	})
}
