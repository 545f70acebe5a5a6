package doctor

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/devboot/devboot/pkg/binwhy"
)

// proxyEntry is one element of GOPROXY with the separator after it.
type proxyEntry struct {
	raw, url string // url: "" for off/direct
	sep      byte   // ',' falls back only on 404/410, '|' on any error
}

// parseGOPROXY splits GOPROXY as cmd/go does: ',' and '|' separators,
// "off" and "direct" keywords, a bare host meaning https://host.
func parseGOPROXY(s string) ([]proxyEntry, []string) {
	var entries []proxyEntry
	var problems []string
	for s != "" {
		i := strings.IndexAny(s, ",|")
		raw, sep := s, byte(0)
		if i >= 0 {
			raw, sep, s = s[:i], s[i], s[i+1:]
		} else {
			s = ""
		}
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		e := proxyEntry{raw: raw, sep: sep}
		switch {
		case raw == "off" || raw == "direct":
		case strings.Contains(raw, "://"):
			u, err := url.Parse(raw)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%q is not a URL: %v", raw, err))
			case u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "file":
				problems = append(problems, fmt.Sprintf("%q: go accepts only https, http and file proxies", raw))
			case u.Scheme != "file" && u.Host == "":
				problems = append(problems, fmt.Sprintf("%q has no host", raw))
			}
			e.url = raw
		case !strings.ContainsAny(raw, ".:/"):
			problems = append(problems, fmt.Sprintf("%q is neither off, direct nor a proxy URL", raw))
		default:
			e.url = "https://" + raw // cmd/go's implicit scheme
		}
		entries = append(entries, e)
	}
	for i, e := range entries {
		if (e.raw == "off" || e.raw == "direct") && i < len(entries)-1 {
			problems = append(problems, fmt.Sprintf("entries after %q are never used", e.raw))
			break
		}
	}
	return entries, problems
}

// checkGOPROXY checks the list's syntax always and, with --network, that
// each proxy answers.
func checkGOPROXY(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	if len(f.gorootMissing()) > 0 {
		return brokenGOROOT() // go's defaults live in $GOROOT/go.env
	}
	val := f.Env["GOPROXY"]
	entries, problems := parseGOPROXY(val)
	ev := []string{"GOPROXY=" + val}
	fix := "go env -w GOPROXY=https://proxy.golang.org,direct (or your company's proxy first)"
	if len(problems) > 0 {
		return Result{Verdict: Fail, Evidence: append(ev, problems...), Fix: fix,
			Message: "GOPROXY is malformed: " + problems[0]}
	}
	if len(entries) == 1 && entries[0].raw == "off" {
		return Result{Verdict: Warn, Evidence: ev, Fix: fix,
			Message: "GOPROXY=off: go cannot download any module not already in the module cache"}
	}
	if f.Probes == nil {
		return ok(fmt.Sprintf("GOPROXY has %d valid entries (not contacted: use --network)", len(entries)), ev...)
	}
	var down []string
	usable := 0
	for _, e := range entries {
		if e.url == "" {
			if e.raw == "direct" {
				usable++
			}
			continue
		}
		err, probed := f.Probes[e.url]
		switch {
		case !probed:
		case err != nil:
			down = append(down, e.url)
			ev = append(ev, fmt.Sprintf("%s: %v", e.url, err))
		default:
			usable++
			ev = append(ev, e.url+": answers")
		}
	}
	switch {
	case len(down) == 0:
		return ok("every GOPROXY entry answers", ev...)
	case usable == 0:
		return Result{Verdict: Fail, Evidence: ev, Fix: "check your network, firewall and HTTPS_PROXY; or " + fix,
			Message: fmt.Sprintf("no GOPROXY entry answers (%s): module downloads fail", strings.Join(down, ", "))}
	}
	return Result{Verdict: Warn, Evidence: ev, Fix: "remove the dead proxy, or check your network and HTTPS_PROXY",
		Message: fmt.Sprintf("%s does not answer: go falls back, slowly", strings.Join(down, ", "))}
}

// knownSumDBs need no key in GOSUMDB (cmd/go knows theirs).
var knownSumDBs = map[string]bool{"sum.golang.org": true, "sum.golang.google.cn": true}

// sumdbURL returns where GOSUMDB answers and a syntax problem, if any.
func sumdbURL(val string) (string, string) {
	fields := strings.Fields(val)
	if len(fields) == 0 || len(fields) > 2 {
		return "", fmt.Sprintf("GOSUMDB %q should be NAME[+KEY] [URL]", val)
	}
	name := fields[0]
	if strings.Contains(name, "+") {
		if _, err := note.NewVerifier(name); err != nil {
			return "", fmt.Sprintf("GOSUMDB key %q is invalid: %v", name, err)
		}
		name, _, _ = strings.Cut(name, "+")
	} else if !knownSumDBs[name] {
		return "", fmt.Sprintf("GOSUMDB %q names no key, and go knows the key only of sum.golang.org", name)
	}
	if len(fields) == 2 {
		if u, err := url.Parse(fields[1]); err != nil || u.Host == "" {
			return "", fmt.Sprintf("GOSUMDB URL %q is not a URL", fields[1])
		}
		return fields[1], ""
	}
	return "https://" + name, ""
}

