package toolchain

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/devboot/devboot/pkg/toolchain/archive"
)

// canStream reports whether art can be unpacked while it downloads: an
// official .tar.gz (read front to back) over http(s), not yet cached. A
// module zip needs its central directory at the end, and a file:// copy
// bypasses the stream.
func canStream(l Layout, art Artifact) bool {
	if art.Kind != ArtifactTarGz || !strings.HasPrefix(art.URL, "http") {
		return false
	}
	_, err := os.Stat(filepath.Join(l.Cache, art.Filename))
	return err != nil
}

// downloadUnpacking downloads art into the cache while unpacking the same
// bytes into stage, so unpacking overlaps the network. The archive is
// verified when the last byte arrived, and nothing leaves stage unless it
// matched: the caller renames stage into place only after a nil error.
func downloadUnpacking(ctx context.Context, l Layout, art Artifact, stage string, o FetchOptions, rep *InstallReport) (archive.Stats, error) {
	if err := os.Mkdir(stage, 0o755); err != nil {
		return archive.Stats{}, err
	}
	crashPoint("staging")
	pr, pw := io.Pipe()
	type result struct {
		st  archive.Stats
		err error
	}
	done := make(chan result, 1)
	go func() {
		st, err := archive.ExtractTarGz(pr, stage, archive.Options{Prefix: "go/"})
		// After a refusal keep reading: the download completes so its hash
		// can tell a corrupted or tampered archive (the likely cause) from
		// a hostile one with a correct hash.
		io.Copy(io.Discard, pr)
		done <- result{st, err}
	}()
	cached := filepath.Join(l.Cache, art.Filename)
	part := fmt.Sprintf("%s.part-%d", cached, os.Getpid())
	defer os.Remove(part)
	o.tee = pw
	t := time.Now()
	d, dlErr := Download(ctx, art.URL, part, art.Size, o)
	pw.CloseWithError(dlErr)
	rep.Download = time.Since(t)
	crashPoint("downloaded")
	t = time.Now()
	res := <-done
	rep.Unpack = time.Since(t) // what unpacking took beyond the download
	if dlErr != nil {
		return res.st, dlErr
	}
	t = time.Now()
	if err := verify(part, d.SHA256, art, l, o, rep); err != nil {
		return res.st, err
	}
	rep.Verify = time.Since(t)
	if res.err != nil {
		return res.st, fmt.Errorf("unpack %s: %w (nothing was installed)", art.Filename, res.err)
	}
	if !d.Streamed {
		return res.st, fmt.Errorf("download %s: not every byte reached the unpacker; retry", art.URL)
	}
	rep.Streamed = true
	return res.st, os.Rename(part, cached)
}
