package archive

import (
	"archive/zip"
	"io"
	"io/fs"
)

// ExtractZip unpacks a zip file into dst, which must exist and be empty.
// Module zips hold regular files only, so links of any kind are refused.
func ExtractZip(path, dst string, o Options) (Stats, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return Stats{}, refuse("not a zip file: %v", err)
	}
	defer zr.Close()
	w := newWriter(dst, o)
	err = func() error {
		for _, f := range zr.File {
			rel, err := relName(f.Name, o.Prefix)
			if err != nil {
				return err
			}
			if rel == "" {
				continue
			}
			mode := f.Mode()
			if mode&fs.ModeDir != 0 {
				if err := w.count(rel, 0); err != nil {
					return err
				}
				if err := w.mkdir(rel); err != nil {
					return err
				}
				continue
			}
			if !mode.IsRegular() {
				return refuse("entry %q is not a regular file (%v)", f.Name, mode.Type())
			}
			if f.UncompressedSize64 > 1<<40 {
				return refuse("entry %q claims %d bytes", f.Name, f.UncompressedSize64)
			}
			size := int64(f.UncompressedSize64)
			if err := w.count(rel, size); err != nil {
				return err
			}
			if err := zipFile(w, f, rel, size, mode); err != nil {
				return err
			}
		}
		return nil
	}()
	st, werr := w.close()
	if err == nil {
		err = werr
	}
	return st, err
}

func zipFile(w *writer, f *zip.File, rel string, size int64, mode fs.FileMode) error {
	rc, err := f.Open()
	if err != nil {
		return refuse("entry %q: %v", f.Name, err)
	}
	defer rc.Close()
	if err := w.file(rel, rc, size, mode); err != nil {
		return err
	}
	// The declared size must be the real one (zip checks the CRC at EOF).
	if n, err := io.Copy(io.Discard, io.LimitReader(rc, 1)); err != nil || n != 0 {
		return refuse("entry %q is larger than declared or corrupt (%v)", f.Name, err)
	}
	return nil
}
