package srcbuild

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/klauspost/compress/gzip"

	"github.com/devboot/devboot/pkg/fsutil"
	"github.com/devboot/devboot/pkg/toolchain"
)

// ArchiveName is the official archive name of release v for p.
func ArchiveName(v string, p toolchain.Platform) string {
	return fmt.Sprintf("%s.%s-%s.tar.gz", v, p.OS, toolchain.ArchiveArch(p.Arch))
}

// Pack writes the GOROOT at root as an official-layout archive (every entry
// under go/) to dir/ArchiveName, atomically, and returns its index entry.
func Pack(root, dir, v string, p toolchain.Platform) (toolchain.ReleaseFile, error) {
	name := ArchiveName(v, p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return toolchain.ReleaseFile{}, err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return toolchain.ReleaseFile{}, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(tmp, h)}
	if err := writeTarGz(cw, root); err != nil {
		tmp.Close()
		return toolchain.ReleaseFile{}, fmt.Errorf("pack %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return toolchain.ReleaseFile{}, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return toolchain.ReleaseFile{}, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return toolchain.ReleaseFile{}, err
	}
	return toolchain.ReleaseFile{Filename: name, OS: p.OS, Arch: toolchain.ArchiveArch(p.Arch), Version: v,
		SHA256: hex.EncodeToString(h.Sum(nil)), Size: cw.n, Kind: "archive"}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func writeTarGz(w io.Writer, root string) error {
	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		name := "go/" + filepath.ToSlash(rel)
		if rel == "." {
			name = "go"
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if d.Type()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		hdr.Name, hdr.Uname, hdr.Gname, hdr.Uid, hdr.Gid = name, "", "", 0, 0
		if d.IsDir() {
			hdr.Name += "/"
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// IndexFile is the download index of a file:// mirror directory.
func IndexFile(dir string) string { return filepath.Join(dir, "index.json") }

// AddToIndex lists f in dir/index.json (replacing an entry of the same
// filename), keeping whatever else the index holds.
func AddToIndex(dir string, f toolchain.ReleaseFile) error {
	return editIndex(dir, func(rs []toolchain.Release) []toolchain.Release {
		rs = dropFromIndex(rs, f.Filename)
		for i := range rs {
			if rs[i].Version == f.Version {
				rs[i].Files = append(rs[i].Files, f)
				return rs
			}
		}
		return append([]toolchain.Release{{Version: f.Version, Stable: toolchain.IsStable(f.Version), Files: []toolchain.ReleaseFile{f}}}, rs...)
	})
}

// RemoveFromIndex drops filename from dir/index.json.
func RemoveFromIndex(dir, filename string) error {
	return editIndex(dir, func(rs []toolchain.Release) []toolchain.Release { return dropFromIndex(rs, filename) })
}

func dropFromIndex(rs []toolchain.Release, filename string) []toolchain.Release {
	for i := range rs {
		rs[i].Files = slices.DeleteFunc(rs[i].Files, func(f toolchain.ReleaseFile) bool { return f.Filename == filename })
	}
	return slices.DeleteFunc(rs, func(r toolchain.Release) bool { return len(r.Files) == 0 })
}

// ReadIndex reads dir/index.json (empty when there is none).
func ReadIndex(dir string) ([]toolchain.Release, error) {
	data, err := os.ReadFile(IndexFile(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rs []toolchain.Release
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("%s is not a download index: %w", IndexFile(dir), err)
	}
	return rs, nil
}

func editIndex(dir string, edit func([]toolchain.Release) []toolchain.Release) error {
	rs, err := ReadIndex(dir)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(edit(rs), "", "  ")
	if err != nil {
		return err
	}
	return fsutil.WriteFile(IndexFile(dir), append(data, '\n'), 0o644)
}