// checkGOSUMDB: off is a warning (no tamper check); otherwise the syntax,
// and with --network, that it answers.
func checkGOSUMDB(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	if len(f.gorootMissing()) > 0 {
		return brokenGOROOT() // go's defaults live in $GOROOT/go.env
	}
	val := f.Env["GOSUMDB"]
	ev := []string{"GOSUMDB=" + val}
	if val == "off" {
		return Result{Verdict: Warn, Evidence: ev,
			Message: "GOSUMDB=off: downloaded modules are not checked against the checksum database",
			Fix:     "go env -u GOSUMDB; list private modules in GOPRIVATE instead of turning the check off"}
	}
	u, problem := sumdbURL(val)
	if problem != "" {
		return Result{Verdict: Fail, Evidence: ev, Message: problem, Fix: "go env -u GOSUMDB (the default sum.golang.org)"}
	}
	if f.Probes == nil {
		return ok("GOSUMDB "+val+" is valid (not contacted: use --network)", ev...)
	}
	if err := f.Probes[u+"/latest"]; err != nil {
		return Result{Verdict: Fail, Evidence: append(ev, fmt.Sprintf("%s/latest: %v", u, err)),
			Message: "the checksum database does not answer: go get and go mod download fail to verify new modules",
			Fix:     "allow " + u + " through your firewall, or set GOSUMDB=\"" + val + " <a proxy that serves /sumdb/>\"; for private modules set GOPRIVATE"}
	}
	return ok("GOSUMDB "+val+" answers", ev...)
}

// checkPatterns: the comma-separated module path globs of GOPRIVATE,
// GONOPROXY, GONOSUMDB and GOINSECURE must be path.Match patterns.
func checkPatterns(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	r := ok("module path patterns are valid")
	for _, key := range []string{"GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"} {
		val := f.Env[key]
		if val == "" {
			continue
		}
		r.Evidence = append(r.Evidence, key+"="+val)
		for _, p := range strings.Split(val, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if _, err := path.Match(p, ""); err != nil {
				return Result{Verdict: Fail, Evidence: r.Evidence, Message: fmt.Sprintf("%s pattern %q is not a valid glob: %v", key, p, err),
					Fix: fmt.Sprintf("go env -w %s=... with comma-separated patterns such as *.corp.example.com,github.com/myorg", key)}
			}
			if strings.Contains(p, "://") || strings.ContainsAny(p, " \t") {
				return Result{Verdict: Fail, Evidence: r.Evidence, Message: fmt.Sprintf("%s pattern %q is a URL or has spaces: patterns match module paths like github.com/myorg/*", key, p),
					Fix: fmt.Sprintf("go env -w %s=github.com/myorg (no scheme, comma-separated)", key)}
			}
		}
	}
	return r
}

// vcsTools are what go runs for direct fetches.
var vcsTools = []string{"git", "hg", "svn", "bzr", "fossil"}

// checkVCS: with GOPROXY=direct (or private modules, which always go
// direct) go needs a version control tool.
func checkVCS(f *Facts) Result {
	if f.Env == nil {
		return goNotRunning()
	}
	entries, _ := parseGOPROXY(f.Env["GOPROXY"])
	directOnly := len(entries) > 0 && (entries[0].raw == "direct" || entries[0].raw == "off")
	private := f.Env["GOPRIVATE"] != "" || f.Env["GONOPROXY"] != ""
	var found []string
	for _, tool := range vcsTools {
		if files, _ := binwhy.OnPath(f.Host, tool); len(files) > 0 {
			found = append(found, files[0])
		}
	}
	if len(found) > 0 {
		return ok(fmt.Sprintf("version control tools on PATH: %s", strings.Join(found, ", ")))
	}
	switch {
	case directOnly:
		return Result{Verdict: Fail, Evidence: []string{"GOPROXY=" + f.Env["GOPROXY"]},
			Message: "GOPROXY fetches modules directly from their repositories, and no git, hg or svn is on PATH: every download fails",
			Fix:     "sudo apt install git (or apk add git), or go env -w GOPROXY=https://proxy.golang.org,direct"}
	case private:
		return Result{Verdict: Warn, Message: "private modules (GOPRIVATE/GONOPROXY) are fetched directly, and no git is on PATH",
			Fix: "sudo apt install git (or apk add git)"}
	}
	return ok("no version control tool on PATH; not needed while the proxy serves every module")
}
