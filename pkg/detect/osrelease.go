package detect

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// ParseOSRelease parses os-release(5): shell-style KEY=VALUE lines whose
// values may be double-quoted (with \" \\ \$ \` escapes), single-quoted or
// bare. Comments and blank lines are skipped. Lines that are not an
// assignment are counted in bad and otherwise ignored, so one stray line
// does not lose the rest.
func ParseOSRelease(s string) (vars map[string]string, bad int) {
	vars = map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !validKey(k) {
			bad++
			continue
		}
		val, ok := unquote(v)
		if !ok {
			bad++
			continue
		}
		vars[k] = val
	}
	return vars, bad
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func unquote(v string) (string, bool) {
	if v == "" {
		return "", true
	}
	switch q := v[0]; q {
	case '\'':
		if len(v) < 2 || v[len(v)-1] != '\'' || strings.ContainsRune(v[1:len(v)-1], '\'') {
			return "", false
		}
		return v[1 : len(v)-1], true
	case '"':
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			c := v[i]
			switch {
			case c == '\\' && i+1 < len(v) && strings.IndexByte("\"\\$`", v[i+1]) >= 0:
				i++
				b.WriteByte(v[i])
			case c == '"':
				return b.String(), i == len(v)-1
			default:
				b.WriteByte(c)
			}
		}
		return "", false // unterminated
	}
	if strings.ContainsAny(v, " \t\"'`$\\") {
		return "", false
	}
	return v, true
}

// idPattern is os-release's rule for ID: lower-case letters, digits, "._-".
var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9._-]+$`) })

// distroOf picks ID, VERSION_ID and PRETTY_NAME, with a warning (and
// "unknown") when ID is missing or not a valid ID.
func distroOf(file, content string) (id, version, name string, warn []string) {
	vars, bad := ParseOSRelease(content)
	if bad > 0 {
		warn = append(warn, fmt.Sprintf("%s: ignored %d line(s) that are not KEY=VALUE", file, bad))
	}
	id, version, name = vars["ID"], vars["VERSION_ID"], vars["PRETTY_NAME"]
	if !idPattern().MatchString(id) {
		warn = append(warn, fmt.Sprintf("%s has no valid ID= line: distro unknown", file))
		id = Unknown
	}
	return id, version, name, warn
}
