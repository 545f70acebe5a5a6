package goserver

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path"
	"testing"
	"time"
)

// Entry is one member of a test archive. Hostile archives are built from
// these directly.
type Entry struct {
	Name     string
	Body     string
	Mode     fs.FileMode // default 0644 (0755 for dirs)
	Type     byte        // tar type flag; default regular file (tar.TypeReg)
	Linkname string
}

// Tree returns the entries of a toolchain tree in the official layout:
// VERSION, bin/go (the fake go for goarch), bin/gofmt, pkg/tool, src/...
// with extra small files under src/extra to make it larger. Names are
// relative (no go/ prefix).
func Tree(t testing.TB, version, goarch string, extra int) []Entry {
	t.Helper()
	gobin, err := os.ReadFile(FakeGo(t, goarch))
	if err != nil {
		t.Fatal(err)
	}
	es := []Entry{
		{Name: "VERSION", Body: version + "\ntime 2024-06-04T16:39:13Z\n"},
		{Name: "LICENSE", Body: "test toolchain\n"},
		{Name: "bin/", Type: tar.TypeDir},
		{Name: "bin/go", Body: string(gobin), Mode: 0o755},
		{Name: "bin/gofmt", Body: "#!/bin/sh\nexit 0\n", Mode: 0o755},
		{Name: "pkg/tool/linux_" + goarch + "/compile", Body: "#!/bin/sh\nexit 0\n", Mode: 0o755},
		{Name: "src/go.mod", Body: "module std\n\ngo 1.22\n"},
		{Name: "src/runtime/extern.go", Body: "package runtime\n"},
		{Name: "misc/link", Type: tar.TypeSymlink, Linkname: "../src/runtime"},
	}
	for i := range extra {
		es = append(es, Entry{Name: fmt.Sprintf("src/extra/f%05d.go", i), Body: fmt.Sprintf("package extra // %d\n", i)})
	}
	return es
}

// TarGz builds a .tar.gz from entries, each name prefixed with prefix ("go/").
func TarGz(t testing.TB, prefix string, entries []Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := &tar.Header{Name: prefix + e.Name, Typeflag: e.Type, Linkname: e.Linkname, ModTime: time.Unix(1717519153, 0)}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		h.Mode = int64(e.Mode)
		if h.Mode == 0 {
			h.Mode = 0o644
			if h.Typeflag == tar.TypeDir {
				h.Mode = 0o755
			}
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.Body))
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(e.Body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ModuleZip builds a golang.org/toolchain module zip from entries as the
// proxy serves it: regular files only, under prefix, without execute bits,
// and go.mod files stored as _go.mod.
func ModuleZip(t testing.TB, prefix string, entries []Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.Type != 0 && e.Type != tar.TypeReg {
			continue
		}
		name := e.Name
		if path.Base(name) == "go.mod" {
			name = path.Join(path.Dir(name), "_go.mod")
		}
		fh := &zip.FileHeader{Name: prefix + name, Method: zip.Deflate}
		fh.SetMode(0o644)
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.Body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// WriteGOROOT writes a toolchain tree to dir (for adoption tests: a fake
// /usr/local/go or ~/sdk/go1.x).
func WriteGOROOT(t testing.TB, dir, version, goarch string) {
	t.Helper()
	for _, e := range Tree(t, version, goarch, 0) {
		p := path.Join(dir, e.Name)
		if err := os.MkdirAll(path.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch e.Type {
		case tar.TypeDir:
			os.MkdirAll(p, 0o755)
		case tar.TypeSymlink:
			if err := os.Symlink(e.Linkname, p); err != nil {
				t.Fatal(err)
			}
		default:
			mode := e.Mode
			if mode == 0 {
				mode = 0o644
			}
			if err := os.WriteFile(p, []byte(e.Body), mode); err != nil {
				t.Fatal(err)
			}
		}
	}
}
