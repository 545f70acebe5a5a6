package archive

import (
	"archive/tar"
	"errors"
	"io"

	"github.com/klauspost/compress/gzip"
)

// ExtractTarGz unpacks a gzip-compressed tar stream into dst, which must
// exist and be empty. It reads r to its end even after the last entry, so
// a caller hashing the stream sees every byte.
func ExtractTarGz(r io.Reader, dst string, o Options) (Stats, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return Stats{}, refuse("not a gzip stream: %v", err)
	}
	st, err := extractTar(zr, dst, o)
	if err != nil {
		return st, err
	}
	// Drain trailing bytes (tar padding, a second gzip member) for the hash.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return st, refuse("corrupt gzip stream: %v", err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return st, err
	}
	return st, nil
}

func extractTar(r io.Reader, dst string, o Options) (Stats, error) {
	w := newWriter(dst, o)
	t := newTree()
	err := func() error {
		tr := tar.NewReader(r)
		for {
			hdr, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return refuse("corrupt tar stream: %v", err)
			}
			rel, err := relName(hdr.Name, o.Prefix)
			if err != nil {
				return err
			}
			if rel == "" {
				continue
			}
			if l, ok := t.throughLink(rel); ok {
				return refuse("entry %q would be written through link %q", hdr.Name, l)
			}
			size := int64(0)
			if hdr.Typeflag == tar.TypeReg {
				size = hdr.Size
			}
			if err := w.count(rel, size); err != nil {
				return err
			}
			switch hdr.Typeflag {
			case tar.TypeDir:
				err = w.mkdir(rel)
			case tar.TypeReg:
				err = w.file(rel, tr, hdr.Size, hdr.FileInfo().Mode())
			case tar.TypeSymlink:
				if err = t.addLink(rel, hdr.Linkname); err == nil {
					err = w.symlink(rel, hdr.Linkname)
				}
			case tar.TypeLink:
				err = refuse("hard link %q → %q (toolchains have none)", hdr.Name, hdr.Linkname)
			case tar.TypeChar, tar.TypeBlock:
				err = refuse("device node %q", hdr.Name)
			case tar.TypeFifo:
				err = refuse("FIFO %q", hdr.Name)
			default:
				err = refuse("entry %q has unsupported type %q", hdr.Name, hdr.Typeflag)
			}
			if err != nil {
				return err
			}
		}
	}()
	st, werr := w.close()
	if err == nil {
		err = werr
	}
	if err == nil {
		err = t.checkLinks()
	}
	return st, err
}
