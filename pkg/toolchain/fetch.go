package toolchain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	getter "github.com/hashicorp/go-getter/v2"

	"github.com/devboot/devboot/pkg/fsutil"
)

// FetchOptions tune downloads. The zero value is sensible.
type FetchOptions struct {
	// StallTimeout aborts a download that receives no byte for this long
	// (default 30s). Unlike go-getter's ReadTimeout it does not bound a slow
	// but moving download.
	StallTimeout time.Duration
	// MaxBytes caps a download (default 1 GiB). go-getter ignores its own
	// cap once a progress tracker is set, so the tracker enforces this one.
	MaxBytes int64
	// Progress receives a bar (when ProgressBar) or plain lines; nil for none.
	Progress    io.Writer
	ProgressBar bool

	// tee receives every downloaded byte as it arrives (the unpacker).
	tee io.Writer
	// own gives downloaded files and the directories made for them to the
	// sudo user (Layout.own); nil leaves owners alone.
	own func(string) error
}

func (o FetchOptions) stall() time.Duration {
	if o.StallTimeout > 0 {
		return o.StallTimeout
	}
	return 30 * time.Second
}

func (o FetchOptions) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return 1 << 30
}

// httpClient has no overall timeout (a 70 MB toolchain on a slow line is
// fine); stalls are caught per read by the tracker, and the connection
// phases by the transport's own timeouts.
func (o FetchOptions) httpClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: o.stall(), KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = o.stall()
	tr.ResponseHeaderTimeout = o.stall()
	return &http.Client{Transport: tr}
}

// getterClient allows exactly the getters devboot needs: https, http and
// file. Never git or hg (where go-getter's advisories are), and no
// X-Terraform-Get redirection to them; no decompression (devboot extracts
// itself, into a staging directory).
func (o FetchOptions) getterClient() *getter.Client {
	return &getter.Client{
		Getters: []getter.Getter{
			&getter.HttpGetter{
				Client:                o.httpClient(),
				DoNotCheckHeadFirst:   true,
				XTerraformGetDisabled: true,
				MaxBytes:              o.maxBytes(),
			},
			&getter.FileGetter{},
		},
		Decompressors:   map[string]getter.Decompressor{},
		DisableSymlinks: true,
	}
}

// Downloaded describes a finished download.
type Downloaded struct {
	Path   string
	Size   int64
	SHA256 string
	// Streamed is true when every byte passed through the tracker (and the
	// tee), false for a local file copied by go-getter.
	Streamed bool
}

// Download fetches src into the file dst (replacing it), hashing the bytes
// as they stream in. It fails when the size differs from want (if want > 0).
func Download(ctx context.Context, src, dst string, want int64, o FetchOptions) (*Downloaded, error) {
	if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if _, err := fsutil.MkdirAll(filepath.Dir(dst), 0o755, o.own); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := &tracker{opts: o, want: want, cancel: cancel, h: sha256.New()}
	req := &getter.Request{Src: src, Dst: dst, GetMode: getter.ModeFile, Copy: true, ProgressListener: tr}
	_, err := o.getterClient().Get(ctx, req)
	tr.finish()
	if err != nil {
		if tr.err != nil {
			return nil, tr.err
		}
		return nil, fmt.Errorf("download %s: %w", src, err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return nil, err
	}
	if o.own != nil {
		if err := o.own(dst); err != nil {
			return nil, err
		}
	}
	d := &Downloaded{Path: dst, Size: fi.Size()}
	if tr.used && tr.n.Load() == fi.Size() {
		d.SHA256, d.Streamed = hex.EncodeToString(tr.h.Sum(nil)), true
	} else {
		// A local file is copied without the tracker: hash it now.
		if d.SHA256, err = FileSHA256(dst); err != nil {
			return nil, err
		}
	}
	if d.Size > o.maxBytes() {
		return nil, fmt.Errorf("download %s: %d bytes is over the %d-byte cap", src, d.Size, o.maxBytes())
	}
	if want > 0 && d.Size != want {
		return nil, fmt.Errorf("download %s: got %d bytes, the source says %d (truncated or replaced): nothing was installed", src, d.Size, want)
	}
	return d, nil
}

// FileSHA256 hashes a file.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// tracker is go-getter's progress listener. Besides progress it hashes the
// stream, enforces MaxBytes and aborts on a stall.
type tracker struct {
	opts   FetchOptions
	want   int64
	cancel context.CancelFunc
	h      hash.Hash
	n      atomic.Int64
	used   bool
	mu     sync.Mutex
	err    error
	bar    progress
}

func (t *tracker) fail(err error) {
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
	t.cancel()
}

func (t *tracker) TrackProgress(src string, current, total int64, stream io.ReadCloser) io.ReadCloser {
	t.used = true
	if total <= 0 {
		total = t.want
	}
	t.bar = newProgress(t.opts, src, total)
	r := &trackedReader{t: t, stream: stream}
	stall := t.opts.stall()
	r.timer = time.AfterFunc(stall, func() {
		t.fail(fmt.Errorf("download %s stalled: no data for %s (check the network or the mirror, then retry)", src, stall))
		stream.Close()
	})
	return r
}

func (t *tracker) finish() {
	if t.bar != nil {
		t.bar.done(t.n.Load(), t.err == nil)
	}
}

type trackedReader struct {
	t      *tracker
	stream io.ReadCloser
	timer  *time.Timer
}

func (r *trackedReader) Read(p []byte) (int, error) {
	n, err := r.stream.Read(p)
	if n > 0 {
		if tee := r.t.opts.tee; tee != nil {
			// The stall clock counts network silence only, not time spent
			// waiting for the unpacker.
			r.timer.Stop()
			if _, werr := tee.Write(p[:n]); werr != nil {
				r.t.fail(werr)
				return 0, werr
			}
		}
		r.timer.Reset(r.t.opts.stall())
		r.t.h.Write(p[:n])
		total := r.t.n.Add(int64(n))
		limit := r.t.opts.maxBytes()
		if r.t.want > 0 {
			limit = min(limit, r.t.want)
		}
		if total > limit {
			r.t.fail(fmt.Errorf("download is larger than the %d bytes expected: refused, nothing was installed", limit))
			return 0, errors.New("download too large")
		}
		r.t.bar.add(n)
	}
	return n, err
}

func (r *trackedReader) Close() error {
	r.timer.Stop()
	return r.stream.Close()
}
