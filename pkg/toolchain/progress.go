package toolchain

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a download advancing: a bar on a terminal, two plain lines
// otherwise (logs and CI stay readable).
type progress interface {
	add(n int)
	done(total int64, ok bool)
}

// UseProgressBar reports whether w is a terminal that can show a bar: not
// in CI, not TERM=dumb.
func UseProgressBar(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	return getenv("CI") == "" && getenv("TERM") != "dumb"
}

func newProgress(o FetchOptions, name string, total int64) progress {
	if o.Progress == nil {
		return quiet{}
	}
	if o.ProgressBar {
		return barProgress{progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(o.Progress),
			progressbar.OptionSetDescription("downloading "+name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(o.Progress) }),
		)}
	}
	fmt.Fprintf(o.Progress, "downloading %s (%s)\n", name, humanBytes(total))
	return &lineProgress{w: o.Progress, name: name}
}

type quiet struct{}

func (quiet) add(int)          {}
func (quiet) done(int64, bool) {}

type barProgress struct{ b *progressbar.ProgressBar }

func (p barProgress) add(n int) { _ = p.b.Add(n) }
func (p barProgress) done(_ int64, ok bool) {
	if ok {
		_ = p.b.Finish()
	} else {
		_ = p.b.Exit()
	}
}

type lineProgress struct {
	w    io.Writer
	name string
}

func (p *lineProgress) add(int) {}
func (p *lineProgress) done(total int64, ok bool) {
	if ok {
		fmt.Fprintf(p.w, "downloaded %s (%s)\n", p.name, humanBytes(total))
	}
}

func humanBytes(n int64) string {
	switch {
	case n <= 0:
		return "size unknown"
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}
