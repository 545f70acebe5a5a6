// Package goserver serves Go toolchains the way the internet does, from
// httptest servers on 127.0.0.1: a go.dev/dl download index with archives, a
// GOPROXY serving golang.org/toolchain, and a checksum database
// (golang.org/x/mod/sumdb's test server) that signs those module zips.
// Every archive is built by the test, in the official layout, with a real
// bin/go (see FakeGo). Tests of devboot's toolchain, up, doctor and emit
// commands share it.
package goserver

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

// Options say what the servers offer.
type Options struct {
	// Versions offered, e.g. "1.22.4", "go1.23rc1" (stable unless rc/beta).
	Versions []string
	// Platforms as "linux/amd64" (default: linux and this machine's arch).
	Platforms []string
	// ExtraFiles adds that many small files to every archive.
	ExtraFiles int
}

// Misbehaviour makes the server serve one file badly.
type Misbehaviour int

const (
	Normal   Misbehaviour = iota
	Truncate              // send half the bytes, then close (Content-Length says all)
	Stall                 // send half the bytes, then send nothing until the client gives up
)

// Archive is one served file.
type Archive struct {
	Version  string
	OS, Arch string
	Filename string
	Data     []byte
	SHA256   string
}

// Server is the set of running servers.
type Server struct {
	// DLURL is the download index base ("http://127.0.0.1:N/dl/"): the index
	// is DLURL?mode=json&include=all, archives DLURL<filename>.
	DLURL string
	// GOPROXY serves golang.org/toolchain.
	GOPROXY string
	// GOSUMDB names the checksum database as cmd/go reads it: "<key> <url>".
	GOSUMDB string
	// SumDBKey is the database's verifier key alone: as GOSUMDB it makes a
	// client reach the database through GOPROXY (<proxy>/sumdb/<name>/...),
	// which this proxy supports.
	SumDBKey string

	t       testing.TB
	mu      sync.Mutex
	order   []string            // versions, as given
	archive map[string]*Archive // by filename (dl) and by module zip path
	served  map[string][]byte   // overrides of what is served (tampering)
	misbeh  map[string]Misbehaviour
	hits    map[string]int
	stalled chan struct{}
	gosum   map[string]string // module@version → go.sum lines
	sumdb   http.Handler
}

// sumDBName is the checksum database's name (the first part of its key).
const sumDBName = "sumdb.devboot.test"

// New starts the servers; they stop when the test ends.
func New(t testing.TB, o Options) *Server {
	t.Helper()
	if len(o.Platforms) == 0 {
		o.Platforms = []string{"linux/" + runtime.GOARCH}
	}
	s := &Server{t: t, archive: map[string]*Archive{}, served: map[string][]byte{}, misbeh: map[string]Misbehaviour{},
		hits: map[string]int{}, stalled: make(chan struct{}), gosum: map[string]string{}}
	for _, v := range o.Versions {
		if !strings.HasPrefix(v, "go") {
			v = "go" + v
		}
		s.order = append(s.order, v)
		for _, plat := range o.Platforms {
			goos, goarch, _ := strings.Cut(plat, "/")
			tree := Tree(t, v, goarch, o.ExtraFiles)
			s.Add(v, goos, goarch, TarGz(t, "go/", tree))
			mv := module.Version{Path: "golang.org/toolchain", Version: "v0.0.1-" + v + "." + goos + "-" + goarch}
			s.addModule(mv, ModuleZip(t, mv.Path+"@"+mv.Version+"/", tree))
		}
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, sumDBName)
	if err != nil {
		t.Fatal(err)
	}
	s.sumdb = sumdb.NewServer(sumdb.NewTestServer(skey, s.lookupGoSum))
	dl := httptest.NewServer(http.HandlerFunc(s.serveDL))
	proxy := httptest.NewServer(http.HandlerFunc(s.serveProxy))
	sdb := httptest.NewServer(s.sumdb)
	t.Cleanup(func() {
		close(s.stalled) // release stalled handlers before Close waits for them
		dl.Close()
		proxy.Close()
		sdb.Close()
	})
	s.DLURL, s.GOPROXY, s.GOSUMDB, s.SumDBKey = dl.URL+"/dl/", proxy.URL, vkey+" "+sdb.URL, vkey
	return s
}

