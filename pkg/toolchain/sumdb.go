package toolchain

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"

	"github.com/devboot/devboot/pkg/fsutil"
)

// knownSumDBKeys are the verifier keys cmd/go knows by name.
var knownSumDBKeys = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

// sumDB parses GOSUMDB as cmd/go does: "off", a known name, "name+key"
// or "name+key URL". It returns the verifier key and the server URL.
func sumDB(gosumdb string) (key, url string, err error) {
	fields := strings.Fields(gosumdb)
	if len(fields) == 0 || len(fields) > 2 {
		return "", "", fmt.Errorf("GOSUMDB %q: want a name, name+key, or name+key URL", gosumdb)
	}
	key = fields[0]
	if k, ok := knownSumDBKeys[key]; ok {
		key = k
	}
	name, _, _ := strings.Cut(key, "+")
	if !strings.Contains(key, "+") {
		return "", "", fmt.Errorf("GOSUMDB %q: unknown database; give its key (name+hash+key)", gosumdb)
	}
	url = "https://" + name
	if len(fields) == 2 {
		url = strings.TrimSuffix(fields[1], "/")
	}
	return key, url, nil
}

// VerifyModuleZip checks a golang.org/toolchain zip against the checksum
// database: the zip's h1: hash must be the one the database signed for
// module (path@version). Like cmd/go, when GOSUMDB names no URL it asks the
// proxy first (<proxy>/sumdb/<name>/supported), so machines that only reach
// a company proxy can still verify.
func VerifyModuleZip(zipPath, module, gosumdb, proxy, cacheDir string, o FetchOptions) error {
	key, url, err := sumDB(gosumdb)
	if err != nil {
		return err
	}
	if len(strings.Fields(gosumdb)) == 1 && proxy != "" {
		name, _, _ := strings.Cut(key, "+")
		if proxied := proxy + "/sumdb/" + name; supported(o, proxied) {
			url = proxied
		}
	}
	got, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		return fmt.Errorf("%s: %w", module, err)
	}
	path, vers, _ := strings.Cut(module, "@")
	ops := &sumOps{key: key, url: url, cache: cacheDir, client: o.httpClient(), own: o.own}
	lines, err := sumdb.NewClient(ops).Lookup(path, vers)
	if err != nil {
		return fmt.Errorf("checksum database %s: %s: %w", url, module, err)
	}
	want := path + " " + vers + " "
	for _, l := range lines {
		if h, ok := strings.CutPrefix(l, want); ok {
			if h == got {
				return nil
			}
			return fmt.Errorf("%s: the checksum database says %s, the download hashes to %s: refused, nothing was installed", module, h, got)
		}
	}
	return fmt.Errorf("checksum database %s has no hash for %s", url, module)
}

// sumOps keeps the verifier key in memory and the signed tree head and
// tiles in cacheDir, so later lookups prove the log only grew.
type sumOps struct {
	key, url, cache string
	client          *http.Client
	own             func(string) error // FetchOptions.own
	mu              sync.Mutex
}

func (o *sumOps) ReadRemote(path string) ([]byte, error) {
	resp, err := o.client.Get(o.url + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s%s: %s", o.url, path, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 16<<20))
}

func (o *sumOps) file(name string) string {
	return filepath.Join(o.cache, filepath.FromSlash(name))
}

func (o *sumOps) ReadConfig(name string) ([]byte, error) {
	if name == "key" {
		return []byte(o.key), nil
	}
	data, err := os.ReadFile(o.file(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

func (o *sumOps) WriteConfig(name string, old, new []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	cur, _ := o.ReadConfig(name)
	if string(cur) != string(old) {
		return sumdb.ErrWriteConflict
	}
	return o.write(o.file(name), new)
}

// write replaces the file p, giving it and any directory made for it to
// the user.
func (o *sumOps) write(p string, data []byte) error {
	if _, err := fsutil.MkdirAll(filepath.Dir(p), 0o755, o.own); err != nil {
		return err
	}
	if err := fsutil.WriteFile(p, data, 0o644); err != nil || o.own == nil {
		return err
	}
	return o.own(p)
}

func (o *sumOps) ReadCache(name string) ([]byte, error) { return os.ReadFile(o.file("cache/" + name)) }
func (o *sumOps) WriteCache(name string, data []byte) {
	_ = o.write(o.file("cache/"+name), data) // a cache: losing an entry only costs a fetch
}
func (o *sumOps) Log(string)           {}
func (o *sumOps) SecurityError(string) {}

// supported asks a proxy whether it passes requests through to a checksum
// database, as cmd/go does.
func supported(o FetchOptions, base string) bool {
	if !strings.HasPrefix(base, "http") {
		return false
	}
	resp, err := o.httpClient().Get(base + "/supported")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
