package images

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// GoArchive is this machine's Go as an official-layout archive
// (go1.X.Y.linux-ARCH.tar.gz, everything under go/), for tests that serve a
// real toolchain from a local mirror. It is cached in the temp directory.
func GoArchive(t testing.TB) (version string, data []byte) {
	t.Helper()
	version = "go" + GoVersion()
	cache := filepath.Join(os.TempDir(), "devboot-testenv", layout, version+".linux-"+runtime.GOARCH+".tar.gz")
	if data, err := os.ReadFile(cache); err == nil {
		return version, data
	}
	r := newRootfs()
	if err := r.addGo(hostGOROOT(), "/go"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := r.writeTar(zw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
		t.Fatal(err)
	}
	// Written whole then renamed, so a parallel test never reads half of it.
	tmp := cache + ".tmp" + filepath.Base(t.TempDir())
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, cache); err != nil {
		t.Fatal(err)
	}
	return version, buf.Bytes()
}
