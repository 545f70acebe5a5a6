package doctor

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/devboot/devboot/pkg/wsl"
)

// goDirs are the directories go writes to, by name, from go env.
func (f *Facts) goDirs() [][2]string {
	var dirs [][2]string
	if f.Env != nil {
		for i, p := range filepath.SplitList(f.Env["GOPATH"]) {
			dirs = append(dirs, [2]string{fmt.Sprintf("GOPATH[%d]", i), p})
		}
		for _, k := range []string{"GOMODCACHE", "GOCACHE"} {
			if f.Env[k] != "" && f.Env[k] != "off" {
				dirs = append(dirs, [2]string{k, f.Env[k]})
			}
		}
	}
	if f.Opts.WorkDir != "" {
		dirs = append(dirs, [2]string{"module", f.Opts.WorkDir})
	}
	return dirs
}

// checkNTFS finds Go directories on drvfs/9p/virtiofs drive mounts
// (pkg/wsl decides which mounts those are).
func checkNTFS(f *Facts) Result {
	r := ok("no Go directory is on a Windows (NTFS) mount")
	var onNTFS []string
	for _, d := range f.goDirs() {
		if m := wsl.NTFSMountFor(f.Mounts, d[1]); m != nil {
			onNTFS = append(onNTFS, d[0])
			r.Evidence = append(r.Evidence, fmt.Sprintf("%s %s is on %s (%s %s, Windows %s)", d[0], d[1], m.MountPoint, m.FSType, m.Source, m.WindowsPath))
		}
	}
	if len(onNTFS) == 0 {
		return r
	}
	r.Verdict = Warn
	r.Message = fmt.Sprintf("%v on NTFS: 10-30x slower file operations, module-cache renames fail (EPERM), file locks fail on 9p, chmod ignored", onNTFS)
	r.Fix = "devboot gopath fix (bind-mounts GOPATH onto a Linux path and moves the caches to ext4); keep your code in the Linux filesystem (~/src) rather than /mnt/c"
	for _, d := range onNTFS {
		if d != "module" {
			r.Verdict = Fail // go itself writes there: caches break
		}
	}
	return r
}

// checkCaseSensitive creates two names differing only in case in a
// temporary directory under each Go directory that exists: on a
// case-insensitive directory (NTFS, WSL's case=off) module paths with
// capitals collide.
func checkCaseSensitive(f *Facts) Result {
	r := ok("Go directories are case-sensitive")
	for _, d := range f.goDirs() {
		dir := f.Host.Path(d[1])
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		insensitive, err := f.CaseInsensitive(dir)
		if err != nil {
			r.Evidence = append(r.Evidence, fmt.Sprintf("%s %s: not tested (%v)", d[0], d[1], err))
			continue
		}
		if insensitive {
			return Result{Verdict: Fail, Evidence: []string{fmt.Sprintf("%s %s: 'a' and 'A' are the same file", d[0], d[1])},
				Message: fmt.Sprintf("%s %s is case-insensitive: modules whose paths differ only in case collide (go escapes capitals as !x, but tools and checkouts do not)", d[0], d[1]),
				Fix:     "devboot gopath fix (moves Go's directories to a Linux filesystem); on WSL turn off per-directory case folding: fsutil.exe file setCaseSensitiveInfo <dir> enable"}
		}
		r.Evidence = append(r.Evidence, fmt.Sprintf("%s %s: case-sensitive", d[0], d[1]))
	}
	return r
}

func caseInsensitive(dir string) (bool, error) {
	tmp, err := os.MkdirTemp(dir, ".devboot-case-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "a"), nil, 0o600); err != nil {
		return false, err
	}
	_, err = os.Stat(filepath.Join(tmp, "A"))
	return err == nil, nil
}