// Filename is the official archive name: go1.22.4.linux-amd64.tar.gz.
func Filename(version, goos, goarch string) string {
	if goarch == "arm" {
		goarch = "armv6l"
	}
	return fmt.Sprintf("%s.%s-%s.tar.gz", version, goos, goarch)
}

// Add serves data as the archive of version for goos/goarch and lists it in
// the index with its true sha256 (hostile archives pass the hash check and
// reach the extractor). It returns the archive.
func (s *Server) Add(version, goos, goarch string, data []byte) *Archive {
	sum := sha256.Sum256(data)
	a := &Archive{Version: version, OS: goos, Arch: goarch, Filename: Filename(version, goos, goarch), Data: data, SHA256: hex.EncodeToString(sum[:])}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.archive[a.Filename]; !ok && !contains(s.order, version) {
		s.order = append(s.order, version)
	}
	s.archive[a.Filename] = a
	return a
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) addModule(mv module.Version, zipData []byte) {
	h1, err := hashZip(zipData)
	if err != nil {
		s.t.Fatal(err)
	}
	modH1, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return nopCloser{bytes.NewReader([]byte("module golang.org/toolchain\n"))}, nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	s.archive[mv.Path+"/@v/"+mv.Version+".zip"] = &Archive{Version: mv.Version, Filename: mv.Version + ".zip", Data: zipData}
	s.gosum[mv.String()] = fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", mv.Path, mv.Version, h1, mv.Path, mv.Version, modH1)
}

// Archive returns the served archive of a version for goos/goarch.
func (s *Server) Archive(version, goos, goarch string) *Archive {
	if !strings.HasPrefix(version, "go") {
		version = "go" + version
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.archive[Filename(version, goos, goarch)]
}

// Serve replaces the bytes served for filename (an archive name, or a
// module zip's "golang.org/toolchain/@v/<version>.zip") without changing the
// index or the checksum database: a tampered download.
func (s *Server) Serve(filename string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served[filename] = data
}

// Misbehave makes the server serve filename badly.
func (s *Server) Misbehave(filename string, m Misbehaviour) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.misbeh[filename] = m
}

// Hits counts the requests for filename (archive downloads).
func (s *Server) Hits(filename string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[filename]
}

func (s *Server) lookupGoSum(path, vers string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lines, ok := s.gosum[path+"@"+vers]
	if !ok {
		return nil, fmt.Errorf("%s@%s: not found", path, vers)
	}
	return []byte(lines), nil
}

// index is the go.dev/dl JSON layout.
type index []struct {
	Version string      `json:"version"`
	Stable  bool        `json:"stable"`
	Files   []indexFile `json:"files"`
}

type indexFile struct {
	Filename string `json:"filename"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Size     int    `json:"size"`
	Kind     string `json:"kind"`
}

// Index returns the index document (also written into file:// mirrors).
func (s *Server) Index() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var idx index
	for i := len(s.order) - 1; i >= 0; i-- { // newest listed first, as go.dev does
		v := s.order[i]
		e := struct {
			Version string      `json:"version"`
			Stable  bool        `json:"stable"`
			Files   []indexFile `json:"files"`
		}{Version: v, Stable: !strings.Contains(v, "rc") && !strings.Contains(v, "beta")}
		e.Files = append(e.Files, indexFile{Filename: v + ".src.tar.gz", Version: v, Kind: "source", SHA256: strings.Repeat("0", 64)})
		for _, a := range s.archive {
			if a.Version == v && strings.HasSuffix(a.Filename, ".tar.gz") {
				arch := a.Arch
				if arch == "arm" {
					arch = "armv6l"
				}
				e.Files = append(e.Files, indexFile{Filename: a.Filename, OS: a.OS, Arch: arch, Version: v, SHA256: a.SHA256, Size: len(a.Data), Kind: "archive"})
			}
		}
		idx = append(idx, e)
	}
	b, err := json.Marshal(idx)
	if err != nil {
		s.t.Fatal(err)
	}
	return b
}

var zeroTime time.Time

// hashZip is dirhash.HashZip over bytes: the h1: hash the checksum database signs.
func hashZip(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	byName := map[string]*zip.File{}
	var names []string
	for _, f := range zr.File {
		byName[f.Name] = f
		names = append(names, f.Name)
	}
	return dirhash.Hash1(names, func(name string) (io.ReadCloser, error) { return byName[name].Open() })
}
