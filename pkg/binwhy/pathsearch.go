package binwhy

import (
	"fmt"
	"path"
	"strings"

	"github.com/devboot/devboot/pkg/host"
)

// pathHit is one PATH directory holding a file called NAME.
type pathHit struct {
	dir, file  string
	executable bool
}

// lookPath examines every PATH entry as execvp would, flagging entries that
// can never work, and returns the file that would run: the first regular
// file with exec permission, else the first one found (so the exec layer
// can say why it is refused).
func lookPath(h *host.Host, name string, who identity) (Layer, string) {
	l := Layer{ID: LayerPath}
	pathVar, set := h.LookupEnv("PATH")
	if !set {
		l.Verdict, l.Message = Fail, "PATH is not set"
		l.Fix = "export PATH=/usr/local/bin:/usr/bin:/bin (and add your Go bin directories)"
		return l, ""
	}
	var hits []pathHit
	var flagged int
	for i, dir := range strings.Split(pathVar, ":") {
		switch {
		case dir == "":
			l.Evidence = append(l.Evidence, fmt.Sprintf("entry %d is empty: it means the current directory, which changes with cd", i+1))
			flagged++
			continue
		case !strings.HasPrefix(dir, "/"):
			l.Evidence = append(l.Evidence, fmt.Sprintf("entry %d %q is relative: it depends on the current directory", i+1, dir))
			flagged++
			continue
		}
		_, fi, err := statIn(h, dir)
		switch {
		case err != nil:
			l.Evidence = append(l.Evidence, fmt.Sprintf("entry %d %s does not exist", i+1, dir))
			flagged++
			continue
		case !fi.IsDir():
			l.Evidence = append(l.Evidence, fmt.Sprintf("entry %d %s is not a directory", i+1, dir))
			flagged++
			continue
		}
		file := path.Join(dir, name)
		_, fi, err = statIn(h, file)
		if err != nil || fi.IsDir() {
			continue
		}
		hits = append(hits, pathHit{dir: dir, file: file, executable: fi.Mode().IsRegular() && who.canExec(fi)})
	}
	for _, hit := range hits {
		mark := "executable"
		if !hit.executable {
			mark = "not executable by you: skipped by the shell"
		}
		l.Evidence = append(l.Evidence, fmt.Sprintf("found %s (%s)", hit.file, mark))
	}
	if len(hits) == 0 {
		l.Verdict = Fail
		l.Message = fmt.Sprintf("%s is in none of the PATH directories", name)
		l.Fix = fmt.Sprintf("install %s, or add the directory that holds it to PATH (export PATH=\"/that/dir:$PATH\")", name)
		return l, ""
	}
	chosen := hits[0]
	for _, hit := range hits {
		if hit.executable {
			chosen = hit
			break
		}
	}
	l.Verdict, l.Message = OK, "found on PATH: "+chosen.file
	if n := shadowed(h, hits); n > 0 {
		l.Message += fmt.Sprintf(" (%d other %s later on PATH shadowed by it)", n, name)
	}
	if flagged > 0 {
		l.Verdict = Warn
		l.Fix = "remove the flagged PATH entries from your shell startup files"
	}
	return l, chosen.file
}

// shadowed counts the other files hits hold, ignoring the same file seen
// again through a symlinked directory (/bin -> usr/bin).
func shadowed(h *host.Host, hits []pathHit) int {
	seen := map[string]bool{}
	for _, hit := range hits {
		real, err := h.Resolve(hit.file)
		if err != nil {
			real = hit.file
		}
		seen[real] = true
	}
	return len(seen) - 1
}

// OnPath lists every executable file called name in PATH order, as the
// shell would consider them (the first one runs), each with its resolved
// path inside h's root. Unusable PATH entries are left out.
func OnPath(h *host.Host, name string) (files, reals []string) {
	who := identity{uid: h.User.UID, gid: h.User.GID}
	for _, dir := range strings.Split(h.Getenv("PATH"), ":") {
		if !strings.HasPrefix(dir, "/") {
			continue
		}
		file := path.Join(dir, name)
		real, fi, err := statIn(h, file)
		if err != nil || !fi.Mode().IsRegular() || !who.canExec(fi) {
			continue
		}
		files, reals = append(files, file), append(reals, real)
	}
	return files, reals
}
