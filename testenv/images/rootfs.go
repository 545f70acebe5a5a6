package images

import (
	"archive/tar"
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// rootfs is a root filesystem assembled from this machine's own files,
// written out as a tar for `docker import`.
type rootfs struct {
	entries  map[string]entry // image path → what goes there
	packages []string         // the Debian packages copied whole
}

type entry struct {
	host    string // file or link copied from the machine; "" for dirs and content
	content []byte
	mode    fs.FileMode // dirs and content files
	link    string      // symlink target
	dir     bool
}

func newRootfs() *rootfs { return &rootfs{entries: map[string]entry{}} }

// usrMerged are the top-level directories Debian 12 links into /usr.
var usrMerged = []string{"bin", "sbin", "lib", "lib64"}

// canonical maps a path from the dpkg database (which still says /bin/sh)
// to where the file really lives on a merged-/usr system (/usr/bin/sh).
func canonical(p string) string {
	for _, d := range usrMerged {
		if p == "/"+d || strings.HasPrefix(p, "/"+d+"/") {
			if fi, err := os.Lstat("/" + d); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return "/usr" + p
			}
		}
	}
	return p
}

func (r *rootfs) dir(p string, mode fs.FileMode) {
	r.entries[p] = entry{dir: true, mode: mode}
}

func (r *rootfs) file(p string, content []byte, mode fs.FileMode) {
	r.entries[p] = entry{content: content, mode: mode}
}

func (r *rootfs) symlink(p, target string) { r.entries[p] = entry{link: target} }

// copyHost adds the machine's file at p (canonicalised), following nothing:
// links stay links. ELF files bring the shared libraries they need.
func (r *rootfs) copyHost(p string) error {
	p = canonical(p)
	if _, done := r.entries[p]; done {
		return nil
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	switch {
	case fi.IsDir():
		r.dir(p, fi.Mode().Perm())
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(p)
		if err != nil {
			return err
		}
		r.symlink(p, target)
		// A library link (libc.so.6 → libc-2.36.so) needs its target too.
		abs := target
		if !path.IsAbs(abs) {
			abs = path.Join(path.Dir(p), target)
		}
		if _, err := os.Stat(abs); err == nil {
			return r.copyHost(abs)
		}
	case fi.Mode().IsRegular():
		r.entries[p] = entry{host: p, mode: fi.Mode().Perm()}
		return r.addLibraries(p)
	}
	return nil
}

// libDirs are where Debian's dynamic linker finds libraries on amd64 and arm64.
var libDirs = []string{"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/lib64"}

// hostMachine is the ELF machine of this machine's programs.
var hostMachine = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[runtime.GOARCH]

// addLibraries copies the interpreter and DT_NEEDED libraries of an ELF file.
// A cross toolchain's target libraries are only read by its linker, so
// theirs (for another machine, not on this one) are not followed.
func (r *rootfs) addLibraries(p string) error {
	f, err := elf.Open(p)
	if err != nil {
		return nil // not ELF
	}
	defer f.Close()
	if f.Machine != hostMachine {
		return nil
	}
	var need []string
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			b, err := io.ReadAll(prog.Open())
			if err != nil {
				return err
			}
			need = append(need, strings.TrimRight(string(b), "\x00"))
		}
	}
	libs, _ := f.ImportedLibraries()
	for _, lib := range libs {
		found := ""
		for _, d := range libDirs {
			if _, err := os.Stat(filepath.Join(d, lib)); err == nil {
				found = filepath.Join(d, lib)
				break
			}
		}
		if found == "" {
			return fmt.Errorf("%s needs %s, which is not on this machine", p, lib)
		}
		need = append(need, found)
	}
	for _, n := range need {
		if err := r.copyHost(n); err != nil {
			return err
		}
	}
	return nil
}

// skipUnneeded keeps documentation, charset converters and GCC's link-time
// optimizer (a third of a compiler's size; cgo never asks for -flto) out of
// test images.
func skipUnneeded(p string) bool {
	base := path.Base(p)
	if strings.Contains(p, "/gconv/") || base == "lto1" || strings.Contains(base, "lto-dump") {
		return true
	}
	for _, d := range []string{"/usr/share/doc/", "/usr/share/man/", "/usr/share/info/", "/usr/share/locale/", "/usr/share/lintian/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// addPackages copies every installed file of the Debian packages named.
func (r *rootfs) addPackages(pkgs ...string) error {
	r.packages = append(r.packages, pkgs...)
	out, err := exec.Command("dpkg-query", append([]string{"-L"}, pkgs...)...).Output()
	if err != nil {
		return fmt.Errorf("dpkg-query -L %v: %w (the image is assembled from this Debian machine's packages)", pkgs, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		p := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(p, "/") || p == "/." || skipUnneeded(p) {
			continue
		}
		if _, err := os.Lstat(canonical(p)); err != nil {
			continue // excluded at install time (dpkg path-exclude)
		}
		if err := r.copyHost(p); err != nil {
			return err
		}
	}
	return sc.Err()
}

// addDpkgStatus writes dpkg's database of the packages copied: their
// records as dpkg-query prints them here. dpkg-query in the image then
// answers as in a real one, where emitted cgo Dockerfiles ask it whether
// the cross toolchain's packages are installed.
func (r *rootfs) addDpkgStatus() error {
	out, err := exec.Command("dpkg-query", append([]string{"--status"}, r.packages...)...).Output()
	if err != nil {
		return fmt.Errorf("dpkg-query --status %v: %w", r.packages, err)
	}
	r.file("/var/lib/dpkg/status", out, 0o644)
	return nil
}

// addTree copies the directory tree at root, skipping what skip says.
func (r *rootfs) addTree(root string, skip func(rel string) bool) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(root, p); skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			r.dir(p, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			r.symlink(p, target)
		case info.Mode().IsRegular():
			r.entries[p] = entry{host: p, mode: info.Mode().Perm()}
		}
		return nil
	})
}

// writeTar writes the tree in path order, parents before children, with
// fixed owners and times so equal inputs give equal layers.
func (r *rootfs) writeTar(w io.Writer) error {
	for p := range r.entries {
		for d := path.Dir(p); d != "/"; d = path.Dir(d) {
			if _, ok := r.entries[d]; !ok {
				r.dir(d, 0o755)
			}
		}
	}
	names := make([]string, 0, len(r.entries))
	for p := range r.entries {
		names = append(names, p)
	}
	sort.Strings(names)
	tw := tar.NewWriter(w)
	for _, p := range names {
		e := r.entries[p]
		hdr := &tar.Header{Name: strings.TrimPrefix(p, "/"), Mode: int64(e.mode), Format: tar.FormatPAX}
		switch {
		case e.dir:
			hdr.Typeflag, hdr.Name = tar.TypeDir, hdr.Name+"/"
		case e.link != "":
			hdr.Typeflag, hdr.Linkname, hdr.Mode = tar.TypeSymlink, e.link, 0o777
		default:
			hdr.Typeflag = tar.TypeReg
			hdr.Size = int64(len(e.content))
			if e.host != "" {
				fi, err := os.Stat(e.host)
				if err != nil {
					return err
				}
				hdr.Size = fi.Size()
			}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if e.host == "" {
			if _, err := tw.Write(e.content); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(e.host)
		if err != nil {
			return err
		}
		_, err = io.Copy(tw, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return tw.Close()
}
