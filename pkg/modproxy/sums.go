package modproxy

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
)

// Sums maps "path version" (zip) and "path version/go.mod" to their h1: hash,
// as go.sum lines say.
type Sums map[string]string

// ParseGoSum reads go.sum text. Malformed lines are errors naming the
// line, as cmd/go reports them; duplicate lines with different hashes too.
func ParseGoSum(data []byte) (Sums, error) {
	s := Sums{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 || !strings.HasPrefix(f[2], "h1:") {
			return nil, fmt.Errorf("go.sum line %d: want \"module version h1:hash\", got %q", n, sc.Text())
		}
		key := f[0] + " " + f[1]
		if old, ok := s[key]; ok && old != f[2] {
			return nil, fmt.Errorf("go.sum line %d: %s listed twice with different hashes", n, key)
		}
		s[key] = f[2]
	}
	return s, sc.Err()
}

// Format writes the sums as sorted go.sum lines.
func (s Sums) Format() []byte {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s\n", k, s[k])
	}
	return []byte(b.String())
}

// sumKey returns the go.sum key of a proxy file (rel like
// "github.com/!foo/bar/@v/v1.2.3.zip"), "" for files go.sum does not cover.
func sumKey(rel string) (string, error) {
	escPath, file, ok := strings.Cut(rel, "/@v/")
	if !ok {
		return "", fmt.Errorf("%s is not a GOPROXY path", rel)
	}
	var suffix string
	switch {
	case strings.HasSuffix(file, ".zip"):
		file = strings.TrimSuffix(file, ".zip")
	case strings.HasSuffix(file, ".mod"):
		file, suffix = strings.TrimSuffix(file, ".mod"), "/go.mod"
	default:
		return "", nil
	}
	p, err := module.UnescapePath(escPath)
	if err != nil {
		return "", err
	}
	v, err := module.UnescapeVersion(file)
	if err != nil {
		return "", err
	}
	return p + " " + v + suffix, nil
}

// hashProxyFile computes the go.sum hash of a .zip or .mod proxy file.
func hashProxyFile(path string) (string, error) {
	if strings.HasSuffix(path, ".zip") {
		return dirhash.HashZip(path, dirhash.Hash1)
	}
	return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) { return os.Open(path) })
}
