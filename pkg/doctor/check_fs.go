package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// checkNTFS relays pkg/gopath's placement of each Go path on its
// filesystem: NTFS (drvfs/9p/virtiofs) under GOPATH or the caches breaks go;
// the module or GOBIN there is only slow.
func checkNTFS(f *Facts) Result {
	if f.Gopath == nil {
		return Result{Verdict: Warn, Message: "cannot place the Go paths on filesystems: " + f.GopathErr,
			Fix: "devboot gopath status (shows the problem)"}
	}
	r := ok("no Go path is on a Windows (NTFS) mount")
	for _, p := range f.Gopath.Paths {
		if p.Verdict == OK {
			continue
		}
		r.Evidence = append(r.Evidence, fmt.Sprintf("%s %s: %s", p.Name, p.Path, p.Problem))
		if r.Verdict == OK || p.Verdict == Fail && r.Verdict != Fail {
			r.Verdict, r.Fix = p.Verdict, p.Fix
			r.Message = fmt.Sprintf("%s %s is on %s (%s)", p.Name, p.Path, p.MountPoint, p.FSType)
		}
	}
	if r.Verdict != OK && !strings.Contains(r.Fix, "devboot gopath fix") {
		r.Fix = strings.TrimSpace(r.Fix + "\ndevboot gopath fix")
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
		dir, err := f.Host.InRoot(d[1])
		if err != nil {
			continue
		}
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
