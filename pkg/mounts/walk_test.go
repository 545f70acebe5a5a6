package mounts

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// makeTree builds dirs × files with every fifth entry a link, plus links
// that loop (to an ancestor, to themselves), and returns the links made.
func makeTree(t testing.TB, root string, dirs, files int) map[string]string {
	t.Helper()
	want := map[string]string{}
	for d := range dirs {
		dir := filepath.Join(root, fmt.Sprintf("d%d", d%7), fmt.Sprintf("e%d", d))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for f := range files {
			p := filepath.Join(dir, fmt.Sprintf("f%d", f))
			if f%5 == 0 {
				target := fmt.Sprintf("/mnt/c/x/%d/%d", d, f)
				if err := os.Symlink(target, p); err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(root, p)
				want[rel] = target
				continue
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, target := range map[string]string{"up": "..", "self": "self", "root": "/"} {
		p := filepath.Join(root, "d0", name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		want[filepath.Join("d0", name)] = target
	}
	return want
}

func TestScanLinksFindsEveryLinkOnce(t *testing.T) {
	root := t.TempDir()
	want := makeTree(t, root, 40, 30)
	for _, workers := range []int{1, 3, 0} {
		s, err := ScanLinks(context.Background(), root, workers)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, l := range s.Links {
			if _, dup := got[l.Path]; dup {
				t.Fatalf("%s reported twice", l.Path)
			}
			got[l.Path] = l.Target
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("workers=%d: links differ: got %d, want %d", workers, len(got), len(want))
		}
		if !sort.SliceIsSorted(s.Links, func(i, j int) bool { return s.Links[i].Path < s.Links[j].Path }) {
			t.Fatal("links not sorted")
		}
		entries := 0
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if p != root {
				entries++
			}
			return err
		})
		if s.Entries != entries {
			t.Fatalf("entries %d, want %d", s.Entries, entries)
		}
	}
}

func TestScanLinksReportsUnreadable(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Symlink("C:\\x", filepath.Join(root, "a", "l"))
	if _, err := ScanLinks(context.Background(), filepath.Join(root, "a", "l"), 0); err == nil {
		t.Fatal("scanning a link (not a directory) should fail")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScanLinks(ctx, root, 2); err == nil {
		t.Fatal("cancelled scan returned no error")
	}
}

func BenchmarkScanLinks(b *testing.B) {
	root := b.TempDir()
	makeTree(b, root, 500, 200)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ScanLinks(context.Background(), root, 0); err != nil {
			b.Fatal(err)
		}
	}
}
