package srcbuild

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/devboot/devboot/pkg/exitcode"
	"github.com/devboot/devboot/pkg/toolchain"
	"github.com/devboot/devboot/pkg/toolchain/archive"
)

// Source is a Go source tree to build: a GOROOT-shaped directory with
// src/make.bash and a VERSION file naming a release.
type Source struct {
	Version string `json:"version"`
	GOROOT  string `json:"goroot"`
	Origin  string `json:"origin"` // "checkout", "installed", or the archive URL it was downloaded from
}

// IsPath reports whether REF names a directory rather than a version.
func IsPath(ref string) bool {
	return strings.ContainsRune(ref, os.PathSeparator) || ref == "." || ref == ".."
}

// FromCheckout takes the source tree at dir (a release tree or a checkout).
// Its VERSION file must name a release, because the result is registered
// under that name; a git checkout has none, so the error says to write one.
func FromCheckout(dir string) (Source, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Source{}, err
	}
	if _, err := os.Stat(filepath.Join(abs, "src", "make.bash")); err != nil {
		return Source{}, exitcode.BadInput(fmt.Errorf("%s is not a Go source tree (no src/make.bash): give a Go checkout or a GOROOT with src/", dir))
	}
	v := toolchain.ReadVERSION(os.ReadFile, abs)
	if v == "" {
		return Source{}, exitcode.BadInput(fmt.Errorf("%s has no VERSION file naming a release (like go1.26.8); write one (echo go1.27.0 > %s/VERSION) so the build can be registered under that name", dir, abs))
	}
	return Source{Version: v, GOROOT: abs, Origin: "checkout"}, nil
}

// Installed finds release v's source in cands, the registered or adoptable
// toolchains of this machine (every release archive ships src/).
func Installed(cands []Candidate, v string) (Source, bool) {
	for _, c := range cands {
		if c.Version != v {
			continue
		}
		if _, err := os.Stat(filepath.Join(c.GOROOT, "src", "make.bash")); err == nil {
			return Source{Version: v, GOROOT: c.GOROOT, Origin: "installed"}, true
		}
	}
	return Source{}, false
}

// Download fetches release v's official archive for this machine from src
// (the same sources `toolchain install` uses), verifies its sha256 and
// unpacks it into dir/go. The caller removes dir.
func Download(ctx context.Context, src toolchain.Source, v, dir string, fo toolchain.FetchOptions) (Source, error) {
	art, err := src.Artifact(ctx, v, toolchain.HostPlatform())
	if err != nil {
		return Source{}, err
	}
	if art.Kind != toolchain.ArtifactTarGz {
		return Source{}, exitcode.BadInput(fmt.Errorf("source builds need an official archive (go.dev/dl or a --dl-url mirror), not %s", src))
	}
	tgz := filepath.Join(dir, art.Filename)
	d, err := toolchain.Download(ctx, art.URL, tgz, art.Size, fo)
	if err != nil {
		return Source{}, err
	}
	if !strings.EqualFold(d.SHA256, art.SHA256) {
		return Source{}, fmt.Errorf("%s: sha256 %s does not match %s from the index", art.Filename, d.SHA256, art.SHA256)
	}
	f, err := os.Open(tgz)
	if err != nil {
		return Source{}, err
	}
	defer f.Close()
	root := filepath.Join(dir, "go")
	if err := os.Mkdir(root, 0o755); err != nil {
		return Source{}, err
	}
	if _, err := archive.ExtractTarGz(f, root, archive.Options{Prefix: "go/"}); err != nil {
		return Source{}, fmt.Errorf("unpack %s: %w", art.Filename, err)
	}
	return Source{Version: v, GOROOT: root, Origin: art.URL}, nil
}
