package toolchain

import (
	"context"
	"fmt"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// Source is where toolchains come from: a download index (go.dev/dl or a
// mirror) or a GOPROXY serving golang.org/toolchain.
type Source interface {
	// String names the source for messages.
	String() string
	// Versions lists the releases offered for the platform.
	Versions(ctx context.Context, p Platform) ([]string, error)
	// Artifact says what to download for one release and how to verify it.
	Artifact(ctx context.Context, version string, p Platform) (Artifact, error)
}

// Artifact kinds.
const (
	ArtifactTarGz    = "tar.gz"  // official archive: go/ prefix, verified by sha256
	ArtifactProxyZip = "goproxy" // module zip: golang.org/toolchain@v/ prefix, verified by the checksum database
)

// Artifact is one downloadable toolchain with what verifies it. It is part
// of the install step's journal record.
type Artifact struct {
	Kind     string `json:"kind"`
	URL      string `json:"url"`
	Filename string `json:"filename"`
	SHA256   string `json:"sha256,omitempty"`
	Size     int64  `json:"size,omitempty"`
	// Module is golang.org/toolchain@v0.0.1-go1.22.4.linux-amd64 for a proxy zip.
	Module string `json:"module,omitempty"`
	// GOSUMDB names the checksum database that verifies a proxy zip ("off": none).
	GOSUMDB string `json:"gosumdb,omitempty"`
}

// DefaultDLURL is the official download index.
const DefaultDLURL = "https://go.dev/dl/"

// SourceOptions choose a source: GOPROXY when set, else the index.
type SourceOptions struct {
	DLURL   string // --dl-url; DEVBOOT_GO_DL; DefaultDLURL
	GOPROXY string // --goproxy: use a module proxy instead; "env" means $GOPROXY
	GOSUMDB string // checksum database for GOPROXY; default $GOSUMDB, then sum.golang.org
	Fetch   FetchOptions
}

// NewSource builds the source the options and environment ask for.
func NewSource(h *host.Host, o SourceOptions) (Source, error) {
	if o.GOPROXY == "env" { // --goproxy=env: the user's own GOPROXY, as cmd/go would use it
		o.GOPROXY = h.Getenv("GOPROXY")
		if o.GOPROXY == "" {
			o.GOPROXY = "https://proxy.golang.org"
		}
	}
	if o.GOPROXY != "" {
		proxy, err := firstProxy(o.GOPROXY)
		if err != nil {
			return nil, err
		}
		sumdb := o.GOSUMDB
		if sumdb == "" {
			sumdb = h.Getenv("GOSUMDB")
		}
		if sumdb == "" {
			sumdb = "sum.golang.org"
		}
		return &ProxySource{URL: proxy, GOSUMDB: sumdb, Fetch: o.Fetch}, nil
	}
	dl := o.DLURL
	if dl == "" {
		dl = h.Getenv("DEVBOOT_GO_DL")
	}
	if dl == "" {
		dl = DefaultDLURL
	}
	if !strings.HasPrefix(dl, "http://") && !strings.HasPrefix(dl, "https://") && !strings.HasPrefix(dl, "file://") {
		return nil, fmt.Errorf("--dl-url %q: give an http(s):// or file:// URL", dl)
	}
	if !strings.HasSuffix(dl, "/") {
		dl += "/"
	}
	return &IndexSource{URL: dl, Fetch: o.Fetch}, nil
}

// firstProxy picks the first usable entry of a GOPROXY list
// ("https://proxy.golang.org,direct").
func firstProxy(list string) (string, error) {
	for _, p := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '|' }) {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "file://") {
			return strings.TrimSuffix(p, "/"), nil
		}
	}
	return "", fmt.Errorf("GOPROXY %q names no http(s):// or file:// proxy (direct and off cannot serve golang.org/toolchain)", list)
}
