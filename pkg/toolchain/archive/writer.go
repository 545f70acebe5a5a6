package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// writer creates the files of one extraction. Small files are read into
// memory and written by a pool of workers; directories are made in order by
// the caller's goroutine so a worker never races a missing parent.
type writer struct {
	root  string
	limit Limits
	files int
	bytes int64
	dirs  map[string]bool

	jobs chan job
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
}

type job struct {
	path string
	data []byte
	mode fs.FileMode
}

// inlineMax is the size above which a file is streamed by the caller rather
// than buffered for a worker (large binaries; keeps memory bounded).
const inlineMax = 1 << 20

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func newWriter(root string, o Options) *writer {
	n := o.Workers
	if n <= 0 {
		n = 4
	}
	w := &writer{root: root, limit: o.Limits, dirs: map[string]bool{"": true}, jobs: make(chan job, 2*n)}
	for range n {
		w.wg.Add(1)
		go w.work()
	}
	return w
}

func (w *writer) work() {
	defer w.wg.Done()
	for j := range w.jobs {
		if w.failed() == nil {
			w.setErr(writeFile(j.path, j.data, j.mode))
		}
		b := j.data[:0]
		bufPool.Put(&b)
	}
}

func (w *writer) setErr(err error) {
	if err == nil {
		return
	}
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// close waits for the workers and returns the first error.
func (w *writer) close() (Stats, error) {
	close(w.jobs)
	w.wg.Wait()
	return Stats{Files: w.files, Bytes: w.bytes}, w.err
}

// count applies the limits before anything is written.
func (w *writer) count(rel string, size int64) error {
	w.files++
	if w.files > w.limit.files() {
		return refuse("more than %d entries (at %q)", w.limit.files(), rel)
	}
	if size < 0 {
		return refuse("negative size for %q", rel)
	}
	w.bytes += size
	if w.bytes > w.limit.bytes() {
		return refuse("more than %d bytes unpacked (at %q)", w.limit.bytes(), rel)
	}
	return nil
}

func (w *writer) mkdir(rel string) error {
	if w.dirs[rel] {
		return nil
	}
	if err := w.mkdir(parentOf(rel)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(w.root, rel), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if err != nil { // exists: must be a real directory, not a file or link
		fi, lerr := os.Lstat(filepath.Join(w.root, rel))
		if lerr != nil || !fi.IsDir() {
			return refuse("%q is both a file and a directory", rel)
		}
	}
	w.dirs[rel] = true
	return nil
}

func parentOf(rel string) string {
	d := filepath.Dir(rel)
	if d == "." {
		return ""
	}
	return d
}

// file writes a regular file of size bytes read from r.
func (w *writer) file(rel string, r io.Reader, size int64, mode fs.FileMode) error {
	if err := w.failed(); err != nil {
		return err
	}
	if err := w.mkdir(parentOf(rel)); err != nil {
		return err
	}
	p := filepath.Join(w.root, rel)
	if size > inlineMax {
		return streamFile(p, r, size, fileMode(mode))
	}
	bp := bufPool.Get().(*[]byte)
	buf := (*bp)[:0]
	if int64(cap(buf)) < size {
		buf = make([]byte, 0, size)
	}
	buf = buf[:size]
	if _, err := io.ReadFull(r, buf); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	w.jobs <- job{path: p, data: buf, mode: fileMode(mode)}
	return nil
}

// openNew creates a file that must not exist yet, never following a link.
func openNew(p string, mode fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, mode)
	if errors.Is(err, fs.ErrExist) {
		return nil, refuse("duplicate entry %q", p)
	}
	return f, err
}

func writeFile(p string, data []byte, mode fs.FileMode) error {
	f, err := openNew(p, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func streamFile(p string, r io.Reader, size int64, mode fs.FileMode) error {
	f, err := openNew(p, mode)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(r, size))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("%s: archive ended after %d of %d bytes", p, n, size)
	}
	return err
}

func (w *writer) symlink(rel, target string) error {
	if err := w.mkdir(parentOf(rel)); err != nil {
		return err
	}
	if err := os.Symlink(target, filepath.Join(w.root, rel)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return refuse("duplicate entry %q", rel)
		}
		return err
	}
	return nil
}
