package toolchain

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// IndexSource reads the download index layout of go.dev/dl: the index at
// URL?mode=json&include=all, archives at URL<filename>. A file:// URL names a
// directory holding index.json and the archives.
type IndexSource struct {
	URL   string // ends in "/"
	Fetch FetchOptions

	once     sync.Once
	releases []Release
	err      error
}

// Release is one entry of the download index.
type Release struct {
	Version string        `json:"version"`
	Stable  bool          `json:"stable"`
	Files   []ReleaseFile `json:"files"`
}

// ReleaseFile is one downloadable file of a release.
type ReleaseFile struct {
	Filename string `json:"filename"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	Kind     string `json:"kind"` // archive, installer, source
}

func (s *IndexSource) String() string { return s.URL }

// indexCap bounds the index: the real one is a few MB.
const indexCap = 64 << 20

// Releases reads (once) and returns the whole index.
func (s *IndexSource) Releases(ctx context.Context) ([]Release, error) {
	s.once.Do(func() { s.releases, s.err = s.load(ctx) })
	return s.releases, s.err
}

func (s *IndexSource) load(ctx context.Context) ([]Release, error) {
	var body io.ReadCloser
	if strings.HasPrefix(s.URL, "file://") {
		u, err := url.Parse(s.URL)
		if err != nil {
			return nil, err
		}
		f, err := os.Open(filepath.Join(u.Path, "index.json"))
		if err != nil {
			return nil, fmt.Errorf("download index: %w (a file:// mirror holds index.json and the archives)", err)
		}
		body = f
	} else {
		req, err := http.NewRequestWithContext(ctx, "GET", s.URL+"?mode=json&include=all", nil)
		if err != nil {
			return nil, err
		}
		resp, err := s.Fetch.httpClient().Do(req)
		if err != nil {
			return nil, fmt.Errorf("download index %s: %w (offline? pass --dl-url for a mirror, or use an installed or adopted version)", s.URL, err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("download index %s: %s", s.URL, resp.Status)
		}
		body = resp.Body
	}
	defer body.Close()
	var rs []Release
	dec := json.NewDecoder(io.LimitReader(body, indexCap))
	if err := dec.Decode(&rs); err != nil {
		return nil, fmt.Errorf("download index %s is not the go.dev/dl JSON layout: %w", s.URL, err)
	}
	return rs, nil
}

// Versions lists releases with an archive for the platform.
func (s *IndexSource) Versions(ctx context.Context, p Platform) ([]string, error) {
	rs, err := s.Releases(ctx)
	if err != nil {
		return nil, err
	}
	var vs []string
	for _, r := range rs {
		if _, ok := r.archive(p); ok && IsRelease(r.Version) {
			vs = append(vs, r.Version)
		}
	}
	return vs, nil
}

func (r Release) archive(p Platform) (ReleaseFile, bool) {
	for _, f := range r.Files {
		if f.Kind == "archive" && f.OS == p.OS && f.Arch == ArchiveArch(p.Arch) && strings.HasSuffix(f.Filename, ".tar.gz") {
			return f, true
		}
	}
	return ReleaseFile{}, false
}

// Artifact returns the archive for one release; its sha256 comes from the index.
func (s *IndexSource) Artifact(ctx context.Context, version string, p Platform) (Artifact, error) {
	rs, err := s.Releases(ctx)
	if err != nil {
		return Artifact{}, err
	}
	for _, r := range rs {
		if r.Version != version {
			continue
		}
		f, ok := r.archive(p)
		if !ok {
			break
		}
		if !safeFilename(f.Filename) || len(f.SHA256) != 64 {
			return Artifact{}, fmt.Errorf("download index %s: bad entry for %s (filename %q, sha256 %q)", s.URL, version, f.Filename, f.SHA256)
		}
		return Artifact{Kind: ArtifactTarGz, URL: s.URL + f.Filename, Filename: f.Filename, SHA256: strings.ToLower(f.SHA256), Size: f.Size}, nil
	}
	vs, _ := s.Versions(ctx, p)
	return Artifact{}, fmt.Errorf("%s has no archive for %s at %s; nearest: %s", version, p, s.URL, strings.Join(Nearest(version, vs, 4), ", "))
}

// safeFilename admits archive names as go.dev spells them
// (go1.22.4.linux-amd64.tar.gz): no path separators, and no "?", "#", "%"
// or "::" that go-getter would read as its own options or a forced getter.
func safeFilename(name string) bool {
	if name == "" || name[0] == '.' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
