package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tarOf(t testing.TB, hdrs ...*tar.Header) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range hdrs {
		if h.Typeflag == tar.TypeReg && h.Size == 0 {
			h.Size = int64(len(h.Name))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write([]byte(h.Name)[:h.Size])
		}
	}
	tw.Close()
	return buf.Bytes()
}

func TestExtractTarKeepsModesAndLinks(t *testing.T) {
	dst := t.TempDir()
	data := tarOf(t,
		&tar.Header{Name: "go/bin/go", Typeflag: tar.TypeReg, Mode: 0o4755},
		&tar.Header{Name: "go/src/a.go", Typeflag: tar.TypeReg, Mode: 0o644},
		&tar.Header{Name: "go/misc/l", Typeflag: tar.TypeSymlink, Linkname: "../src/a.go"},
	)
	st, err := extractTar(bytes.NewReader(data), dst, Options{Prefix: "go/"})
	if err != nil || st.Files != 3 {
		t.Fatalf("%+v %v", st, err)
	}
	fi, _ := os.Stat(filepath.Join(dst, "bin/go"))
	if fi.Mode().Perm() != 0o755 || fi.Mode()&os.ModeSetuid != 0 {
		t.Fatalf("mode %v: setuid must be dropped, exec kept", fi.Mode())
	}
	if b, err := os.ReadFile(filepath.Join(dst, "misc/l")); err != nil || string(b) != "go/src/a.go" {
		t.Fatalf("link: %q %v", b, err)
	}
}

func TestExtractZipRefusesLinksAndLies(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fh := &zip.FileHeader{Name: "p/link"}
	fh.SetMode(os.ModeSymlink | 0o777)
	w, _ := zw.CreateHeader(fh)
	w.Write([]byte("/etc/passwd"))
	zw.Close()
	p := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(p, buf.Bytes(), 0o644)
	if _, err := ExtractZip(p, t.TempDir(), Options{Prefix: "p/"}); !errors.Is(err, ErrRefused) {
		t.Fatalf("symlink in zip: %v", err)
	}
}

// FuzzExtractTar feeds arbitrary tar streams: whatever happens, nothing may
// appear outside the destination, and every refusal wraps ErrRefused or is
// an I/O error on the destination itself.
func FuzzExtractTar(f *testing.F) {
	f.Add(tarOf(f, &tar.Header{Name: "go/a", Typeflag: tar.TypeReg}))
	f.Add(tarOf(f, &tar.Header{Name: "go/../x", Typeflag: tar.TypeReg}))
	f.Add(tarOf(f, &tar.Header{Name: "go/l", Typeflag: tar.TypeSymlink, Linkname: "../.."}, &tar.Header{Name: "go/l/x", Typeflag: tar.TypeReg}))
	f.Add(tarOf(f, &tar.Header{Name: "go/a", Typeflag: tar.TypeSymlink, Linkname: "."}, &tar.Header{Name: "go/b", Typeflag: tar.TypeSymlink, Linkname: "a/.."}))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dst := filepath.Join(parent, "dst")
		os.Mkdir(dst, 0o755)
		_, err := extractTar(bytes.NewReader(data), dst, Options{Prefix: "go/", Limits: Limits{MaxFiles: 200, MaxBytes: 1 << 20}})
		ents, _ := os.ReadDir(parent)
		if len(ents) != 1 {
			t.Fatalf("wrote outside the destination: %v", ents)
		}
		if err != nil {
			return // refused: the caller deletes the staging directory
		}
		// An accepted tree has no link resolving outside it.
		filepath.Walk(dst, func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode()&os.ModeSymlink != 0 {
				if r, err := filepath.EvalSymlinks(p); err == nil && !strings.HasPrefix(r, dst) {
					t.Fatalf("%s resolves outside: %s", p, r)
				}
			}
			return nil
		})
	})
}
