package toolchain

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// The module cmd/go's own toolchain switch downloads: version
// v0.0.1-go1.22.4.linux-amd64 of golang.org/toolchain is a zip whose files
// sit under golang.org/toolchain@v0.0.1-go1.22.4.linux-amd64/ (bin/go, src/...).
const (
	toolchainModule  = "golang.org/toolchain"
	toolchainVersion = "v0.0.1"
)

// ProxyVersion is the module version holding release v for platform p.
func ProxyVersion(v string, p Platform) string {
	return toolchainVersion + "-" + v + "." + p.OS + "-" + p.Arch
}

// ProxySource fetches toolchains from a GOPROXY as cmd/go does, verified by
// the checksum database named by GOSUMDB.
type ProxySource struct {
	URL     string // proxy base, no trailing slash
	GOSUMDB string
	Fetch   FetchOptions
}

func (s *ProxySource) String() string { return s.URL }

func (s *ProxySource) get(ctx context.Context, rel string) ([]byte, error) {
	u := s.URL + "/" + rel
	if strings.HasPrefix(u, "file://") {
		pu, err := url.Parse(u)
		if err != nil {
			return nil, err
		}
		return os.ReadFile(filepath.FromSlash(pu.Path))
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.Fetch.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("GOPROXY %s: %w", s.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GOPROXY %s: %s: %s", s.URL, rel, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, indexCap))
}

// Versions reads the module's version list and keeps the platform's.
func (s *ProxySource) Versions(ctx context.Context, p Platform) ([]string, error) {
	data, err := s.get(ctx, toolchainModule+"/@v/list")
	if err != nil {
		return nil, err
	}
	prefix, suffix := toolchainVersion+"-", "."+p.OS+"-"+p.Arch
	var vs []string
	for _, line := range strings.Fields(string(data)) {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			if v, ok = strings.CutSuffix(v, suffix); ok && IsRelease(v) {
				vs = append(vs, v)
			}
		}
	}
	return vs, nil
}

// Artifact names the module zip; the checksum database verifies it at install.
func (s *ProxySource) Artifact(ctx context.Context, v string, p Platform) (Artifact, error) {
	mv := ProxyVersion(v, p)
	vs, err := s.Versions(ctx, p)
	if err != nil {
		return Artifact{}, err
	}
	found := false
	for _, x := range vs {
		found = found || x == v
	}
	if !found {
		return Artifact{}, fmt.Errorf("GOPROXY %s has no %s@%s; nearest: %s", s.URL, toolchainModule, mv, strings.Join(Nearest(v, vs, 4), ", "))
	}
	return Artifact{
		Kind:     ArtifactProxyZip,
		URL:      s.URL + "/" + toolchainModule + "/@v/" + mv + ".zip",
		Filename: toolchainModule[len("golang.org/"):] + "@" + mv + ".zip",
		Module:   toolchainModule + "@" + mv,
		GOSUMDB:  s.GOSUMDB,
	}, nil
}
