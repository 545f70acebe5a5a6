package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/devboot/devboot/testenv/goserver"
	"github.com/devboot/devboot/testenv/mountns"
	"github.com/devboot/devboot/testenv/roots"
)

// realArchive packs the machine's /usr/local/go as an official-layout
// archive (go/...), without what building does not need (tests, API
// lists, docs). The toolchain must be real for the login shell to build
// with it. The gzip stream stores rather than compresses: the test is
// about the install, not about waiting for deflate.
func realArchive(t *testing.T) []byte {
	t.Helper()
	const goroot = "/usr/local/go"
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	tw := tar.NewWriter(zw)
	err := filepath.WalkDir(goroot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(goroot, p)
		if skipInArchive(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if fi.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(filepath.Join("go", rel))
		if d.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uname, hdr.Gname, hdr.Uid, hdr.Gid = "", "", 0, 0
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(tw, f)
			return err
		}
		return nil
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// skipInArchive leaves out what building a module does not read: tests
// and their data, the sources of the go command and tools, docs, and tools
// other than the compiler, assembler, linker and cgo.
func skipInArchive(rel string, d fs.DirEntry) bool {
	switch rel {
	case "test", "api", "doc", "misc", "lib", "src/cmd":
		return true
	}
	if d.IsDir() {
		return d.Name() == "testdata"
	}
	if strings.HasSuffix(rel, "_test.go") {
		return true
	}
	if dir, tool := filepath.Split(rel); strings.HasPrefix(dir, "pkg/tool/") {
		switch tool {
		case "compile", "asm", "link", "cgo", "buildid":
			return false
		}
		return true
	}
	return false
}

// noGo is a bare host with no Go at all: the toolchain must come from the mirror.
func noGo(base string) roots.Tree {
	tree := bareSystemd(base)
	delete(tree, "/usr/local/go")
	return tree
}

// TestLocalMirror installs Go from a local mirror with go.dev/dl's layout,
// resolving "1.26" (newest patch) through its index. down keeps the
// download unless --purge.
func TestLocalMirror(t *testing.T) {
	t.Parallel()
	if !mountns.Enter(t) {
		return
	}
	if testing.Short() {
		t.Skip("-short: packing and installing a real 200 MB toolchain takes seconds")
	}
	want := systemVersion(t)
	srv := goserver.New(t, goserver.Options{})
	srv.Add(want, "linux", runtime.GOARCH, realArchive(t))
	m := newMachine(t, noGo)
	// Count every request that reaches the mirror (index and archives).
	var requests atomic.Int64
	target, _ := url.Parse(srv.DLURL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(counting.Close)
	m.env = append(m.env, "DEVBOOT_GO_DL="+counting.URL+"/")
	var afterFirst int64
	minor := strings.Join(strings.SplitN(strings.TrimPrefix(want, "go"), ".", 3)[:2], ".")
	toolchainDir := filepath.Join(m.home, ".local/share/devboot/toolchains", want)
	roundTrip(t, m, want, checks{
		afterUp: func() {
			if fi, err := os.Lstat(toolchainDir); err != nil || !fi.IsDir() {
				t.Errorf("%s is not a downloaded toolchain: %v", toolchainDir, err)
			}
			if afterFirst = requests.Load(); afterFirst < 2 {
				t.Errorf("the first up made %d requests to the mirror, want the index and the archive", afterFirst)
			}
		},
		afterAgain: func() {
			// The active go1.26.x satisfies "1.26": no index, no network.
			if n := requests.Load(); n != afterFirst {
				t.Errorf("the no-op up made %d requests to the mirror", n-afterFirst)
			}
		},
		afterDown: func() {
			if _, err := os.Stat(filepath.Join(toolchainDir, "bin", "go")); err != nil {
				t.Errorf("down without --purge removed the downloaded toolchain: %v", err)
			}
		},
	}, "--go", minor)
}
