package goenv

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// checkNetworkSetting validates GOPROXY, GOSUMDB and GOPRIVATE-like values the
// way cmd/go will read them, so a typo fails here rather than in every later
// `go get` (other keys pass).
func checkNetworkSetting(key, val string) error {
	switch key {
	case "GOPROXY":
		return checkGOPROXY(val)
	case "GOSUMDB":
		return checkGOSUMDB(val)
	case "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE":
		return checkPatterns(key, val)
	}
	return nil
}

// checkGOPROXY follows cmd/go's proxyList: entries separated by ',' or '|';
// "direct", "off" and "noproxy" are keywords, other single words are
// errors; anything else is a URL, and a scheme-less one gets https:// (so
// it must still parse as a host/path).
func checkGOPROXY(val string) error {
	fix := "use a comma-separated list of proxy URLs ending in ,direct or ,off (e.g. https://proxy.golang.org,direct)"
	for _, entry := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == '|' }) {
		entry = strings.TrimSpace(entry)
		switch entry {
		case "", "direct", "off", "noproxy":
			continue
		}
		if !strings.ContainsAny(entry, ".:/") {
			return fmt.Errorf("GOPROXY entry %q is neither direct, off nor a URL: %s", entry, fix)
		}
		raw := entry
		if !strings.Contains(entry, ":/") {
			if strings.HasPrefix(entry, "/") {
				return fmt.Errorf("GOPROXY entry %q is a path: write it as file://%s", entry, entry)
			}
			raw = "https://" + entry
		}
		u, err := url.Parse(raw)
		if err != nil {
			return fmt.Errorf("GOPROXY entry %q: %v: %s", entry, err, fix)
		}
		switch u.Scheme {
		case "https", "http":
			if u.Host == "" {
				return fmt.Errorf("GOPROXY entry %q has no host: %s", entry, fix)
			}
		case "file":
			if u.Path == "" {
				return fmt.Errorf("GOPROXY entry %q has no directory: use file:///abs/dir", entry)
			}
		default:
			return fmt.Errorf("GOPROXY entry %q: go accepts only https, http and file URLs", entry)
		}
	}
	return nil
}

// checkGOSUMDB accepts "off", "name", "name url", and keys in the
// name+hash+key form of golang.org/x/mod/sumdb/note (checked with it).
func checkGOSUMDB(val string) error {
	f := strings.Fields(val)
	if val == "off" {
		return nil
	}
	if len(f) == 0 || len(f) > 2 {
		return fmt.Errorf("GOSUMDB=%q: use off, a database name (sum.golang.org), or \"name+key https://url\"", val)
	}
	if strings.Contains(f[0], "+") {
		if _, err := note.NewVerifier(f[0]); err != nil {
			return fmt.Errorf("GOSUMDB key %q is malformed (%v): copy the whole name+hash+key from the database's operator", f[0], err)
		}
	}
	if len(f) == 2 {
		u, err := url.Parse(f[1])
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("GOSUMDB URL %q must be an http(s) URL with a host", f[1])
		}
	}
	return nil
}

// checkPatterns checks a comma-separated list of module path globs, as
// cmd/go matches them (path.Match per path prefix).
func checkPatterns(key, val string) error {
	for _, p := range strings.Split(val, ",") {
		if strings.ContainsAny(p, " \t") {
			return fmt.Errorf("%s pattern %q contains a space: separate patterns with commas only", key, p)
		}
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("%s pattern %q is not a valid glob (%v): use patterns like *.corp.example.com,github.com/org", key, p, err)
		}
	}
	return nil
}
